/**
 * Jina AI `POST /v1/rerank` (Bearer).
 *
 * Verified: body `{model, query, documents (string | {text} | {image}), top_n,
 * return_documents}`; response `{model, usage: {total_tokens}, results: [{index,
 * relevance_score, document?: {text}}]}` (OpenAPI mirror
 * https://raw.githubusercontent.com/api-evangelist/jina-ai/refs/heads/main/openapi/jina-ai-reranker-openapi.yml, as recorded in PROVIDERS.md);
 * `return_documents` now defaults to false (langgenius/dify-official-plugins#1799).
 * Not verified (chosen): the error bodies — FastAPI-style `{detail}` with pydantic 422 items for
 * validation, `{detail}` 401 for auth; unknown fields are rejected (422 extra_forbidden) to
 * catch misspelt parameters; the wording of the cap error.
 */
import { checkBearer } from '../auth';
import { pairTokens, rankDocuments, takeTop } from '../scoring';
import type { ProviderHandler, SimContext, SimResponse } from '../types';
import {
  issue,
  isRecord,
  present,
  pydantic422,
  unknownFields,
  type PydanticIssue,
} from '../validate';

const FIELDS = ['model', 'query', 'documents', 'top_n', 'return_documents'];

/** A Jina document is a string, `{text}` or `{image}` (ranked on its text, images on none). */
function documentText(doc: unknown): string | undefined {
  if (typeof doc === 'string') return doc;
  if (isRecord(doc) && typeof doc.text === 'string') return doc.text;
  if (isRecord(doc) && typeof doc.image === 'string') return '';
  return undefined;
}

function rerank(ctx: SimContext): SimResponse {
  const auth = checkBearer(ctx.headers, ctx.key);
  if (auth !== 'ok') {
    return {
      status: 401,
      body: { detail: auth === 'missing' ? 'Not authenticated' : 'Invalid API key' },
    };
  }
  const body = ctx.body;
  if (ctx.jsonError !== undefined || !isRecord(body)) {
    return pydantic422([
      { type: 'json_invalid', loc: ['body'], msg: 'JSON decode error', input: ctx.rawBody },
    ]);
  }
  const issues: PydanticIssue[] = [];
  for (const field of ['model', 'query', 'documents']) {
    if (!present(body[field])) issues.push(issue.missing(field, body));
  }
  for (const field of unknownFields(body, FIELDS)) issues.push(issue.extra(field, body[field]));
  if (present(body.model) && typeof body.model !== 'string')
    issues.push(issue.type(['model'], 'string', body.model));
  if (present(body.query) && typeof body.query !== 'string')
    issues.push(issue.type(['query'], 'string', body.query));
  const docs = body.documents;
  const texts: string[] = [];
  if (present(docs) && !Array.isArray(docs)) issues.push(issue.type(['documents'], 'list', docs));
  if (Array.isArray(docs)) {
    docs.forEach((doc, i) => {
      const text = documentText(doc);
      if (text === undefined) issues.push(issue.type(['documents', i], 'string', doc));
      else texts.push(text);
    });
    if (docs.length === 0) issues.push(issue.tooShort('documents', 1, docs));
  }
  const topN = body.top_n;
  if (present(topN) && (typeof topN !== 'number' || !Number.isInteger(topN) || topN < 1)) {
    issues.push({
      type: 'greater_than_equal',
      loc: ['body', 'top_n'],
      msg: 'Input should be a positive integer',
      input: topN,
    });
  }
  if (issues.length > 0) return pydantic422(issues);
  if (texts.length > ctx.cap) {
    return {
      status: 400,
      body: { detail: `Number of documents (${texts.length}) exceeds the limit of ${ctx.cap}` },
    };
  }
  const query = body.query as string;
  const ranked = takeTop(rankDocuments(query, texts), topN as number | undefined);
  const withDocuments = body.return_documents === true;
  return {
    status: 200,
    body: {
      model: body.model,
      usage: { total_tokens: pairTokens(query, texts) },
      results: ranked.map((r) => ({
        index: r.index,
        relevance_score: r.probability,
        ...(withDocuments ? { document: { text: texts[r.index] } } : {}),
      })),
    },
  };
}

export const jinaHandler: ProviderHandler = (ctx) =>
  ctx.path === '/v1/rerank' ? rerank(ctx) : undefined;
