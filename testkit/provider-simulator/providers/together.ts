/**
 * Together AI `POST /v1/rerank` (Bearer), "compatible with Cohere Rerank".
 *
 * Verified: body `{model, query, documents (strings or JSON objects), top_n, return_documents,
 * rank_fields}`; response `{id, model, results: [{index, relevance_score}], usage:
 * {prompt_tokens, completion_tokens, total_tokens}}` (vercel/ai
 * packages/togetherai/src/reranking/togetherai-reranking-api.ts, via PROVIDERS.md;
 * https://docs.together.ai/docs/inference/embeddings/rerank).
 * Not verified (chosen): OpenAI-style errors `{error: {message, type, param, code}}` with
 * OpenAI's wording ("Unrecognized request argument supplied: …", "Invalid API key provided…");
 * `object: "rerank"`; `document: {text}` (objects echoed as sent) when return_documents is true;
 * completion_tokens 0.
 */
import { randomUUID } from 'node:crypto';
import { checkBearer } from '../auth';
import { pairTokens, rankDocuments, takeTop } from '../scoring';
import type { ProviderHandler, SimContext, SimResponse } from '../types';
import {
  asDocumentObject,
  isInteger,
  isRecord,
  isStringArray,
  present,
  unknownFields,
} from '../validate';

const FIELDS = ['model', 'query', 'documents', 'top_n', 'return_documents', 'rank_fields'];

const openAiError = (
  status: number,
  message: string,
  code: string | null,
  param: string | null = null,
): SimResponse => ({
  status,
  body: { error: { message, type: 'invalid_request_error', param, code } },
});
const invalid = (message: string, param: string | null = null) =>
  openAiError(400, message, null, param);

function rerank(ctx: SimContext): SimResponse {
  if (checkBearer(ctx.headers, ctx.key) !== 'ok') {
    return openAiError(
      401,
      'Invalid API key provided. You can find your API key at https://api.together.xyz/settings/api-keys.',
      'invalid_api_key',
    );
  }
  const body = ctx.body;
  if (ctx.jsonError !== undefined || !isRecord(body))
    return invalid('We could not parse the JSON body of your request.');
  const unknown = unknownFields(body, FIELDS)[0];
  if (unknown !== undefined)
    return invalid(`Unrecognized request argument supplied: ${unknown}`, unknown);
  if (typeof body.model !== 'string' || body.model === '')
    return invalid('model is required', 'model');
  if (typeof body.query !== 'string' || body.query === '')
    return invalid('query must be a non-empty string', 'query');
  const docs = body.documents;
  if (!Array.isArray(docs) || docs.length === 0)
    return invalid('documents must be a non-empty list', 'documents');
  if (docs.length > ctx.cap) {
    return invalid(
      `too many documents: ${docs.length} given, at most ${ctx.cap} are allowed`,
      'documents',
    );
  }
  const rankFields = isStringArray(body.rank_fields) ? body.rank_fields : undefined;
  const texts: string[] = [];
  for (const [i, doc] of docs.entries()) {
    if (typeof doc === 'string') texts.push(doc);
    else if (isRecord(doc)) {
      const fields = rankFields ?? Object.keys(doc);
      texts.push(
        fields
          .map((f) => `${f}: ${typeof doc[f] === 'string' ? doc[f] : JSON.stringify(doc[f])}`)
          .join('\n'),
      );
    } else return invalid(`documents[${i}] must be a string or an object`, 'documents');
  }
  if (present(body.top_n) && (!isInteger(body.top_n) || body.top_n < 1)) {
    return invalid('top_n must be a positive integer', 'top_n');
  }
  const ranked = takeTop(rankDocuments(body.query, texts), body.top_n as number | undefined);
  const tokens = pairTokens(body.query, texts);
  return {
    status: 200,
    body: {
      id: randomUUID(),
      object: 'rerank',
      model: body.model,
      results: ranked.map((r) => ({
        index: r.index,
        relevance_score: r.probability,
        ...(body.return_documents === true
          ? {
              document: asDocumentObject(docs[r.index]),
            }
          : {}),
      })),
      usage: { prompt_tokens: tokens, completion_tokens: 0, total_tokens: tokens },
    },
  };
}

export const togetherHandler: ProviderHandler = (ctx) =>
  ctx.path === '/v1/rerank' ? rerank(ctx) : undefined;
