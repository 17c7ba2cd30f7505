/**
 * Kubernetes manifests checked against the Kubernetes API's own schema, as the `kubernetes-models`
 * package ships it (4.5.x: generated from the OpenAPI spec of Kubernetes v1.27.1, per its README's
 * badge). Two passes, because the OpenAPI schema alone is lax about one thing:
 *
 * 1. `Model.validate()` — the package's validators compiled from the OpenAPI schema: required
 *    fields, types (`containerPort` an integer, ConfigMap `data` values strings), enums and
 *    formats. It lets unknown fields through (the OpenAPI schema has no `additionalProperties:
 *    false`), which is how a typo such as `readinesProbe` would reach a cluster.
 * 2. Unknown fields: every document type-checked by TypeScript as an object literal of the
 *    package's generated interface (`IDeployment`, …), whose excess-property check names any
 *    field the API does not have — what `kubectl apply` (strict server-side field validation,
 *    the default since v1.27: kubernetes.io/docs/reference/using-api/api-concepts/#field-validation)
 *    refuses with "unknown field".
 * 3. Names: the OpenAPI schema types names as plain strings, and the API server checks them
 *    (k8s.io/apimachinery `pkg/util/validation/validation.go`, as kubernetes.io documents them),
 *    so the rules our manifests' names meet are written out below, each with its page.
 */
import path from 'node:path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import {
  HorizontalPodAutoscaler,
  type IHorizontalPodAutoscaler,
} from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { ConfigMap, type IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service, type IService } from 'kubernetes-models/v1/Service';

interface Kind {
  /** Builds the model (which validates) from a parsed document. */
  model: (doc: never) => { validate(): void };
  /** The generated interface and the module that declares it, for the unknown-field pass. */
  type: string;
  module: string;
}

/** The kinds our exports write; anything else is a problem, not a pass. */
const KINDS: Record<string, Kind> = {
  'v1/ConfigMap': {
    model: (d) => new ConfigMap(d),
    type: 'IConfigMap',
    module: 'kubernetes-models/v1/ConfigMap',
  },
  'v1/Service': {
    model: (d) => new Service(d),
    type: 'IService',
    module: 'kubernetes-models/v1/Service',
  },
  'apps/v1/Deployment': {
    model: (d) => new Deployment(d),
    type: 'IDeployment',
    module: 'kubernetes-models/apps/v1/Deployment',
  },
  'autoscaling/v2/HorizontalPodAutoscaler': {
    model: (d) => new HorizontalPodAutoscaler(d),
    type: 'IHorizontalPodAutoscaler',
    module: 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
  },
};

/** The documents of a multi-document YAML stream, or the YAML errors. */
export function kubernetesDocuments(text: string): { docs: unknown[]; problems: string[] } {
  const problems: string[] = [];
  const docs: unknown[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    for (const error of doc.errors) problems.push(`document ${i + 1}: YAML: ${error.message}`);
    docs.push(doc.toJS());
  });
  return { docs, problems };
}

function kindOf(doc: unknown): string {
  const { apiVersion, kind } = (doc ?? {}) as { apiVersion?: unknown; kind?: unknown };
  return `${String(apiVersion)}/${String(kind)}`;
}

const parsedDeclarations = new Map<string, ts.SourceFile>();
let libFile: ts.SourceFile | undefined;
/** The global types the checker itself requires, and the utility types the models use. */
const CORE_TYPES = `
interface Array<T> { length: number; [n: number]: T; }
interface ReadonlyArray<T> { readonly length: number; readonly [n: number]: T; }
interface Boolean {} interface Function {} interface CallableFunction {} interface NewableFunction {}
interface IArguments {} interface Number {} interface Object {} interface RegExp {}
interface String { readonly length: number; }
interface Date {} interface Promise<T> {}
type Record<K extends keyof any, T> = { [P in K]: T };
type Partial<T> = { [P in keyof T]?: T[P] };
type Required<T> = { [P in keyof T]-?: T[P] };
type Pick<T, K extends keyof T> = { [P in K]: T[P] };
type Exclude<T, U> = T extends U ? never : T;
type Omit<T, K extends keyof any> = Pick<T, Exclude<keyof T, K>>;
type NonNullable<T> = T & {};
type Parameters<T extends (...args: any) => any> = T extends (...args: infer P) => any ? P : never;
interface TemplateStringsArray extends ReadonlyArray<string> { readonly raw: readonly string[]; }
interface Error { name: string; message: string; }
declare var Error: { new (message?: string): Error; prototype: Error };
interface Set<T> { has(value: T): boolean; } interface Map<K, V> { get(key: K): V | undefined; }
`;
let previous: ts.Program | undefined;

