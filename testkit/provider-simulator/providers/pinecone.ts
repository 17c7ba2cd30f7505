/**
 * Pinecone Inference `POST /rerank` (`Api-Key` header, `X-Pinecone-API-Version`).
 *
 * Verified:
 * - Body `{model, query, documents: [{text, …}], top_n, return_documents, rank_fields,
 *   parameters: {truncate}}`; response `data: [{index, score, document}]` (AnswerDotAI/rerankers
 *   mappings; LangChain PineconeRerank — both via PROVIDERS.md); `return_documents` defaults to true and `top_n` to the
 *   number of documents (pinecone-io/go-pinecone#80); cohere-rerank-3.5 takes at most 200
 *   documents (https://docs.pinecone.io/guides/inference/rerank, via PROVIDERS.md).
 * - Error body `{error: {code, message}, status}` with codes INVALID_ARGUMENT (400),
 *   UNAUTHENTICATED (401) … (https://docs.pinecone.io/reference/api/errors; the generated
 *   `ErrorResponseErrorCodeEnum` of @pinecone-database/pinecone).
 * Not verified (chosen): the message texts; `usage: {rerank_units: 1}`; a missing
 *   X-Pinecone-API-Version is refused (Pinecone may fall back to a default version — being strict
 *   makes sure adapters pin one); unknown fields and string documents are refused.
 */
import { checkHeaderKey } from '../auth';
import { rankDocuments, takeTop } from '../scoring';
import type { ProviderHandler, SimContext, SimResponse } from '../types';
import { isInteger, isRecord, isStringArray, present, unknownFields } from '../validate';

const FIELDS = [
  'model',
  'query',
  'documents',
  'top_n',
  'return_documents',
  'rank_fields',
  'parameters',
];

const pineconeError = (status: number, code: string, message: string): SimResponse => ({
  status,
  body: { error: { code, message }, status },
});
const invalid = (message: string) => pineconeError(400, 'INVALID_ARGUMENT', message);

function rerank(ctx: SimContext): SimResponse {
  const auth = checkHeaderKey(ctx.headers, 'Api-Key', ctx.key);
  if (auth !== 'ok') {
    return pineconeError(
      401,
      'UNAUTHENTICATED',
      auth === 'missing' || auth === 'wrong-style' ? 'Missing Api-Key header.' : 'Invalid API Key',
    );
  }
  if (ctx.headers['x-pinecone-api-version'] === undefined) {
    return invalid('Missing required header: X-Pinecone-API-Version');
  }
  const body = ctx.body;
  if (ctx.jsonError !== undefined || !isRecord(body)) {
    return invalid(`Invalid request body: ${ctx.jsonError ?? 'expected a JSON object'}`);
  }
  const unknown = unknownFields(body, FIELDS)[0];
  if (unknown !== undefined) return invalid(`Invalid request body: unknown field \`${unknown}\``);
  if (typeof body.model !== 'string' || body.model === '')
    return invalid('Missing required field: model');
  if (typeof body.query !== 'string' || body.query === '')
    return invalid('Missing required field: query');
  const docs = body.documents;
  if (!Array.isArray(docs) || docs.length === 0)
    return invalid('Missing required field: documents');
  if (docs.length > ctx.cap) {
    return invalid(
      `Request contains ${docs.length} documents, but the maximum for model ${body.model} is ${ctx.cap}.`,
    );
  }
  if (
    present(body.rank_fields) &&
    (!isStringArray(body.rank_fields) || body.rank_fields.length === 0)
  ) {
    return invalid('rank_fields must be a non-empty list of strings');
  }
  const rankFields = isStringArray(body.rank_fields) ? body.rank_fields : ['text'];
  const texts: string[] = [];
  for (const [i, doc] of docs.entries()) {
    if (!isRecord(doc))
      return invalid(`Document at index ${i} must be an object, e.g. {"text": "..."}`);
    const missing = rankFields.find((field) => typeof doc[field] !== 'string');
    if (missing !== undefined)
      return invalid(`Document at index ${i} is missing the rank field '${missing}'`);
    texts.push(rankFields.map((field) => doc[field] as string).join('\n'));
  }
  if (present(body.top_n) && (!isInteger(body.top_n) || body.top_n < 1)) {
    return invalid('top_n must be a positive integer');
  }
  if (present(body.return_documents) && typeof body.return_documents !== 'boolean') {
    return invalid('return_documents must be a boolean');
  }
  const ranked = takeTop(rankDocuments(body.query, texts), body.top_n as number | undefined);
  const withDocuments = body.return_documents !== false;
  return {
    status: 200,
    body: {
      model: body.model,
      data: ranked.map((r) => ({
        index: r.index,
        score: r.probability,
        ...(withDocuments ? { document: docs[r.index] as unknown } : {}),
      })),
      usage: { rerank_units: 1 },
    },
  };
}

export const pineconeHandler: ProviderHandler = (ctx) =>
  ctx.path === '/rerank' ? rerank(ctx) : undefined;
