/**
 * The export checkers refuse what their tools refuse: each rule gets a file that breaks it,
 * made from a real export, and the test names the problem the checker must report (and that
 * the unbroken file has none). shared/export/consumers.test.ts runs them over every export.
 */
import { describe, expect, it } from 'vitest';
import { edited, editedManifest, exported, type Json } from './broken-exports';
import { checkComposeFile } from './compose';
import { containerArgv } from './container';
import { checkDockerfile, execForm } from './dockerfile';
import { checkKubernetesManifests, kubernetesDeclarationProblems } from './kubernetes';

/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment,
   @typescript-eslint/no-unsafe-return -- the tests reach into parsed YAML to break it on purpose. */

describe('the Kubernetes checker', () => {
  const manifest = exported('cohere', 'kubernetes');
  const container = (doc: Json) => doc.spec.template.spec.containers[0] as Json;

  it('passes the export, and its minimal core types leave none of the models’ types unresolved', () => {
    expect(checkKubernetesManifests(manifest)).toEqual([]);
    expect(kubernetesDeclarationProblems()).toEqual([]);
  });

  it.each<[string, string, (doc: Json) => void, RegExp]>([
    [
      'a wrong field type',
      'Deployment',
      (d) => (container(d).ports[0].containerPort = '8787'),
      /containerPort must be integer/,
    ],
    [
      'a ConfigMap value that is not a string',
      'ConfigMap',
      (d) => (d.data.extra = 3),
      /data\/extra must be string/,
    ],
    [
      'a missing required field',
      'Deployment',
      (d) => delete d.spec.selector,
      /must have required property selector/,
    ],
    [
      'a quantity that is neither a string nor a number',
      'Deployment',
      (d) => (container(d).resources.requests.cpu = true),
      /requests\/cpu must match exactly one schema in "oneOf"/,
    ],
    [
      'an unknown (misspelt) field',
      'Deployment',
      (d) => (container(d).readinesProbe = container(d).readinessProbe),
      /'"readinesProbe"' does not exist in type 'IContainer'/,
    ],
    [
      'a Service name that starts with a digit',
      'Service',
      (d) => (d.metadata.name = '2026-rerank'),
      /metadata.name "2026-rerank" is not an RFC 1035 label/,
    ],
    [
      'a Deployment name over 63 characters',
      'Deployment',
      (d) => (d.metadata.name = 'a'.repeat(64)),
      /is not an RFC 1123 label of at most 63/,
    ],
    [
      'a label value over 63 characters',
      'Service',
      (d) => (d.metadata.labels.pipeline = 'p'.repeat(64)),
      /value "p{64}" is not a valid label value/,
    ],
    [
      'a port name over 15 characters',
      'Deployment',
      (d) => (container(d).ports[0].name = 'http-rerank-server'),
      /port name "http-rerank-server" is not an IANA service name/,
    ],
    [
      'a ConfigMap key with a slash',
      'ConfigMap',
      (d) => (d.data['a/b.json'] = '{}'),
      /data key "a\/b.json" is not a valid ConfigMap key/,
    ],
  ])('refuses %s', (_what, kind, edit, problem) => {
    const problems = checkKubernetesManifests(editedManifest(manifest, kind, edit));
    expect(problems.join('\n')).toMatch(problem);
  });

  it('refuses a kind it has no schema for, rather than passing it', () => {
    expect(checkKubernetesManifests('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n')).toEqual([
      'document 1 (v1/Pod x): no schema here for this apiVersion/kind',
    ]);
  });
});

describe('the Dockerfile checker', () => {
  const dockerfile = exported('cohere', 'dockerfile');

  it('passes the export', () => expect(checkDockerfile(dockerfile)).toEqual([]));

  it.each<[string, (text: string) => string, RegExp]>([
    [
      'an unknown instruction',
      (t) => t.replace('USER node', 'USR node'),
      /Unknown instruction: USR/,
    ],
    [
      'a port that is not a number',
      (t) => t.replace('EXPOSE 8787', 'EXPOSE http'),
      /Invalid containerPort: http/,
    ],
    [
      'a duration without a unit',
      (t) => t.replace('HEALTHCHECK CMD', 'HEALTHCHECK --interval=5 CMD'),
      /missing unit in duration 5/,
    ],
    ['a second ENTRYPOINT', (t) => `${t}ENTRYPOINT ["node"]\n`, /ENTRYPOINT/],
    [
      'a relative WORKDIR',
      (t) => t.replace('WORKDIR /app', 'WORKDIR app'),
      /WORKDIR paths should be absolute/,
    ],
    [
      'a lowercase instruction',
      (t) => t.replace('USER node', 'user node'),
      /Instructions should be written in uppercase/,
    ],
    [
      'exec form in single quotes',
      (t) =>
        t.replace(
          'ENTRYPOINT ["node", "bin/rerank-studio.mjs"]',
          "ENTRYPOINT ['node', 'bin/rerank-studio.mjs']",
        ),
      /JSON/,
    ],
  ])('refuses %s', (_what, edit, problem) => {
    expect(checkDockerfile(edit(dockerfile)).join('\n')).toMatch(problem);
  });

  it('combines ENTRYPOINT and CMD with an orchestrator’s overrides as Docker and Kubernetes do', () => {
    expect(execForm(dockerfile, 'ENTRYPOINT')).toEqual(['node', 'bin/rerank-studio.mjs']);
    expect(containerArgv(dockerfile).slice(0, 3)).toEqual([
      'node',
      'bin/rerank-studio.mjs',
      'serve',
    ]);
    expect(containerArgv(dockerfile, { args: ['serve', '--help'] })).toEqual([
      'node',
      'bin/rerank-studio.mjs',
      'serve',
      '--help',
    ]);
    expect(containerArgv(dockerfile, { entrypoint: ['sh'] })).toEqual(['sh']);
  });
});

describe('the Compose checker', () => {
  const compose = exported('local', 'compose');
  const service = (doc: Json) => doc.services.minilm as Json;

  it('passes the export', () => expect(checkComposeFile(compose)).toEqual([]));

  it.each<[string, (doc: Json) => void, RegExp]>([
    [
      'an unknown service field',
      (d) => (service(d).restrat = 'always'),
      /must NOT have additional properties \(restrat\)/,
    ],
    [
      'ports that are not a list',
      (d) => (service(d).ports = 8787),
      /\/services\/minilm\/ports must be array/,
    ],
    [
      'a duration Compose cannot parse',
      (d) => (service(d).stop_grace_period = '60 seconds'),
      /stop_grace_period must match format "duration"/,
    ],
    [
      'an unknown top-level section',
      (d) => (d.service = d.services),
      /must NOT have additional properties \(service\)/,
    ],
    [
      'a service name with a space',
      (d) => (d.services['mini lm'] = service(d)),
      /must NOT have additional properties \(mini lm\)/,
    ],
  ])('refuses %s', (_what, edit, problem) => {
    expect(checkComposeFile(edited(compose, edit)).join('\n')).toMatch(problem);
  });
});
