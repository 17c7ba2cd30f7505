/**
 * Our own server, deployed: a Dockerfile that builds `rerank-studio serve` from a Rerank
 * Studio checkout with the exported config baked in, a Compose file that builds and runs it on
 * one host, and a Kubernetes ConfigMap + Deployment + Service + HorizontalPodAutoscaler that runs
 * it behind the cluster's load balancing. Every config can go here (the server runs every
 * strategy); keys and tokens come from the environment (a Secret), never from the text.
 *
 * Checked in tests by the tools that consume them (testkit/export-checkers/): the Dockerfile by
 * dockerfile-utils' linter, the Compose file by the Compose Specification's JSON schema, the
 * manifests by the Kubernetes API's OpenAPI schema (kubernetes-models); the container's command
 * line by `serve`'s own argument parser (electron/hosts/server/k8s-export.test.ts).
 */
import { Scalar, stringify as stringifyYaml } from 'yaml';
import type { PipelineConfig } from '../pipeline/config';
import { requiredEnv, withCommentHeader, withKey, yamlWithHeader, type EnvNeed } from './common';
import { exportJson } from './config-files';
import type { ExportOptions, ExportResult } from './types';

export const DEFAULT_SERVER_PORT = 8787;

/**
 * Workers per pod, said explicitly: `serve`'s default (one per core) counts the node's cores,
 * not the pod's share of them (Node 20's `os.availableParallelism()` ignores the cgroup's CPU
 * quota), so on a 64-core node it would fork 64. Two, so one worker's GC pause or crash does
 * not stall the pod; past that, the autoscaler adds pods.
 */
const WORKERS_PER_POD = 2;

/** What the image runs; the Dockerfile's CMD and the Deployment's `args` are its arguments. */
const IMAGE_ENTRYPOINT = ['node', 'bin/rerank-studio.mjs'];

/** `serve`'s arguments in a container: every address, the config folder the file is in. */
const serveArgs = (port: number, workers?: number) => [
  'serve',
  '--config',
  '/config',
  '--host',
  '0.0.0.0',
  '--port',
  String(port),
  ...(workers ? ['--workers', String(workers)] : []),
];

/** FNV-1a, 32 bits, as 8 hex digits: tells apart two long keys cut to the same prefix. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (const unit of new TextEncoder().encode(text)) hash = Math.imul(hash ^ unit, 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * The stem of the Kubernetes objects' names and the `pipeline` label's value. A Service name is
 * an RFC 1035 label, at most 63 characters and a letter first
 * (kubernetes.io/docs/concepts/services-networking/service/), a Deployment's should be a DNS
 * label (…/workloads/controllers/deployment/), a label value at most 63 characters
 * (…/overview/working-with-objects/labels/); a pipeline key is up to 80 and may start with a
 * digit. Short keys that start with a letter are used as they are; others get a `p-` in front
 * and, when cut to fit the longest suffix (`-pipeline`), a hash of the whole key.
 */
export function kubernetesStem(key: string): string {
  const stem = /^[a-z]/.test(key) ? key : `p-${key}`;
  const max = 63 - '-pipeline'.length;
  if (stem.length <= max) return stem;
  return `${stem.slice(0, max - 9).replace(/-+$/, '')}-${shortHash(key)}`;
}

function usesLocalModels(config: PipelineConfig): boolean {
  if (config.provider === 'local') return true;
  const members = config.strategy === 'fusion' ? config.params?.members : undefined;
  return (
    (config.fallbacks ?? []).some(usesLocalModels) ||
    (Array.isArray(members) && members.some((m) => usesLocalModels(m as PipelineConfig)))
  );
}

const envList = (needs: EnvNeed[]) =>
  needs.length === 0
    ? 'no provider keys'
    : needs.map((n) => `${n.name}${n.optional ? ' (optional)' : ''}`).join(', ');

