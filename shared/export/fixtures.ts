/**
 * Configs the export tests run through every target, and the provider requests the Node side
 * builds for them with the real adapters (electron/export checks that it still does).
 */
import type { PipelineConfig } from '../pipeline/config';
import type { ExportSample, ProviderRequest } from './types';
import { qwen3TemplatedDocument, qwen3TemplatedQuery } from '../rerank/qwen3-template';

export const SAMPLE: ExportSample = {
  query: "What is the capital of France? (it's Paris)",
  documents: ['Berlin is the capital of Germany.', 'Paris is the capital of France.'],
};

const bm25: PipelineConfig = { version: 1, name: 'bm25', strategy: 'heuristic' };

export const EXPORT_CASES = {
  bm25: {
    version: 1,
    name: 'BM25 tuned',
    strategy: 'heuristic',
    params: { method: 'bm25', k1: 0.9, b: 0.4 },
  },
  cohere: {
    version: 1,
    name: 'Cohere v3.5',
    description: 'hosted Cohere with a Jina and a BM25 fallback',
    strategy: 'dedicated-model',
    provider: 'cohere',
    model: 'rerank-v3.5',
    topN: 5,
    maxTokensPerDoc: 2048,
    fallbacks: [
      {
        version: 1,
        name: 'jina',
        strategy: 'dedicated-model',
        provider: 'jina',
        model: 'jina-reranker-v2-base-multilingual',
      },
      bm25,
    ],
  },
  bedrock: {
    version: 1,
    name: 'Bedrock Cohere',
    strategy: 'dedicated-model',
    provider: 'bedrock',
    model: 'cohere.rerank-v3-5:0',
    params: { region: 'us-west-2' },
  },
  qwen3: {
    version: 1,
    name: 'Qwen3 on vLLM',
    strategy: 'dedicated-model',
    provider: 'vllm',
    model: 'Qwen/Qwen3-Reranker-0.6B',
    baseUrl: 'http://127.0.0.1:8000',
    instruction: 'Prefer official sources',
  },
  tei: {
    version: 1,
    name: 'BGE on TEI',
    strategy: 'dedicated-model',
    provider: 'tei',
    model: 'BAAI/bge-reranker-base',
    baseUrl: 'http://127.0.0.1:8080',
  },
  local: {
    version: 1,
    name: 'MiniLM',
    strategy: 'dedicated-model',
    provider: 'local',
    model: 'Xenova/ms-marco-MiniLM-L-6-v2',
    params: { dtype: 'q8' },
  },
  judge: {
    version: 1,
    name: 'Judge',
    strategy: 'llm-judge',
    provider: 'openai-compatible',
    model: 'llama3.1:8b',
    baseUrl: 'http://127.0.0.1:11434/v1',
    instruction: 'recent first',
    params: {
      scale: { min: 0, max: 3 },
      promptTemplate: 'Rate it.\n{instruction}\nQuery: {query}\nDocument: {document}\n{scale}',
    },
  },
  fusion: {
    version: 1,
    name: 'Hybrid',
    strategy: 'fusion',
    params: {
      method: 'rrf',
      members: [
        bm25,
        { version: 1, name: 'cohere', strategy: 'dedicated-model', provider: 'cohere' },
      ],
    },
  },
} satisfies Record<string, PipelineConfig>;

export type ExportCase = keyof typeof EXPORT_CASES;

/** What the adapters build for the code targets, given {@link SAMPLE}. */
export const EXPORT_REQUESTS: Partial<Record<ExportCase, ProviderRequest>> = {
  cohere: {
    method: 'POST',
    url: 'https://api.cohere.com/v2/rerank',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: {
      model: 'rerank-v3.5',
      query: SAMPLE.query,
      documents: SAMPLE.documents,
      top_n: 5,
      max_tokens_per_doc: 2048,
    },
    auth: {
      kind: 'header',
      header: 'Authorization',
      prefix: 'Bearer ',
      env: 'COHERE_API_KEY',
      optional: false,
    },
  },
  bedrock: {
    method: 'POST',
    url: 'https://bedrock-agent-runtime.us-west-2.amazonaws.com/rerank',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: {
      queries: [{ type: 'TEXT', textQuery: { text: SAMPLE.query } }],
      sources: SAMPLE.documents.map((text) => ({
        type: 'INLINE',
        inlineDocumentSource: { type: 'TEXT', textDocument: { text } },
      })),
      rerankingConfiguration: {
        type: 'BEDROCK_RERANKING_MODEL',
        bedrockRerankingConfiguration: {
          numberOfResults: 2,
          modelConfiguration: {
            modelArn: 'arn:aws:bedrock:us-west-2::foundation-model/cohere.rerank-v3-5:0',
          },
        },
      },
    },
    auth: { kind: 'sigv4', region: 'us-west-2', service: 'bedrock' },
  },
  qwen3: {
    method: 'POST',
    url: 'http://127.0.0.1:8000/v1/rerank',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    // Qwen's template written into the text: vLLM without --chat-template applies none.
    body: {
      model: 'Qwen/Qwen3-Reranker-0.6B',
      query: qwen3TemplatedQuery('Prefer official sources', SAMPLE.query),
      documents: SAMPLE.documents.map(qwen3TemplatedDocument),
    },
    auth: {
      kind: 'header',
      header: 'Authorization',
      prefix: 'Bearer ',
      env: 'VLLM_API_KEY',
      optional: true,
    },
  },
  tei: {
    method: 'POST',
    url: 'http://127.0.0.1:8080/rerank',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: { query: SAMPLE.query, texts: SAMPLE.documents, raw_scores: false, return_text: false },
    auth: {
      kind: 'header',
      header: 'Authorization',
      prefix: 'Bearer ',
      env: 'TEI_API_KEY',
      optional: true,
    },
  },
};
