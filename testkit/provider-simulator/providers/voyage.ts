/**
 * Voyage AI `POST /v1/rerank` (Bearer).
 *
 * Verified:
 * - Body `{query, documents: string[], model, top_k, return_documents (default false),
 *   truncation (default true)}`; response `{object: "list", data: [{index, relevance_score,
 *   document?}], model, usage: {total_tokens}}`; at most 1,000 documents; total tokens =
 *   query tokens × documents + Σ document tokens (https://docs.voyageai.com/reference/reranker-api, via PROVIDERS.md).
 * - Errors are 400 `{detail}`: "… Argument 'top_n' is not supported by our API", "Input cannot
 *   contain empty strings or empty lists"; whitespace-only documents and `top_k` above the
 *   document count are accepted (diegosouzapw/OmniRoute#7809, #7811, live-tested there); a missing
 *   model: "The request body is not valid JSON, or some arguments were not specified properly. In
 *   particular, Value 'None' supplied for argument 'model' is not a valid string"
 *   (chunkhound/chunkhound#154). 401 invalid key, 403 forbidden IP, 429 rate limit
 *   (https://docs.voyageai.com/docs/error-codes).
 * Not verified (chosen): the 401 and cap message wording; the same "In particular, …" prefix for
 * the other argument errors.
 */
import { checkBearer } from '../auth';
import { pairTokens, rankDocuments, takeTop } from '../scoring';
import type { ProviderHandler, SimContext, SimResponse } from '../types';
import { isInteger, isRecord, jsonType, present, unknownFields } from '../validate';

const FIELDS = ['query', 'documents', 'model', 'top_k', 'return_documents', 'truncation'];
const PREFIX =
  'The request body is not valid JSON, or some arguments were not specified properly. In particular, ';

const bad = (text: string): SimResponse => ({ status: 400, body: { detail: `${PREFIX}${text}` } });

function rerank(ctx: SimContext): SimResponse {
  const auth = checkBearer(ctx.headers, ctx.key);
  if (auth !== 'ok') return { status: 401, body: { detail: 'Provided API key is invalid.' } };
  const body = ctx.body;
  if (ctx.jsonError !== undefined || !isRecord(body)) {
    return { status: 400, body: { detail: 'The request body is not valid JSON.' } };
  }
  const unknown = unknownFields(body, FIELDS)[0];
  if (unknown !== undefined) return bad(`Argument '${unknown}' is not supported by our API`);
  if (typeof body.model !== 'string') {
    return bad(
      `Value '${present(body.model) ? JSON.stringify(body.model) : 'None'}' supplied for argument 'model' is not a valid string`,
    );
  }
  if (typeof body.query !== 'string') {
    return bad(
      `Value '${present(body.query) ? JSON.stringify(body.query) : 'None'}' supplied for argument 'query' is not a valid string`,
    );
  }
  const docs = body.documents;
  if (!Array.isArray(docs) || docs.some((d) => typeof d !== 'string')) {
    return bad(
      `Value of type '${jsonType(docs)}' supplied for argument 'documents' is not a list of strings`,
    );
  }
  const texts = docs as string[];
  if (body.query === '' || texts.length === 0 || texts.includes('')) {
    return { status: 400, body: { detail: 'Input cannot contain empty strings or empty lists' } };
  }
  if (texts.length > ctx.cap)
    return bad(`the number of documents cannot exceed ${ctx.cap}, got ${texts.length}`);
  if (present(body.top_k) && (!isInteger(body.top_k) || body.top_k < 1)) {
    return bad(
      `Value '${JSON.stringify(body.top_k)}' supplied for argument 'top_k' is not a positive integer`,
    );
  }
  for (const flag of ['return_documents', 'truncation'] as const) {
    if (present(body[flag]) && typeof body[flag] !== 'boolean') {
      return bad(
        `Value '${JSON.stringify(body[flag])}' supplied for argument '${flag}' is not a valid boolean`,
      );
    }
  }
  const ranked = takeTop(rankDocuments(body.query, texts), body.top_k as number | undefined);
  return {
    status: 200,
    body: {
      object: 'list',
      data: ranked.map((r) => ({
        index: r.index,
        relevance_score: r.probability,
        ...(body.return_documents === true ? { document: texts[r.index] } : {}),
      })),
      model: body.model,
      usage: { total_tokens: pairTokens(body.query, texts) },
    },
  };
}

export const voyageHandler: ProviderHandler = (ctx) =>
  ctx.path === '/v1/rerank' ? rerank(ctx) : undefined;
