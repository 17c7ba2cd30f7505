/**
 * What the product knows about each rerank provider, as plain data the UI, the engine and the
 * exporters share: where it lives, how it authenticates, how many documents one request may
 * carry, what its scores mean. Prices live in price-table.ts, wire formats in the Node
 * adapters.
 *
 * Numbers come from ../shared/PROVIDERS.md (providers' documentation); where a provider does
 * not document one, the field is absent rather than guessed.
 */
import type { Provider } from '../pipeline/config';
import { AWS_ENV } from './auth';

export type AuthStyle =
  /** `Authorization: Bearer <key>` */
  | { kind: 'bearer'; optional?: boolean }
  /** A named header carrying the key as is (Pinecone `Api-Key`, Azure `api-key`). */
  | { kind: 'header'; header: string; optional?: boolean }
  /** AWS Signature Version 4 (Bedrock). */
  | { kind: 'sigv4'; service: string };

export interface ProviderDescriptor {
  id: Provider;
  label: string;
  kind: 'hosted' | 'gateway' | 'self-hosted';
  /** Undefined: the user must give one (gateways, Azure). May contain `{region}` etc. */
  defaultBaseUrl?: string;
  defaultModel?: string;
  /** Suggestions for the model field; any string is accepted. */
  models: readonly string[];
  /** Largest number of documents one request may carry; larger sets are split. */
  maxDocumentsPerRequest: number;
  auth: AuthStyle;
  /** Environment variables a headless host reads the credential from, in order. */
  keyEnv: readonly string[];
  /** Native score semantics; logits are squashed with a sigmoid for comparison. */
  scoreKind: 'probability' | 'logit';
  /**
   * Whether an instruction can reach some model of this provider (Qwen3 rerankers on DeepInfra
   * and vLLM); which models, and how, is shared/providers/engine-instruction.ts.
   */
  supportsInstruction: boolean;
  defaultRateLimit: { requestsPerMinute: number; concurrency: number };
}

const HOSTED_LIMIT = { requestsPerMinute: 300, concurrency: 10 };
/** Self-hosted servers: no request-rate limit of ours (0 = none), bounded concurrency. */
const SELF_HOSTED_LIMIT = { requestsPerMinute: 0, concurrency: 10 };