export function exportDockerfile(
  config: PipelineConfig,
  options: ExportOptions = {},
): ExportResult {
  const { key, name } = withKey(config);
  const port = options.port ?? DEFAULT_SERVER_PORT;
  const file = exportJson(config);
  const fileName = file.ok ? file.fileName : `${key}.rerank.json`;
  const env = requiredEnv(config);
  const lines = [
    `# Rerank Studio server for the pipeline "${name}" (${key}), exported by Rerank Studio.`,
    `# Build from a Rerank Studio checkout with ${fileName} (the JSON export) at its root:`,
    `#   docker build -f Dockerfile.${key} -t rerank-studio-${key} .`,
    `#   docker run -p ${port}:${port} -e RERANK_STUDIO_TOKENS=… ${env.map((n) => `-e ${n.name}`).join(' ')} rerank-studio-${key}`,
    `# Environment: RERANK_STUDIO_TOKENS (comma-separated bearer tokens), ${envList(env)}.`,
    ...(usesLocalModels(config)
      ? ['# Local models: mount the models folder at /data/models (-v "$PWD/models:/data/models").']
      : []),
    // The linter checks these lines' syntax; what they mean is from docs.docker.com/reference/
    // dockerfile/ (multi-stage FROM … AS, COPY --from, USER, EXPOSE, HEALTHCHECK CMD: exit 0
    // healthy, 1 unhealthy) and the node image's own `node` user (hub.docker.com/_/node).
    'FROM node:20-bookworm-slim AS build',
    'WORKDIR /app',
    '# No Electron binary, browsers or CUDA files: the server needs none of them.',
    'ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \\',
    '    ONNXRUNTIME_NODE_INSTALL=skip ONNXRUNTIME_NODE_INSTALL_CUDA=skip',
    'COPY package.json package-lock.json ./',
    'RUN npm ci --ignore-scripts',
    'COPY . .',
    'RUN npm run build:node && npm prune --omit=dev --ignore-scripts',
    '',
    'FROM node:20-bookworm-slim',
    'WORKDIR /app',
    'ENV NODE_ENV=production RERANK_STUDIO_KEYCHAIN=off RERANK_STUDIO_DATA_DIR=/data',
    'COPY --from=build /app/package.json ./',
    'COPY --from=build /app/node_modules ./node_modules',
    'COPY --from=build /app/out/node ./out/node',
    'COPY --from=build /app/bin ./bin',
    `COPY ${fileName} /config/${fileName}`,
    'RUN mkdir -p /data && chown node:node /data',
    'USER node',
    `EXPOSE ${port}`,
    `HEALTHCHECK CMD node -e "fetch('http://127.0.0.1:${port}/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"`,
    '# SIGTERM finishes the requests in flight before the process exits.',
    // The program in ENTRYPOINT, its arguments in CMD: `docker run IMAGE serve …` and a
    // Kubernetes container's `args` replace CMD and keep ENTRYPOINT
    // (docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact).
    `ENTRYPOINT ${JSON.stringify(IMAGE_ENTRYPOINT).replaceAll(',', ', ')}`,
    `CMD ${JSON.stringify(serveArgs(port)).replaceAll(',', ', ')}`,
    '',
  ];
  return {
    target: 'dockerfile',
    ok: true,
    text: lines.join('\n'),
    fileName: `Dockerfile.${key}`,
    language: 'dockerfile',
  };
}

/**
 * Docker Compose: the Dockerfile export built and run on one host, with the keys and tokens
 * passed from the shell (or a `.env` file beside it), never written here.
 */
export function exportCompose(config: PipelineConfig, options: ExportOptions = {}): ExportResult {
  const { key, name } = withKey(config);
  const port = options.port ?? DEFAULT_SERVER_PORT;
  const env = requiredEnv(config);
  const service: Record<string, unknown> = {
    // docs.docker.com/reference/compose-file/build/: the checkout as context, our Dockerfile.
    build: { context: '.', dockerfile: `Dockerfile.${key}` },
    image: `rerank-studio-${key}`,
    // …/compose-file/services/#ports: "HOST:CONTAINER", quoted (YAML would read 60:60 as base 60).
    ports: [Object.assign(new Scalar(`${port}:${port}`), { type: Scalar.QUOTE_DOUBLE })],
    // …/compose-file/interpolation/: `${NAME:?message}` stops `docker compose up` when NAME is
    // unset or empty; a bare NAME in the list (…/services/#environment) passes the shell's value
    // when it has one, for the optional keys.
    environment: [
      'RERANK_STUDIO_TOKENS=${RERANK_STUDIO_TOKENS:?comma-separated bearer tokens}',
      ...env.map((n) => (n.optional ? n.name : `${n.name}=\${${n.name}:?${n.for} key}`)),
    ],
    ...(usesLocalModels(config) ? { volumes: ['./models:/data/models'] } : {}),
    // …/services/#stop_grace_period: as long as the Kubernetes pod's, for the drain after SIGTERM.
    stop_grace_period: '60s',
    // …/services/#restart
    restart: 'unless-stopped',
  };
  const header = [
    `Docker Compose for the pipeline "${name}" (${key}), exported by Rerank Studio.`,
    `In a Rerank Studio checkout with Dockerfile.${key} (the Dockerfile export) and ${key}.rerank.json (the JSON export) at its root:`,
    `  ${['RERANK_STUDIO_TOKENS', ...env.map((n) => n.name)].map((n) => `${n}=…`).join(' ')} docker compose -f ${key}-compose.yaml up --build`,
    `The server answers on http://127.0.0.1:${port} (POST /v1/rerank, model "${key}").`,
    ...(usesLocalModels(config)
      ? ['Local models: put them in ./models (mounted at /data/models).']
      : []),
  ];
  return {
    target: 'compose',
    ok: true,
    text: yamlWithHeader(header, { services: { [key]: service } }),
    fileName: `${key}-compose.yaml`,
    language: 'yaml',
  };
}

