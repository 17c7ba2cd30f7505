/**
 * NVIDIA NIM (NeMo Retriever text reranking) `POST /v1/ranking`; Bearer only when a key is set.
 *
 * Verified: body `{model, query: {text}, passages: [{text}], truncate: "NONE" | "END"}`;
 * response `{rankings: [{index, logit}]}` sorted best first, with raw logits
 * (https://docs.nvidia.com/nim/nemo-retriever/text-reranking/latest/using-reranking.html); "a
 * request can include up to 512 passages" (…/text-reranking/2.0.0/use-the-api-openai.html).
 * Not verified (chosen): FastAPI-style errors — pydantic 422 `{detail: [...]}` for validation
 * (unknown fields included) and `{detail}` for the cap; the hosted gateway's 401 body
 * `{status, title, detail}`.
 */
import { checkBearer } from '../auth';
import { rankDocuments } from '../scoring';
import type { ProviderHandler, SimContext, SimResponse } from '../types';
import {
  isRecord,
  issue,
  present,
  pydantic422,
  unknownFields,
  type PydanticIssue,
} from '../validate';

const FIELDS = ['model', 'query', 'passages', 'truncate'];

function rerank(ctx: SimContext): SimResponse {
  if (checkBearer(ctx.headers, ctx.key) !== 'ok') {
    return {
      status: 401,
      body: { status: 401, title: 'Unauthorized', detail: 'Authentication failed' },
    };
  }
  const body = ctx.body;
  if (ctx.jsonError !== undefined || !isRecord(body)) {
    return pydantic422([
      { type: 'json_invalid', loc: ['body'], msg: 'JSON decode error', input: ctx.rawBody },
    ]);
  }
  const issues: PydanticIssue[] = [];
  for (const field of ['model', 'query', 'passages'])
    if (!present(body[field])) issues.push(issue.missing(field, body));
  for (const field of unknownFields(body, FIELDS)) issues.push(issue.extra(field, body[field]));
  if (present(body.model) && typeof body.model !== 'string')
    issues.push(issue.type(['model'], 'string', body.model));
  const query = body.query;
  if (present(query) && !(isRecord(query) && typeof query.text === 'string')) {
    issues.push({
      type: 'model_type',
      loc: ['body', 'query'],
      msg: 'Input should be an object with a string `text`',
      input: query,
    });
  }
  const passages = body.passages;
  const texts: string[] = [];
  if (present(passages) && !Array.isArray(passages))
    issues.push(issue.type(['passages'], 'list', passages));
  if (Array.isArray(passages)) {
    passages.forEach((p, i) => {
      if (isRecord(p) && typeof p.text === 'string') texts.push(p.text);
      else
        issues.push({
          type: 'model_type',
          loc: ['body', 'passages', i],
          msg: 'Input should be an object with a string `text`',
          input: p,
        });
    });
    if (passages.length === 0) issues.push(issue.tooShort('passages', 1, passages));
  }
  if (present(body.truncate) && body.truncate !== 'NONE' && body.truncate !== 'END') {
    issues.push({
      type: 'enum',
      loc: ['body', 'truncate'],
      msg: "Input should be 'NONE' or 'END'",
      input: body.truncate,
    });
  }
  if (issues.length > 0) return pydantic422(issues);
  if (texts.length > ctx.cap) {
    return {
      status: 400,
      body: { detail: `Number of passages (${texts.length}) exceeds the maximum of ${ctx.cap}` },
    };
  }
  const ranked = rankDocuments((query as { text: string }).text, texts);
  return {
    status: 200,
    body: { rankings: ranked.map((r) => ({ index: r.index, logit: r.logit })) },
  };
}

export const nvidiaHandler: ProviderHandler = (ctx) =>
  ctx.path === '/v1/ranking' ? rerank(ctx) : undefined;
