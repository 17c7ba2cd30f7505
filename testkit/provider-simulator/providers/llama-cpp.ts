/**
 * llama.cpp `llama-server --rerank` at `/rerank`, `/v1/rerank`, `/reranking`, `/v1/reranking`;
 * Bearer only when started with `--api-key`.
 *
 * Verified in ggml-org/llama.cpp tools/server (handle_rerank, format_prompt_rerank,
 * format_response_rerank) and PR #20009:
 * - Fields are read one by one (`json_value`): `query` (a string, else 400 "\"query\" must be
 *   provided" / "must be a string"), `documents` (or TEI's `texts`; empty → 400 "\"documents\"
 *   must be a non-empty string array"), `top_n` (default all). Anything else is ignored.
 * - Each pair is the GGUF's `rerank` template with `{query}` and `{document}` filled in; the
 *   official converter writes Qwen3-Reranker's, with the default instruction. PR #20009 (open)
 *   adds a `rerank_instruct` template filled with a request's `instruction`; simulated when
 *   started with `engines.llamaCppRerankInstruct`, ignored otherwise.
 * - Jina-shaped answer `{model, object: "list", usage: {prompt_tokens, total_tokens}, results:
 *   [{index, relevance_score}]}`, sorted by score, cut to `top_n`.
 * Not verified (chosen): the error body's exact fields (`{error: {code, message, type}}`, the
 *   server's OpenAI-style shape); scores as probabilities for Qwen3, logits for cross-encoders.
 */
import { checkBearer } from '../auth';
import {
  isSimQwen3,
  qwen3Prompt,
  rankQwen3Prompts,
  SIM_QWEN3_DEFAULT_INSTRUCTION,
} from '../qwen3-model';
import { pairTokens, rankDocuments } from '../scoring';
import type { ProviderHandler, SimContext, SimResponse } from '../types';
import { isInteger, isRecord, isStringArray } from '../validate';

const PATHS = ['/rerank', '/v1/rerank', '/reranking', '/v1/reranking'];
const DEFAULT_MODEL = 'Qwen3-Reranker-0.6B';

const invalid = (message: string): SimResponse => ({
  status: 400,
  body: { error: { code: 400, message, type: 'invalid_request_error' } },
});

function rerank(ctx: SimContext): SimResponse {
  if (checkBearer(ctx.headers, ctx.key) !== 'ok') {
    return {
      status: 401,
      body: { error: { code: 401, message: 'Invalid API Key', type: 'authentication_error' } },
    };
  }
  const body = ctx.body;
  if (ctx.jsonError !== undefined || !isRecord(body)) return invalid('Invalid JSON body');
  if (body.query === undefined) return invalid('"query" must be provided');
  if (typeof body.query !== 'string') return invalid('"query" must be a string');
  const docs = body.documents ?? body.texts;
  if (!isStringArray(docs) || docs.length === 0)
    return invalid('"documents" must be a non-empty string array');
  const query = body.query;
  const model = typeof body.model === 'string' ? body.model : DEFAULT_MODEL;
  const instruction =
    ctx.options.engines.llamaCppRerankInstruct === true &&
    typeof body.instruction === 'string' &&
    body.instruction !== ''
      ? body.instruction
      : SIM_QWEN3_DEFAULT_INSTRUCTION;
  const qwen3 = isSimQwen3(model);
  const ranked = qwen3
    ? rankQwen3Prompts(docs.map((doc) => qwen3Prompt(instruction, query, doc)))
    : rankDocuments(query, docs);
  const topN = isInteger(body.top_n) && body.top_n >= 0 ? body.top_n : docs.length;
  const tokens = pairTokens(query, docs);
  return {
    status: 200,
    body: {
      model,
      object: 'list',
      usage: { prompt_tokens: tokens, total_tokens: tokens },
      results: ranked.slice(0, topN).map((r) => ({
        index: r.index,
        relevance_score: qwen3 ? r.probability : r.logit,
      })),
    },
  };
}

export const llamaCppHandler: ProviderHandler = (ctx) =>
  PATHS.includes(ctx.path) ? rerank(ctx) : undefined;