export function exportKubernetes(
  config: PipelineConfig,
  options: ExportOptions = {},
): ExportResult {
  const { key, name } = withKey(config);
  const port = options.port ?? DEFAULT_SERVER_PORT;
  const image = options.image ?? `rerank-studio-${key}:latest`;
  const json = exportJson(config);
  const fileName = json.ok ? json.fileName : `${key}.rerank.json`;
  const stem = kubernetesStem(key);
  const secret = `${stem}-secrets`;
  const env = [{ name: 'RERANK_STUDIO_TOKENS', optional: false }, ...requiredEnv(config)].map(
    (need) => ({
      name: need.name,
      valueFrom: {
        secretKeyRef: {
          name: secret,
          key: need.name,
          ...(need.optional ? { optional: true } : {}),
        },
      },
    }),
  );
  const labels = { app: 'rerank-studio', pipeline: stem };
  const probe = (path: string, initialDelaySeconds: number, periodSeconds: number) => ({
    httpGet: { path, port: 'http' },
    initialDelaySeconds,
    periodSeconds,
  });
  const documents = [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${stem}-pipeline`, labels },
      data: { [fileName]: json.ok ? json.text : '' },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `${stem}-rerank`, labels },
      spec: {
        // No `replicas`: the autoscaler owns the count, and a re-applied manifest that named
        // one would reset it (kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
        // "Migrating Deployments and StatefulSets to horizontal autoscaling").
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            // Longer than the server's drain of in-flight requests after SIGTERM.
            terminationGracePeriodSeconds: 60,
            containers: [
              {
                name: 'rerank-studio',
                image,
                // `args` replaces the image's CMD and keeps its ENTRYPOINT (the program)
                // (kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/).
                args: serveArgs(port, WORKERS_PER_POD),
                ports: [{ name: 'http', containerPort: port }],
                env,
                // Ready: /healthz, 503 while draining, so a terminating pod leaves the Service's
                // endpoints while it finishes its requests.
                // (kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/)
                readinessProbe: probe('/healthz', 2, 5),
                // Alive: /livez, 200 while draining too; a failing liveness probe restarts the
                // container, which a drain must not cause.
                livenessProbe: probe('/livez', 10, 10),
                // kubernetes.io/docs/concepts/configuration/manage-resources-containers/.
                resources: {
                  // A core per worker: the autoscaler's utilisation is then how busy they are.
                  // No CPU limit: throttling a burst would only add latency.
                  requests: { cpu: String(WORKERS_PER_POD), memory: '384Mi' },
                  // Three Node processes (the primary and two workers), plus the model's
                  // session in the primary for local models.
                  limits: { memory: usesLocalModels(config) ? '2Gi' : '768Mi' },
                },
                volumeMounts: [{ name: 'pipeline', mountPath: '/config', readOnly: true }],
              },
            ],
            volumes: [{ name: 'pipeline', configMap: { name: `${stem}-pipeline` } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `${stem}-rerank`, labels },
      spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    },
    {
      // autoscaling/v2 (kubernetes.io/docs/reference/kubernetes-api/autoscaling/): scale on CPU
      // against the request above. Each replica keeps its own history (none by default).
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: `${stem}-rerank`, labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `${stem}-rerank` },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
        ],
      },
    },
  ];
  const header = [
    `Kubernetes ConfigMap, Deployment, Service and HorizontalPodAutoscaler for the pipeline "${name}" (${key}), exported by Rerank Studio.`,
    `Image: the Dockerfile export, pushed as ${image}. Keys and tokens come from the Secret ${secret}:`,
    `  kubectl create secret generic ${secret} --from-literal=RERANK_STUDIO_TOKENS=… ${requiredEnv(
      config,
    )
      .map((n) => `--from-literal=${n.name}=…`)
      .join(' ')}`.trimEnd(),
    `Then: kubectl apply -f ${key}-k8s.yaml; the Service answers on port 80 (POST /v1/rerank, model "${key}").`,
    `Scaling: ${WORKERS_PER_POD} workers per pod, 2 to 10 pods at 70 % of the CPU requested (the HPA needs the metrics server).`,
  ];
  const text = withCommentHeader(
    header,
    documents
      .map((doc) => stringifyYaml(doc, { lineWidth: 0, aliasDuplicateObjects: false }))
      .join('---\n'),
  );
  return { target: 'kubernetes', ok: true, text, fileName: `${key}-k8s.yaml`, language: 'yaml' };
}
