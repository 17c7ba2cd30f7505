/**
 * DeepInfra `POST /v1/inference/{model}` for reranker models (Bearer); the model id may contain
 * a slash (`Qwen/Qwen3-Reranker-0.6B`).
 *
 * Verified: the model page sends `{"queries": [...], "documents": [...]}` and answers
 * `{scores, input_tokens, request_id, inference_status: {status, runtime_ms, cost,
 * tokens_generated, tokens_input, output_length}}` with scores in INPUT order
 * (https://deepinfra.com/Qwen/Qwen3-Reranker-0.6B/api); prices $0.010 (0.6B) and $0.050 (8B) per
 * million tokens (same pages). LiteLLM and pdfkb-mcp send one query per document ("queries and
 * documents arrays [must] have the same length").
 * Not verified (chosen): whether a single query for many documents is accepted — it is here,
 * as is one per document, anything else is 422; `instruction` passes through; unknown fields
 * (e.g. `query`) are refused; FastAPI-style 401/422 bodies; the 4B price ($0.025).
 */
import { randomUUID } from 'node:crypto';
import { checkBearer } from '../auth';
import { countTokens, sigmoid, simulatedLogit } from '../scoring';
import type { ProviderHandler, SimContext, SimResponse } from '../types';
import { checkStringList, isRecord, issue, present, pydantic422, unknownFields } from '../validate';

const FIELDS = ['queries', 'documents', 'instruction'];
const USD_PER_MILLION: Record<string, number> = {
  'Qwen/Qwen3-Reranker-0.6B': 0.01,
  'Qwen/Qwen3-Reranker-4B': 0.025,
  'Qwen/Qwen3-Reranker-8B': 0.05,
};

function rerank(ctx: SimContext, model: string): SimResponse {
  if (checkBearer(ctx.headers, ctx.key) !== 'ok')
    return { status: 401, body: { detail: 'Not authenticated' } };
  const body = ctx.body;
  if (ctx.jsonError !== undefined || !isRecord(body)) {
    return pydantic422([
      { type: 'json_invalid', loc: ['body'], msg: 'JSON decode error', input: ctx.rawBody },
    ]);
  }
  const issues = [
    ...checkStringList(body, 'queries', ctx.cap),
    ...checkStringList(body, 'documents', ctx.cap),
    ...unknownFields(body, FIELDS).map((field) => issue.extra(field, body[field])),
  ];
  if (present(body.instruction) && typeof body.instruction !== 'string') {
    issues.push(issue.type(['instruction'], 'string', body.instruction));
  }
  if (issues.length > 0) return pydantic422(issues);
  const docs = body.documents as string[];
  const qs = body.queries as string[];
  if (qs.length !== 1 && qs.length !== docs.length) {
    return pydantic422([
      {
        type: 'value_error',
        loc: ['body', 'queries'],
        msg: `Value error, queries must hold 1 query or one per document (${docs.length}), got ${qs.length}`,
        input: qs,
      },
    ]);
  }
  const queryFor = (i: number) => (qs.length === 1 ? qs[0]! : qs[i]!);
  const scores = docs.map((doc, i) => sigmoid(simulatedLogit(queryFor(i), doc)));
  const inputTokens = docs.reduce(
    (sum, doc, i) => sum + countTokens(queryFor(i)) + countTokens(doc),
    0,
  );
  const cost = (inputTokens * (USD_PER_MILLION[model] ?? 0.01)) / 1e6;
  return {
    status: 200,
    body: {
      scores,
      input_tokens: inputTokens,
      request_id: randomUUID(),
      inference_status: {
        status: 'succeeded',
        runtime_ms: 5 + docs.length,
        cost,
        tokens_generated: 0,
        tokens_input: inputTokens,
        output_length: 0,
      },
    },
  };
}

export const deepinfraHandler: ProviderHandler = (ctx) => {
  const model = /^\/v1\/inference\/(.+)$/.exec(ctx.path)?.[1];
  return model === undefined ? undefined : rerank(ctx, decodeURIComponent(model));
};