export const PROVIDER_CATALOG = {
  cohere: {
    id: 'cohere',
    label: 'Cohere',
    kind: 'hosted',
    defaultBaseUrl: 'https://api.cohere.com',
    defaultModel: 'rerank-v3.5',
    models: [
      'rerank-v3.5',
      'rerank-v4.0-pro',
      'rerank-v4.0-fast',
      'rerank-english-v3.0',
      'rerank-multilingual-v3.0',
    ],
    maxDocumentsPerRequest: 1000,
    auth: { kind: 'bearer' },
    keyEnv: ['COHERE_API_KEY'],
    scoreKind: 'probability',
    supportsInstruction: false,
    defaultRateLimit: { requestsPerMinute: 1000, concurrency: 10 },
  },
  'cohere-compatible': {
    id: 'cohere-compatible',
    label: 'Cohere-compatible endpoint',
    kind: 'gateway',
    models: [],
    maxDocumentsPerRequest: 1000,
    auth: { kind: 'bearer', optional: true },
    keyEnv: ['COHERE_COMPATIBLE_API_KEY'],
    scoreKind: 'probability',
    supportsInstruction: false,
    defaultRateLimit: HOSTED_LIMIT,
  },
  heroku: {
    id: 'heroku',
    label: 'Heroku Managed Inference',
    kind: 'hosted',
    models: ['cohere-rerank-3-5', 'amazon-rerank-1-0'],
    maxDocumentsPerRequest: 1000,
    auth: { kind: 'bearer' },
    keyEnv: ['RERANK_KEY', 'HEROKU_API_KEY'],
    scoreKind: 'probability',
    supportsInstruction: false,
    defaultRateLimit: { requestsPerMinute: 200, concurrency: 10 },
  },
  azure: {
    id: 'azure',
    label: 'Azure AI Foundry (Cohere)',
    kind: 'hosted',
    models: ['Cohere-rerank-v3.5'],
    maxDocumentsPerRequest: 1000,
    auth: { kind: 'header', header: 'api-key' },
    keyEnv: ['AZURE_API_KEY'],
    scoreKind: 'probability',
    supportsInstruction: false,
    defaultRateLimit: HOSTED_LIMIT,
  },
  bedrock: {
    id: 'bedrock',
    label: 'Amazon Bedrock',
    kind: 'hosted',
    defaultBaseUrl: 'https://bedrock-agent-runtime.{region}.amazonaws.com',
    defaultModel: 'cohere.rerank-v3-5:0',
    models: ['cohere.rerank-v3-5:0', 'amazon.rerank-v1:0'],
    maxDocumentsPerRequest: 1000,
    auth: { kind: 'sigv4', service: 'bedrock' },
    keyEnv: [AWS_ENV.accessKeyId, AWS_ENV.secretAccessKey, AWS_ENV.sessionToken],
    scoreKind: 'probability',
    supportsInstruction: false,
    defaultRateLimit: HOSTED_LIMIT,
  },
  jina: {
    id: 'jina',
    label: 'Jina AI',
    kind: 'hosted',
    defaultBaseUrl: 'https://api.jina.ai',
    defaultModel: 'jina-reranker-v2-base-multilingual',
    models: [
      'jina-reranker-v3',
      'jina-reranker-v2-base-multilingual',
      'jina-reranker-m0',
      'jina-colbert-v2',
    ],
    maxDocumentsPerRequest: 1000,
    auth: { kind: 'bearer' },
    keyEnv: ['JINA_API_KEY'],
    scoreKind: 'probability',
    supportsInstruction: false,
    defaultRateLimit: { requestsPerMinute: 500, concurrency: 10 },
  },
  voyage: {
    id: 'voyage',
    label: 'Voyage AI',
    kind: 'hosted',
    defaultBaseUrl: 'https://api.voyageai.com',
    defaultModel: 'rerank-2.5',
    models: ['rerank-2.5', 'rerank-2.5-lite', 'rerank-2', 'rerank-2-lite'],
    maxDocumentsPerRequest: 1000,
    auth: { kind: 'bearer' },
    keyEnv: ['VOYAGE_API_KEY'],
    scoreKind: 'probability',
    supportsInstruction: false,
    defaultRateLimit: HOSTED_LIMIT,
  },
  mixedbread: {
    id: 'mixedbread',
    label: 'Mixedbread',
    kind: 'hosted',
    defaultBaseUrl: 'https://api.mixedbread.com',
    defaultModel: 'mixedbread-ai/mxbai-rerank-large-v2',
    models: ['mixedbread-ai/mxbai-rerank-large-v2', 'mixedbread-ai/mxbai-rerank-base-v2'],
    maxDocumentsPerRequest: 1000,
    auth: { kind: 'bearer' },
    keyEnv: ['MIXEDBREAD_API_KEY'],
    scoreKind: 'probability',
    supportsInstruction: false,
    defaultRateLimit: HOSTED_LIMIT,
  },
  pinecone: {
    id: 'pinecone',
    label: 'Pinecone Inference',
    kind: 'hosted',
    defaultBaseUrl: 'https://api.pinecone.io',
    defaultModel: 'bge-reranker-v2-m3',
    models: ['bge-reranker-v2-m3', 'pinecone-rerank-v0', 'cohere-rerank-3.5'],
    // Documented for cohere-rerank-3.5; the other models' caps are not, so the same is used.
    maxDocumentsPerRequest: 200,
    auth: { kind: 'header', header: 'Api-Key' },
    keyEnv: ['PINECONE_API_KEY'],
    scoreKind: 'probability',
    supportsInstruction: false,
    defaultRateLimit: HOSTED_LIMIT,
  },
  together: {
    id: 'together',
    label: 'Together AI',
    kind: 'hosted',
    defaultBaseUrl: 'https://api.together.xyz',
    defaultModel: 'Salesforce/Llama-Rank-V1',
    models: ['Salesforce/Llama-Rank-V1', 'mixedbread-ai/Mxbai-Rerank-Large-V2'],
    maxDocumentsPerRequest: 1000,
    auth: { kind: 'bearer' },
    keyEnv: ['TOGETHER_API_KEY'],
    scoreKind: 'probability',
    supportsInstruction: false,
    defaultRateLimit: HOSTED_LIMIT,
  },
  nvidia: {
    id: 'nvidia',
    label: 'NVIDIA NIM',
    kind: 'self-hosted',
    defaultBaseUrl: 'http://127.0.0.1:8000',
    defaultModel: 'nvidia/llama-3.2-nv-rerankqa-1b-v2',
    models: ['nvidia/llama-3.2-nv-rerankqa-1b-v2', 'nvidia/nv-rerankqa-mistral-4b-v3'],
    maxDocumentsPerRequest: 512,
    auth: { kind: 'bearer', optional: true },
    keyEnv: ['NVIDIA_API_KEY'],
    scoreKind: 'logit',
    supportsInstruction: false,
    defaultRateLimit: SELF_HOSTED_LIMIT,
  },
  vertex: {
    id: 'vertex',
    label: 'Google Vertex AI Ranking',
    kind: 'hosted',
    defaultBaseUrl: 'https://discoveryengine.googleapis.com',
    defaultModel: 'semantic-ranker-default@latest',
    models: [
      'semantic-ranker-default@latest',
      'semantic-ranker-default-004',
      'semantic-ranker-fast-004',
      'semantic-ranker-512@latest',
    ],
    maxDocumentsPerRequest: 200,
    auth: { kind: 'bearer' },
    keyEnv: ['VERTEX_ACCESS_TOKEN', 'GOOGLE_OAUTH_ACCESS_TOKEN'],
    scoreKind: 'probability',
    supportsInstruction: false,
    defaultRateLimit: HOSTED_LIMIT,
  },
  deepinfra: {
    id: 'deepinfra',
    label: 'DeepInfra',
    kind: 'hosted',
    defaultBaseUrl: 'https://api.deepinfra.com',
    defaultModel: 'Qwen/Qwen3-Reranker-0.6B',
    models: ['Qwen/Qwen3-Reranker-0.6B', 'Qwen/Qwen3-Reranker-4B', 'Qwen/Qwen3-Reranker-8B'],
    maxDocumentsPerRequest: 1000,
    auth: { kind: 'bearer' },
    keyEnv: ['DEEPINFRA_API_KEY'],
    scoreKind: 'probability',
    supportsInstruction: true,
    defaultRateLimit: HOSTED_LIMIT,
  },
  tei: {
    id: 'tei',
    label: 'Hugging Face TEI',
    kind: 'self-hosted',
    defaultBaseUrl: 'http://127.0.0.1:8080',
    models: [],
    maxDocumentsPerRequest: 32,
    auth: { kind: 'bearer', optional: true },
    keyEnv: ['TEI_API_KEY'],
    scoreKind: 'probability',
    supportsInstruction: false,
    defaultRateLimit: SELF_HOSTED_LIMIT,
  },
  infinity: {
    id: 'infinity',
    label: 'Infinity',
    kind: 'self-hosted',
    defaultBaseUrl: 'http://127.0.0.1:7997',
    defaultModel: 'mixedbread-ai/mxbai-rerank-xsmall-v1',
    models: ['mixedbread-ai/mxbai-rerank-xsmall-v1', 'BAAI/bge-reranker-base'],
    maxDocumentsPerRequest: 2048,
    auth: { kind: 'bearer', optional: true },
    keyEnv: ['INFINITY_API_KEY'],
    scoreKind: 'probability',
    supportsInstruction: false,
    defaultRateLimit: SELF_HOSTED_LIMIT,
  },
  vllm: {
    id: 'vllm',
    label: 'vLLM',
    kind: 'self-hosted',
    defaultBaseUrl: 'http://127.0.0.1:8000',
    defaultModel: 'Qwen/Qwen3-Reranker-0.6B',
    models: ['Qwen/Qwen3-Reranker-0.6B', 'BAAI/bge-reranker-v2-m3'],
    maxDocumentsPerRequest: 1000,
    auth: { kind: 'bearer', optional: true },
    keyEnv: ['VLLM_API_KEY'],
    scoreKind: 'probability',
    supportsInstruction: true,
    defaultRateLimit: SELF_HOSTED_LIMIT,
  },
  sglang: {
    id: 'sglang',
    label: 'SGLang',
    kind: 'self-hosted',
    defaultBaseUrl: 'http://127.0.0.1:30000',
    defaultModel: 'Qwen/Qwen3-Reranker-0.6B',
    models: ['Qwen/Qwen3-Reranker-0.6B', 'Qwen/Qwen3-Reranker-8B', 'BAAI/bge-reranker-v2-m3'],
    // SGLang documents no per-request cap; the same bound as vLLM keeps requests reasonable.
    maxDocumentsPerRequest: 1000,
    auth: { kind: 'bearer', optional: true },
    keyEnv: ['SGLANG_API_KEY'],
    scoreKind: 'probability',
    supportsInstruction: true,
    defaultRateLimit: SELF_HOSTED_LIMIT,
  },
  'llama-cpp': {
    id: 'llama-cpp',
    label: 'llama.cpp server',
    kind: 'self-hosted',
    defaultBaseUrl: 'http://127.0.0.1:8080',
    defaultModel: 'Qwen3-Reranker-0.6B',
    models: ['Qwen3-Reranker-0.6B', 'bge-reranker-v2-m3'],
    // No per-request cap of its own; each document is one task in the server's queue.
    maxDocumentsPerRequest: 1000,
    auth: { kind: 'bearer', optional: true },
    keyEnv: ['LLAMA_API_KEY'],
    scoreKind: 'probability',
    supportsInstruction: true,
    defaultRateLimit: SELF_HOSTED_LIMIT,
  },
} as const satisfies Partial<Record<Provider, ProviderDescriptor>>;

export type RerankProvider = keyof typeof PROVIDER_CATALOG;

export const RERANK_PROVIDERS = Object.keys(PROVIDER_CATALOG) as RerankProvider[];

export function isRerankProvider(provider: string | undefined): provider is RerankProvider {
  return provider !== undefined && provider in PROVIDER_CATALOG;
}

export function describeProvider(provider: RerankProvider): ProviderDescriptor {
  return PROVIDER_CATALOG[provider];
}
