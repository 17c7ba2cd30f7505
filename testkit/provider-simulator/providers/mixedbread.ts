/**
 * Mixedbread `POST /v1/reranking` (Bearer).
 *
 * Verified: body `{model (default mixedbread-ai/mxbai-rerank-large-v2), query (≤ 32,000 chars),
 * input (1–1000 strings or objects), rank_fields, top_k, return_input (default false),
 * rewrite_query (default false)}`; response `{object: "list", model, top_k, return_input, data:
 * [{index, score, input?}], usage}`
 * (https://www.mixedbread.com/api-reference/endpoints/reranking/rerank-documents, as recorded in PROVIDERS.md). Status codes:
 * 401 bad key, 422 validation error (https://www.mixedbread.com/api-reference/error-handling).
 * Not verified (chosen): the error bodies are FastAPI-style (`{detail}`; pydantic items for 422);
 * unknown fields such as `documents` or `top_n` are rejected as extra_forbidden; `usage` is
 * `{prompt_tokens, total_tokens}`; `rank_fields` is read as top-level keys (not full JMESPath);
 * objects without `rank_fields` are ranked on their JSON text; `top_k` echoes the request or,
 * when absent, the number of inputs.
 */
import { checkBearer } from '../auth';
import { pairTokens, rankDocuments, takeTop } from '../scoring';
import type { ProviderHandler, SimContext, SimResponse } from '../types';
import {
  isInteger,
  isRecord,
  isStringArray,
  issue,
  present,
  pydantic422,
  unknownFields,
  type PydanticIssue,
} from '../validate';

const FIELDS = ['model', 'query', 'input', 'rank_fields', 'top_k', 'return_input', 'rewrite_query'];
const DEFAULT_MODEL = 'mixedbread-ai/mxbai-rerank-large-v2';

function inputText(item: unknown, rankFields: string[] | undefined): string | undefined {
  if (typeof item === 'string') return item;
  if (!isRecord(item)) return undefined;
  if (rankFields === undefined) return JSON.stringify(item);
  return rankFields
    .map((f) => (typeof item[f] === 'string' ? item[f] : JSON.stringify(item[f] ?? '')))
    .join('\n');
}

function rerank(ctx: SimContext): SimResponse {
  if (checkBearer(ctx.headers, ctx.key) !== 'ok') {
    return { status: 401, body: { detail: 'Invalid or missing API key' } };
  }
  const body = ctx.body;
  if (ctx.jsonError !== undefined || !isRecord(body)) {
    return pydantic422([
      { type: 'json_invalid', loc: ['body'], msg: 'JSON decode error', input: ctx.rawBody },
    ]);
  }
  const issues: PydanticIssue[] = [];
  for (const field of ['query', 'input'])
    if (!present(body[field])) issues.push(issue.missing(field, body));
  for (const field of unknownFields(body, FIELDS)) issues.push(issue.extra(field, body[field]));
  if (present(body.model) && typeof body.model !== 'string')
    issues.push(issue.type(['model'], 'string', body.model));
  if (present(body.query) && typeof body.query !== 'string')
    issues.push(issue.type(['query'], 'string', body.query));
  if (typeof body.query === 'string' && (body.query.length === 0 || body.query.length > 32_000)) {
    issues.push({
      type: 'string_length',
      loc: ['body', 'query'],
      msg: 'String should have between 1 and 32000 characters',
      input: body.query,
    });
  }
  const rankFields = isStringArray(body.rank_fields) ? body.rank_fields : undefined;
  if (present(body.rank_fields) && rankFields === undefined) {
    issues.push(issue.type(['rank_fields'], 'list', body.rank_fields));
  }
  const input = body.input;
  const texts: string[] = [];
  if (present(input) && !Array.isArray(input)) issues.push(issue.type(['input'], 'list', input));
  if (Array.isArray(input)) {
    input.forEach((item, i) => {
      const text = inputText(item, rankFields);
      if (text === undefined) issues.push(issue.type(['input', i], 'string', item));
      else texts.push(text);
    });
    if (input.length === 0) issues.push(issue.tooShort('input', 1, input));
    if (input.length > ctx.cap) issues.push(issue.tooLong('input', ctx.cap, input));
  }
  if (present(body.top_k) && (!isInteger(body.top_k) || body.top_k < 1)) {
    issues.push({
      type: 'greater_than_equal',
      loc: ['body', 'top_k'],
      msg: 'Input should be greater than or equal to 1',
      input: body.top_k,
    });
  }
  for (const flag of ['return_input', 'rewrite_query'] as const) {
    if (present(body[flag]) && typeof body[flag] !== 'boolean')
      issues.push(issue.type([flag], 'bool', body[flag]));
  }
  if (issues.length > 0) return pydantic422(issues);

  const query = body.query as string;
  const items = input as unknown[];
  const topK = body.top_k as number | undefined;
  const ranked = takeTop(rankDocuments(query, texts), topK);
  const tokens = pairTokens(query, texts);
  return {
    status: 200,
    body: {
      object: 'list',
      model: typeof body.model === 'string' ? body.model : DEFAULT_MODEL,
      top_k: topK ?? items.length,
      return_input: body.return_input === true,
      data: ranked.map((r) => ({
        index: r.index,
        score: r.probability,
        ...(body.return_input === true ? { input: items[r.index] } : {}),
      })),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
  };
}

export const mixedbreadHandler: ProviderHandler = (ctx) =>
  ctx.path === '/v1/reranking' ? rerank(ctx) : undefined;
