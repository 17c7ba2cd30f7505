/**
 * Self-hosted rerank servers: Hugging Face TEI, Infinity and vLLM. What each needs for an
 * instruction-aware reranker is decided in shared/providers/engine-instruction.ts.
 */
import { z } from 'zod';
import { PROVIDER_CATALOG } from '../../../shared/providers/catalog';
import {
  crossEncoderEngineRefusal,
  vllmInstruction,
} from '../../../shared/providers/engine-instruction';
import {
  isQwen3Reranker,
  qwen3TemplatedDocument,
  qwen3TemplatedQuery,
} from '../../../shared/rerank/qwen3-template';
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
  // TEI takes no model field, but a config that names Qwen3 says what the server runs.
  refuseModel: (model) => crossEncoderEngineRefusal('Hugging Face TEI', model),
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
  refuseModel: (model) => crossEncoderEngineRefusal('Infinity', model),
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
 * 501 the same request is sent there (as the Bifrost gateway does).
 *
 * Qwen3-Reranker: vLLM renders no template unless started with `--chat-template`, and joins
 * query and document as they are, so by default (`template: 'client'`) Qwen's template is
 * written into the query and every document (PR #19260), the instruction in it. With
 * `template: 'server'` (`--chat-template qwen3_reranker.jinja`) the text goes plain and the
 * instruction as `chat_template_kwargs.instruction` (PR #42412). vLLM ignores unknown fields,
 * so nothing else would reach the model; other models get no instruction at all.
 */
const VllmParams = z
  .object({
    path: z.string().startsWith('/').default('/v1/rerank'),
    truncatePromptTokens: z.int().min(1).optional(),
    sendInstruction: z.boolean().default(true),
    template: z.enum(['client', 'server']).default('client'),
    serverReadsInstruction: z.boolean().default(true),
  })
  .strict();

export const vllmAdapter: ProviderAdapter<z.output<typeof VllmParams>> = {
  descriptor: PROVIDER_CATALOG.vllm,
  params: VllmParams,
  sendsInstruction: (p, model) => vllmInstruction(model, p).used,
  buildRequest(call, p) {
    const qwen3 = isQwen3Reranker(call.model);
    const clientTemplate = qwen3 && p.template === 'client';
    return {
      url: joinUrl(call.baseUrl, p.path),
      headers: JSON_HEADERS,
      body: compact({
        model: call.model,
        query: clientTemplate ? qwen3TemplatedQuery(call.instruction, call.query) : call.query,
        documents: clientTemplate ? texts(call).map(qwen3TemplatedDocument) : texts(call),
        top_n: call.topN,
        chat_template_kwargs:
          qwen3 && !clientTemplate && call.instruction
            ? { instruction: call.instruction }
            : undefined,
        truncate_prompt_tokens: p.truncatePromptTokens,
      }),
    };
  },
  fallbackUrl(request, status) {
    if (![404, 405, 501].includes(status) || !request.url.endsWith('/v1/rerank')) return undefined;
    return `${request.url.slice(0, -'/v1/rerank'.length)}/rerank`;
  },
  parseResponse(body, call) {
    const scores = fromCohereShape('vllm', body, call);
    return scores.ok ? ok({ ...scores.value, usage: tokenUsage(body) }) : scores;
  },
};
