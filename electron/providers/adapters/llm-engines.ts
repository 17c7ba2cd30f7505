/**
 * Serving engines that run LLM rerankers such as Qwen3-Reranker natively: SGLang and
 * llama.cpp's server. Whether the instruction reaches the model is decided in
 * shared/providers/engine-instruction.ts, the same place the column reads it from.
 */
import { z } from 'zod';
import { PROVIDER_CATALOG } from '../../../shared/providers/catalog';
import {
  llamaCppInstruction,
  sglangInstruction,
} from '../../../shared/providers/engine-instruction';
import { isQwen3Reranker } from '../../../shared/rerank/qwen3-template';
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

/**
 * SGLang `POST /v1/rerank` (docs/supported_models/rerank_models.md; `V1RerankReqInput`):
 * `{query, documents, instruct?, top_n?, return_documents (default true)}` → a top-level array
 * `[{score, document?, index, meta_info?}]` sorted by score. Qwen3-Reranker needs the server
 * launched with `--chat-template examples/chat_template/qwen3_reranker.jinja` (PR #16403), which
 * renders Qwen's template around the text and puts `instruct` in it.
 */
const SglangParams = z.object({ sendInstruction: z.boolean().default(true) }).strict();

export const sglangAdapter: ProviderAdapter<z.output<typeof SglangParams>> = {
  descriptor: PROVIDER_CATALOG.sglang,
  params: SglangParams,
  sendsInstruction: (p, model) => sglangInstruction(model, p).used,
  buildRequest: (call) => ({
    url: joinUrl(call.baseUrl, '/v1/rerank'),
    headers: JSON_HEADERS,
    body: compact({
      model: call.model,
      query: call.query,
      documents: texts(call),
      instruct: isQwen3Reranker(call.model) ? call.instruction : undefined,
      top_n: call.topN,
      return_documents: false,
    }),
  }),
  parseResponse: (body, call) =>
    readScores('sglang', body, call, { list: null, index: 'index', score: 'score' }),
};

/**
 * llama.cpp `llama-server --rerank` (alias `/rerank`, `/v1/rerank`; tools/server handle_rerank):
 * `{query, documents, top_n}` → Jina-shaped `{model, object, usage: {prompt_tokens,
 * total_tokens}, results: [{index, relevance_score}]}`, sorted. The GGUF's `rerank` template
 * gives Qwen3 its prompt; `instruction` is read only by servers with PR #20009 whose GGUF has a
 * `rerank_instruct` template (`params.instructTemplate`), and sent only then.
 * Scores: a cross-encoder's rank head gives a raw logit (llama.cpp PR #9510 discussion);
 * Qwen3's two-label yes/no head gives a probability.
 */
const LlamaCppParams = z.object({ instructTemplate: z.boolean().default(false) }).strict();

export const llamaCppAdapter: ProviderAdapter<z.output<typeof LlamaCppParams>> = {
  descriptor: PROVIDER_CATALOG['llama-cpp'],
  params: LlamaCppParams,
  sendsInstruction: (p, model) => llamaCppInstruction(model, p).used,
  scoreKind: (_, model) => (isQwen3Reranker(model) ? 'probability' : 'logit'),
  buildRequest: (call) => ({
    url: joinUrl(call.baseUrl, '/v1/rerank'),
    headers: JSON_HEADERS,
    body: compact({
      model: call.model,
      query: call.query,
      documents: texts(call),
      top_n: call.topN,
      instruction: call.instruction,
    }),
  }),
  parseResponse(body, call) {
    const parsed = fromCohereShape('llama-cpp', body, call);
    return parsed.ok ? ok({ ...parsed.value, usage: tokenUsage(body) }) : parsed;
  },
};