/** Unknown fields and type errors, from TypeScript checking each document as its interface. */
function typeCheck(
  docs: { doc: unknown; kind: Kind; label: string }[],
  checkDeclarations = false,
): string[] {
  if (docs.length === 0) return [];
  // A virtual file beside the project's node_modules, so the imports resolve as the tests' do.
  const file = path.resolve('__kubernetes_manifest_check__.ts');
  const imports = [...new Set(docs.map((d) => d.kind))].map(
    (k) => `import type { ${k.type} } from '${k.module}';`,
  );
  const consts = docs.map(
    (d, i) => `export const doc${i}: ${d.kind.type} = ${JSON.stringify(d.doc)};`,
  );
  const source = `${[...imports, ...consts].join('\n')}\n`;
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: !checkDeclarations,
    // The interfaces need only TypeScript's core types: a few lines of declarations instead of
    // the default library, which would take most of each check's time.
    noLib: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const lib = path.resolve('__kubernetes_manifest_check_lib__.d.ts');
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, onError) => {
    if (path.resolve(name) === file) return ts.createSourceFile(name, source, language);
    if (path.resolve(name) === lib)
      return (libFile ??= ts.createSourceFile(name, CORE_TYPES, language));
    // The package's declarations parse once for every check.
    let parsed = parsedDeclarations.get(name);
    if (!parsed) {
      parsed = getSourceFile(name, language, onError);
      if (parsed) parsedDeclarations.set(name, parsed);
    }
    return parsed;
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => [file, lib].includes(path.resolve(name)) || fileExists(name);
  const program = ts.createProgram([lib, file], options, host, previous);
  previous = program;
  const sourceFile = program.getSourceFile(file)!;
  const found = checkDeclarations
    ? ts.getPreEmitDiagnostics(program)
    : ts.getPreEmitDiagnostics(program, sourceFile);
  return found.map((d) => {
    if (d.file && d.file !== sourceFile)
      return `${d.file.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    // One document per line after the imports.
    const line =
      d.start === undefined ? -1 : sourceFile.getLineAndCharacterOfPosition(d.start).line;
    const which = docs[line - imports.length]?.label ?? 'the manifest';
    return `${which}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

// kubernetes.io/docs/concepts/overview/working-with-objects/names/: an RFC 1123 label (at most
// 63 characters, lowercase alphanumerics and '-', alphanumeric at both ends), an RFC 1123
// subdomain (at most 253, such labels joined by '.'), an RFC 1035 label (a 1123 label that starts
// with a letter).
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
// kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set:
// a value is at most 63 characters, empty or alphanumeric at both ends, with '-', '_', '.' between.
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
// kubernetes.io/docs/concepts/configuration/configmap/: data keys are alphanumerics, '-', '_', '.'.
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

function nameProblems(
  label: string,
  what: string,
  value: unknown,
  rule: 'label' | 'subdomain' | '1035',
): string[] {
  if (typeof value !== 'string') return [`${label}: ${what} is not a string`];
  const [re, max, name] =
    rule === 'label'
      ? [DNS1123_LABEL, 63, 'an RFC 1123 label']
      : rule === '1035'
        ? [DNS1035_LABEL, 63, 'an RFC 1035 label (a letter first)']
        : [DNS1123_SUBDOMAIN, 253, 'an RFC 1123 subdomain'];
  return re.test(value) && value.length <= max
    ? []
    : [`${label}: ${what} "${value}" is not ${name} of at most ${max} characters`];
}

function labelProblems(label: string, where: string, labels: unknown): string[] {
  if (labels === undefined) return [];
  return Object.entries(labels as Record<string, unknown>).flatMap(([key, value]) =>
    // Keys without a prefix follow the value's rule but may not be empty.
    [key, value].flatMap((v, i) =>
      typeof v === 'string' && LABEL_VALUE.test(v) && v.length <= 63 && (i === 1 || v !== '')
        ? []
        : [
            `${label}: ${where} ${i === 0 ? 'key' : 'value'} "${String(v)}" is not a valid label ${i === 0 ? 'name' : 'value'} (at most 63 characters, alphanumeric at both ends)`,
          ],
    ),
  );
}

/** A document that passed the schema, as the kind it says it is. */
type Valid = IConfigMap | IService | IDeployment | IHorizontalPodAutoscaler;

/** The names and labels the API server checks, in the places our manifests set them. */
function namingProblems(label: string, doc: Valid): string[] {
  const p: string[] = [];
  // Services: kubernetes.io/docs/concepts/services-networking/service/ ("must be a valid RFC 1035
  // label name"). Deployments: a subdomain, but "for best compatibility, the name should follow
  // the more restrictive rules for a DNS label" (…/workloads/controllers/deployment/), since
  // its pods' hostnames come from it.
  const rule = doc.kind === 'Service' ? '1035' : doc.kind === 'Deployment' ? 'label' : 'subdomain';
  p.push(...nameProblems(label, 'metadata.name', doc.metadata?.name, rule));
  p.push(...labelProblems(label, 'metadata.labels', doc.metadata?.labels));
  switch (doc.kind) {
    case 'ConfigMap':
      for (const key of Object.keys(doc.data ?? {}))
        if (!CONFIG_KEY.test(key) || key.length > 253)
          p.push(`${label}: data key "${key}" is not a valid ConfigMap key`);
      break;
    case 'Service':
      p.push(...labelProblems(label, 'spec.selector', doc.spec?.selector));
      for (const port of doc.spec?.ports ?? []) p.push(...portName(label, port.name));
      break;
    case 'Deployment': {
      p.push(...labelProblems(label, 'spec.selector.matchLabels', doc.spec?.selector.matchLabels));
      const pod = doc.spec?.template;
      p.push(...labelProblems(label, 'spec.template.metadata.labels', pod?.metadata?.labels));
      for (const c of pod?.spec?.containers ?? []) {
        p.push(...nameProblems(label, 'container name', c.name, 'label'));
        for (const port of c.ports ?? []) p.push(...portName(label, port.name));
        for (const env of c.env ?? []) {
          const ref = env.valueFrom?.secretKeyRef;
          if (!ref) continue;
          p.push(...nameProblems(label, 'secretKeyRef.name', ref.name, 'subdomain'));
          if (!CONFIG_KEY.test(ref.key))
            p.push(`${label}: secretKeyRef.key "${ref.key}" is not a valid Secret key`);
        }
      }
      for (const v of pod?.spec?.volumes ?? []) {
        p.push(...nameProblems(label, 'volume name', v.name, 'label'));
        if (v.configMap)
          p.push(...nameProblems(label, 'volume configMap.name', v.configMap.name, 'subdomain'));
      }
      break;
    }
    case 'HorizontalPodAutoscaler':
      p.push(...nameProblems(label, 'scaleTargetRef.name', doc.spec?.scaleTargetRef.name, 'label'));
      break;
  }
  return p;
}

// A named port is an IANA_SVC_NAME (k8s.io/apimachinery validation.go IsValidPortName): at most
// 15 characters, lowercase alphanumerics and '-', a letter somewhere, no '--', no '-' at the ends.
function portName(label: string, name: unknown): string[] {
  if (name === undefined) return [];
  const ok =
    typeof name === 'string' &&
    name.length <= 15 &&
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) &&
    /[a-z]/.test(name) &&
    !name.includes('--');
  return ok ? [] : [`${label}: port name ${JSON.stringify(name)} is not an IANA service name`];
}

/**
 * What TypeScript finds wrong in the package's declarations against CORE_TYPES: empty when the
 * few core types above are all they need, so none of their types silently became `any`.
 */
export function kubernetesDeclarationProblems(): string[] {
  const docs = Object.values(KINDS).map((kind, i) => ({ doc: {}, kind, label: `probe ${i}` }));
  return typeCheck(docs, true).filter((p) => !p.startsWith('probe '));
}

/**
 * Every problem the Kubernetes schema finds in a manifest (empty when it would apply): YAML
 * errors, kinds we have no schema for, schema violations and unknown fields.
 */
export function checkKubernetesManifests(text: string): string[] {
  const { docs, problems } = kubernetesDocuments(text);
  const typed: { doc: unknown; kind: Kind; label: string }[] = [];
  docs.forEach((doc, i) => {
    const name = (doc as { metadata?: { name?: unknown } } | null)?.metadata?.name;
    const label = `document ${i + 1} (${kindOf(doc)} ${String(name)})`;
    const kind = KINDS[kindOf(doc)];
    if (!kind) {
      problems.push(`${label}: no schema here for this apiVersion/kind`);
      return;
    }
    typed.push({ doc, kind, label });
    try {
      kind.model(doc as never).validate();
    } catch (error) {
      problems.push(`${label}: ${(error as Error).message}`);
      return;
    }
    // Only a document of the schema's shape is walked for its names.
    problems.push(...namingProblems(label, doc as Valid));
  });
  return [...problems, ...typeCheck(typed)];
}
