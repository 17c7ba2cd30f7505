/**
 * vLLM's rerank API at `/rerank`, `/v1/rerank` and `/v2/rerank`; Bearer only when started with
 * `--api-key`.
 *
 * Verified in vllm-project/vllm vllm/entrypoints/pooling/score/{protocol,api_router}.py and
 * vllm/entrypoints/openai/engine/protocol.py:
 * - `RerankRequest {model?, query, documents, top_n = 0 (all), truncate_prompt_tokens ≥ -1,
 *   priority, use_activation, …}` on an `OpenAIBaseModel` with `extra="allow"`: unknown fields
 *   are accepted and ignored.
 * - Qwen3-Reranker (see ../qwen3-model.ts): vllm/entrypoints/pooling/scoring/io_processor.py
 *   applies a template "only when one is explicitly provided" (`--chat-template`, PR #30550);
 *   otherwise an LLM reranker's prompt is `query + document`, no separator — which is why
 *   vLLM's docs tell clients to send `query_template` / `document_template` (PR #19260). A
 *   top-level `instruction` then reaches nothing. With `--chat-template qwen3_reranker.jinja`
 *   the server renders the template; since PR #42412 (2026-05) the request's
 *   `chat_template_kwargs.instruction` (or `instruct`), or a top-level `instruction` folded into
 *   it, fills `<Instruct>`, else the template's default. Older servers with the flag ignore
 *   both; the newest behaviour is the one served here.
 * - `RerankResponse {id, model, usage: {total_tokens}, results: [{index, document: {text},
 *   relevance_score}]}` — the document is always included.
 * - Errors are `ErrorResponse {error: {message, type, param, code}}` with the HTTP status taken
 *   from `error.code`. (Older releases sent `{object: "error", message, type, param, code}`; the
 *   current nested shape is the one served here.)
 * Not verified (chosen): 400 "BadRequestError" for request validation and for empty or too many
 * documents; the `--api-key` middleware's 401 body `{error: "Unauthorized"}`.
 */
import { randomUUID } from 'node:crypto';
import { checkBearer } from '../auth';
import {
  isSimQwen3,
  qwen3Prompt,
  rankQwen3Prompts,
  SIM_QWEN3_DEFAULT_INSTRUCTION,
} from '../qwen3-model';
import { pairTokens, rankDocuments, type Scored } from '../scoring';
import type { ProviderHandler, SimContext, SimResponse } from '../types';
import { isInteger, isRecord, isStringArray, present } from '../validate';

const PATHS = ['/rerank', '/v1/rerank', '/v2/rerank'];
const DEFAULT_MODEL = 'Qwen/Qwen3-Reranker-0.6B';

const badRequest = (message: string, param: string | null = null): SimResponse => ({
  status: 400,
  body: { error: { message, type: 'BadRequestError', param, code: 400 } },
});

function rerank(ctx: SimContext): SimResponse {
  if (checkBearer(ctx.headers, ctx.key) !== 'ok')
    return { status: 401, body: { error: 'Unauthorized' } };
  const body = ctx.body;
  if (ctx.jsonError !== undefined || !isRecord(body))
    return badRequest(`JSON decode error: ${ctx.jsonError ?? 'expected an object'}`);
  if (typeof body.query !== 'string')
    return badRequest('query: Field required (a string)', 'query');
  if (!isStringArray(body.documents))
    return badRequest('documents: Input should be a valid list of strings', 'documents');
  if (present(body.model) && typeof body.model !== 'string')
    return badRequest('model: Input should be a valid string', 'model');
  if (present(body.top_n) && (!isInteger(body.top_n) || body.top_n < 0)) {
    return badRequest('top_n: Input should be a non-negative integer', 'top_n');
  }
  const tpt = body.truncate_prompt_tokens;
  if (present(tpt) && (!isInteger(tpt) || tpt < -1)) {
    return badRequest(
      'truncate_prompt_tokens: Input should be greater than or equal to -1',
      'truncate_prompt_tokens',
    );
  }
  const docs = body.documents;
  if (docs.length === 0) return badRequest('documents must not be empty', 'documents');
  if (docs.length > ctx.cap)
    return badRequest(`too many documents: ${docs.length} > ${ctx.cap}`, 'documents');
  const topN = isInteger(body.top_n) && body.top_n > 0 ? body.top_n : docs.length;
  const logits = body.use_activation === false;
  const model = typeof body.model === 'string' ? body.model : DEFAULT_MODEL;
  const ranked = isSimQwen3(model)
    ? rankQwen3(ctx, body, body.query, docs)
    : rankDocuments(body.query, docs);
  return {
    status: 200,
    body: {
      id: `rerank-${randomUUID().replaceAll('-', '')}`,
      model,
      usage: { total_tokens: pairTokens(body.query, docs) },
      results: ranked.slice(0, topN).map((r) => ({
        index: r.index,
        document: { text: docs[r.index] },
        relevance_score: logits ? r.logit : r.probability,
      })),
    },
  };
}

/** The instruction a `--chat-template` server renders: kwargs first, then the top-level field. */
function templateInstruction(body: Record<string, unknown>): string {
  const kwargs = isRecord(body.chat_template_kwargs) ? body.chat_template_kwargs : {};
  for (const value of [kwargs.instruction, kwargs.instruct, body.instruction]) {
    if (typeof value === 'string' && value !== '') return value;
  }
  return SIM_QWEN3_DEFAULT_INSTRUCTION;
}

/** Qwen3's scores for the prompts this server builds: templated by it, or concatenated. */
function rankQwen3(
  ctx: SimContext,
  body: Record<string, unknown>,
  query: string,
  docs: readonly string[],
): Scored[] {
  if (ctx.options.engines.vllmChatTemplate !== 'qwen3') {
    return rankQwen3Prompts(docs.map((doc) => query + doc));
  }
  const instruction = templateInstruction(body);
  return rankQwen3Prompts(docs.map((doc) => qwen3Prompt(instruction, query, doc)));
}

export const vllmHandler: ProviderHandler = (ctx) =>
  PATHS.includes(ctx.path) ? rerank(ctx) : undefined;
