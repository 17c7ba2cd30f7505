/**
 * SGLang `POST /v1/rerank`; Bearer only when launched with `--api-key`.
 *
 * Verified in sgl-project/sglang docs/supported_models/rerank_models.md,
 * python/sglang/srt/entrypoints/openai/{protocol,serving_rerank}.py and PR #16403:
 * - `V1RerankReqInput {query, documents, instruct?, top_n?, return_documents = true}` on a plain
 *   pydantic `BaseModel`: unknown fields (`model`, `instruction`) are ignored.
 * - The answer is a top-level array `[{score, document?, index, meta_info?}]` sorted by score;
 *   `document` only with `return_documents`; `top_n` cuts it.
 * - "Query cannot be empty", "Documents cannot be empty", "Each document must be a non-empty
 *   string" from `_validate_request`, as `ErrorResponse {object: "error", message, type, param,
 *   code}` with status 400.
 * - Qwen3-Reranker runs as a decoder-only yes/no scorer with `--chat-template
 *   examples/chat_template/qwen3_reranker.jinja` (the documented launch, served here): the
 *   template is rendered around the text with `instruct`, or its default instruction.
 * Not verified (chosen): the 401 body; what a server launched without the template does with a
 * Qwen3 model (not simulated); FastAPI's 422 for wrong types.
 */
import { checkBearer } from '../auth';
import {
  isSimQwen3,
  qwen3Prompt,
  rankQwen3Prompts,
  SIM_QWEN3_DEFAULT_INSTRUCTION,
} from '../qwen3-model';
import { rankDocuments } from '../scoring';
import type { ProviderHandler, SimContext, SimResponse } from '../types';
import { checkQueryAndStrings, isInteger, isRecord, present, pydantic422 } from '../validate';

const DEFAULT_MODEL = 'Qwen/Qwen3-Reranker-0.6B';

const badRequest = (message: string): SimResponse => ({
  status: 400,
  body: { object: 'error', message, type: 'BadRequest', param: null, code: 400 },
});

function rerank(ctx: SimContext): SimResponse {
  if (checkBearer(ctx.headers, ctx.key) !== 'ok')
    return { status: 401, body: { error: 'Unauthorized' } };
  const body = ctx.body;
  if (ctx.jsonError !== undefined || !isRecord(body)) {
    return pydantic422([
      { type: 'json_invalid', loc: ['body'], msg: 'JSON decode error', input: ctx.rawBody },
    ]);
  }
  if (Array.isArray(body.documents) && body.documents.length === 0)
    return badRequest('Documents cannot be empty');
  const issues = checkQueryAndStrings(body, 'documents', { cap: ctx.cap });
  if (present(body.instruct) && typeof body.instruct !== 'string') {
    issues.push({
      type: 'string_type',
      loc: ['body', 'instruct'],
      msg: 'Input should be a valid string',
      input: body.instruct,
    });
  }
  if (issues.length > 0) return pydantic422(issues);
  const query = body.query as string;
  const docs = body.documents as string[];
  if (!query.trim()) return badRequest('Query cannot be empty or whitespace only');
  if (docs.some((doc) => !doc.trim()))
    return badRequest('Each document cannot be empty or whitespace only');
  const model = typeof body.model === 'string' ? body.model : DEFAULT_MODEL;
  const instruction =
    typeof body.instruct === 'string' && body.instruct !== ''
      ? body.instruct
      : SIM_QWEN3_DEFAULT_INSTRUCTION;
  const ranked = isSimQwen3(model)
    ? rankQwen3Prompts(docs.map((doc) => qwen3Prompt(instruction, query, doc)))
    : rankDocuments(query, docs);
  const topN = isInteger(body.top_n) && body.top_n > 0 ? body.top_n : docs.length;
  const withDocuments = body.return_documents !== false;
  return {
    status: 200,
    body: ranked.slice(0, topN).map((r) => ({
      score: r.probability,
      ...(withDocuments ? { document: docs[r.index] } : {}),
      index: r.index,
      meta_info: null,
    })),
  };
}

export const sglangHandler: ProviderHandler = (ctx) =>
  ctx.path === '/v1/rerank' ? rerank(ctx) : undefined;
