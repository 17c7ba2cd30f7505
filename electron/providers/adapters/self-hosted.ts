/**
 * Self-hosted rerank servers: Hugging Face TEI, Infinity and vLLM.
 */
import { z } from 'zod';
import { PROVIDER_CATALOG } from '../../../shared/providers/catalog';
import { ok } from '../../../shared/util/result';
import {
  compact,
  fromCohereShape,
  joinUrl,
  JSON_HEADERS,
  readScores,
  texts,
  tokenUsage,
} from '../adapter-kit';
import type { ProviderAdapter } from '../types';

/** TEI `/rerank`: `texts`, no model field (one model per server), a bare array back. */
const TeiParams = z
  .object({
    /** Logits instead of sigmoid probabilities. */
    rawScores: z.boolean().default(false),
    truncate: z.boolean().optional(),
    truncationDirection: z.enum(['Left', 'Right']).optional(),
  })
  .strict();

export const teiAdapter: ProviderAdapter<z.output<typeof TeiParams>> = {
  descriptor: PROVIDER_CATALOG.tei,
  params: TeiParams,
  requiresModel: false,
  scoreKind: (p) => (p.rawScores ? 'logit' : 'probability'),
  buildRequest: (call, p) => ({
    url: joinUrl(call.baseUrl, '/rerank'),
    headers: JSON_HEADERS,
    body: compact({
      query: call.query,
      texts: texts(call),
      raw_scores: p.rawScores,
      truncate: p.truncate,
      truncation_direction: p.truncationDirection,
      return_text: false,
    }),
  }),
  parseResponse: (body, call) =>
    readScores('tei', body, call, { list: null, index: 'index', score: 'score' }),
};

/** Infinity `/rerank`: Cohere-shaped. */
const InfinityParams = z
  .object({ rawScores: z.boolean().default(false), returnDocuments: z.boolean().optional() })
  .strict();
export const infinityAdapter: ProviderAdapter<z.output<typeof InfinityParams>> = {
  descriptor: PROVIDER_CATALOG.infinity,
  params: InfinityParams,
  scoreKind: (p) => (p.rawScores ? 'logit' : 'probability'),
  buildRequest: (call, p) => ({
    url: joinUrl(call.baseUrl, '/rerank'),
    headers: JSON_HEADERS,
    body: compact({
      model: call.model,
      query: call.query,
      documents: texts(call),
      top_n: call.topN,
      return_documents: p.returnDocuments ?? false,
      raw_scores: p.rawScores,
    }),
  }),
  parseResponse(body, call) {
    const parsed = fromCohereShape('infinity', body, call);
    return parsed.ok ? ok({ ...parsed.value, usage: tokenUsage(body) }) : parsed;
  },
};

/**
 * vLLM's Jina/Cohere-style `/v1/rerank`; older servers only have `/rerank`, so on 404, 405 or
 * 501 the same request is sent there (as the Bifrost gateway does). Qwen3 rerankers take the
 * instruction as a top-level `instruction` field.
 */
const VllmParams = z
  .object({
    path: z.string().startsWith('/').default('/v1/rerank'),
    truncatePromptTokens: z.int().min(1).optional(),
    sendInstruction: z.boolean().default(true),
  })
  .strict();

export const vllmAdapter: ProviderAdapter<z.output<typeof VllmParams>> = {
  descriptor: PROVIDER_CATALOG.vllm,
  params: VllmParams,
  sendsInstruction: (p) => p.sendInstruction,
  buildRequest: (call, p) => ({
    url: joinUrl(call.baseUrl, p.path),
    headers: JSON_HEADERS,
    body: compact({
      model: call.model,
      query: call.query,
      documents: texts(call),
      top_n: call.topN,
      instruction: p.sendInstruction ? call.instruction : undefined,
      truncate_prompt_tokens: p.truncatePromptTokens,
    }),
  }),
  fallbackUrl(request, status) {
    if (![404, 405, 501].includes(status) || !request.url.endsWith('/v1/rerank')) return undefined;
    return `${request.url.slice(0, -'/v1/rerank'.length)}/rerank`;
  },
  parseResponse(body, call) {
    const scores = fromCohereShape('vllm', body, call);
    return scores.ok ? ok({ ...scores.value, usage: tokenUsage(body) }) : scores;
  },
};
