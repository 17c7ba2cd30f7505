/**
 * Infinity (michaelfeil/infinity) `POST /rerank`; Bearer only when started with an API key.
 *
 * Verified in libs/infinity_emb/infinity_emb/fastapi_schemas/pymodels.py and errors.py:
 * - `RerankInput {query, documents (1..2048 strings), return_documents = false, raw_scores =
 *   false, model = "default/not-specified", top_n > 0 | None}` — a plain pydantic model, so
 *   unknown fields are ignored and violations are FastAPI 422 `{detail: [...]}`.
 * - `ReRankResult {object: "rerank", results: [{relevance_score, index, document?}], model,
 *   usage: {prompt_tokens, total_tokens}, id: "infinity-<uuid>", created}`; `document` is the
 *   document STRING, not `{text}`.
 * - OpenAI-style errors from the server: `{error: {message, type, param, code}}`.
 * Not verified (chosen): the 401 message and type; results sorted best first (Cohere protocol).
 */
import { randomUUID } from 'node:crypto';
import { checkBearer } from '../auth';
import { pairTokens, rankDocuments, takeTop } from '../scoring';
import type { ProviderHandler, SimContext, SimResponse } from '../types';
import { checkQueryAndStrings, isInteger, isRecord, present, pydantic422 } from '../validate';

function rerank(ctx: SimContext): SimResponse {
  if (checkBearer(ctx.headers, ctx.key) !== 'ok') {
    return {
      status: 401,
      body: {
        error: {
          message: 'Invalid or missing API Key',
          type: 'InvalidAPIKey',
          param: null,
          code: 401,
        },
      },
    };
  }
  const body = ctx.body;
  if (ctx.jsonError !== undefined || !isRecord(body)) {
    return pydantic422([
      { type: 'json_invalid', loc: ['body'], msg: 'JSON decode error', input: ctx.rawBody },
    ]);
  }
  const issues = checkQueryAndStrings(body, 'documents', { cap: ctx.cap });
  if (present(body.top_n) && (!isInteger(body.top_n) || body.top_n <= 0)) {
    issues.push({
      type: 'greater_than',
      loc: ['body', 'top_n'],
      msg: 'Input should be greater than 0',
      input: body.top_n,
    });
  }
  if (issues.length > 0) return pydantic422(issues);
  // pydantic's INPUT_STRING strips whitespace before the model sees the text.
  const query = (body.query as string).trim();
  const docs = (body.documents as string[]).map((d) => d.trim());
  const ranked = takeTop(rankDocuments(query, docs), body.top_n as number | undefined);
  const tokens = pairTokens(query, docs);
  return {
    status: 200,
    body: {
      object: 'rerank',
      results: ranked.map((r) => ({
        relevance_score: body.raw_scores === true ? r.logit : r.probability,
        index: r.index,
        ...(body.return_documents === true ? { document: docs[r.index] } : {}),
      })),
      model: typeof body.model === 'string' ? body.model : 'default/not-specified',
      usage: { prompt_tokens: tokens, total_tokens: tokens },
      id: `infinity-${randomUUID()}`,
      created: Math.floor(Date.now() / 1000),
    },
  };
}

export const infinityHandler: ProviderHandler = (ctx) =>
  ctx.path === '/rerank' ? rerank(ctx) : undefined;
