/**
 * What an export is: a pipeline config turned into another system's artefact (a file, a
 * command, a request), or a sentence saying why this config cannot be expressed there. Never
 * half-broken text. Every exporter is a pure function of the config and these options.
 */
import type { ProviderAuth } from '../providers/auth';

export const EXPORT_TARGETS = [
  'json',
  'yaml',
  'curl',
  'typescript',
  'python',
  'ai-sdk',
  'langchain',
  'litellm',
  'kong',
  'bifrost',
  'cognipeer',
  'vllm',
  'tei',
  'infinity',
  'elasticsearch',
  'dockerfile',
  'compose',
  'kubernetes',
] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

export function isExportTarget(value: string): value is ExportTarget {
  return (EXPORT_TARGETS as readonly string[]).includes(value);
}

/** The kind of text, for the dialog's label and a file's extension. */
export type ExportLanguage = 'json' | 'yaml' | 'shell' | 'typescript' | 'python' | 'dockerfile';

export type ExportResult =
  | {
      target: ExportTarget;
      ok: true;
      text: string;
      /** A sensible name to save it under. */
      fileName: string;
      language: ExportLanguage;
    }
  | { target: ExportTarget; ok: false; reason: string };

/**
 * One HTTP request to the provider, as the provider adapter builds it (the Node side has the
 * adapters; this is plain data). Credentials are described, never included: the code targets
 * read them from the environment variable named here.
 */
export interface ProviderRequest {
  method: 'POST';
  url: string;
  /** Protocol headers (content type, API version), never credentials. */
  headers: Record<string, string>;
  body: unknown;
  /** shared/providers/auth.ts `describeAuth`: the same description the app's own call uses. */
  auth: { kind: 'none' } | ProviderAuth;
}

/** The query and documents the code targets send as their example. */
export interface ExportSample {
  query: string;
  documents: string[];
}

export interface ExportOptions {
  /** The provider request for this config's primary (code targets need it). */
  request?: ProviderRequest;
  /** Why that request could not be built (bad provider params, no model), when it could not. */
  requestError?: string;
  sample?: ExportSample;
  /** The port our server listens on in the Dockerfile and Kubernetes targets (default 8787). */
  port?: number;
  /** The image the Kubernetes Deployment runs (default `rerank-studio-<key>:latest`). */
  image?: string;
  /** Elasticsearch: the index and text field the retriever reranks. */
  index?: string;
  field?: string;
}

export const DEFAULT_SAMPLE: ExportSample = {
  query: 'What is the capital of France?',
  documents: [
    'Berlin is the capital of Germany.',
    'Paris is the capital and largest city of France.',
    'The Eiffel Tower is in Paris.',
  ],
};

/** What the dialog shows for each target. */
export const EXPORT_TARGET_LABELS: Record<ExportTarget, string> = {
  json: 'Pipeline config (JSON)',
  yaml: 'Pipeline config (YAML)',
  curl: 'curl',
  typescript: 'TypeScript (fetch)',
  python: 'Python (requests)',
  'ai-sdk': 'Vercel AI SDK rerank()',
  langchain: 'LangChain.js CohereRerank',
  litellm: 'LiteLLM proxy config.yaml',
  kong: 'Kong AI Gateway (decK)',
  bifrost: 'Bifrost /v1/rerank request',
  cognipeer: 'Cognipeer console reranker',
  vllm: 'vllm serve',
  tei: 'TEI docker run',
  infinity: 'Infinity docker run',
  elasticsearch: 'Elasticsearch inference + retriever',
  dockerfile: 'Dockerfile (rerank-studio serve)',
  compose: 'Docker Compose (rerank-studio serve)',
  kubernetes: 'Kubernetes Deployment + Service + autoscaler',
};
