/**
 * Hugging Face text-embeddings-inference `POST /rerank`; Bearer only when started with
 * `--api-key`.
 *
 * Verified in huggingface/text-embeddings-inference router/src/http/server.rs and types.rs:
 * - Body `{query, texts, truncate?, truncation_direction, raw_scores (default false ⇒ sigmoid),
 *   return_text}`; no `deny_unknown_fields`, so unknown fields are ignored; no model field.
 * - Response: a top-level array `[{index, score, text?}]` sorted by score, descending.
 * - Empty `texts`: "`texts` cannot be empty"; more than `--max-client-batch-size` (default 32):
 *   "batch size {n} > maximum allowed batch size {max}"; both `{error, error_type: "validation"}`
 *   with status 413 (ErrorType::Validation maps to PAYLOAD_TOO_LARGE).
 * - Auth middleware: a missing or wrong `Authorization: Bearer <key>` is a bare 401.
 * - Body parsing is axum's `Json` extractor: no JSON content type → 415, unparsable JSON → 400,
 *   a missing field or wrong type → 422, each with a plain-text message.
 * Not verified (chosen): axum's exact rejection texts (the ones its `Json` extractor is known to
 * use) and the line/column suffix of serde's messages (computed for single-line bodies);
 * truncation_direction accepted case-insensitively.
 */
import { checkBearer } from '../auth';
import { rankDocuments } from '../scoring';
import type { ProviderHandler, SimContext, SimResponse } from '../types';
import { isRecord, isStringArray, jsonType, present } from '../validate';

const validation = (error: string): SimResponse => ({
  status: 413,
  body: { error, error_type: 'validation' },
});

/** axum's rejection text for a body serde could parse as JSON but not as `RerankRequest`. */
function deserializeError(ctx: SimContext, what: string): SimResponse {
  return {
    status: 422,
    text: `Failed to deserialize the JSON body into the target type: ${what} at line 1 column ${ctx.rawBody.trimEnd().length}`,
  };
}

function rerank(ctx: SimContext): SimResponse {
  if (checkBearer(ctx.headers, ctx.key) !== 'ok') return { status: 401 };
  if (!/^application\/(.+\+)?json\b/i.test(ctx.headers['content-type'] ?? '')) {
    return { status: 415, text: 'Expected request with `Content-Type: application/json`' };
  }
  if (ctx.jsonError !== undefined) {
    return { status: 400, text: `Failed to parse the request body as JSON: ${ctx.jsonError}` };
  }
  const body = ctx.body;
  if (!isRecord(body))
    return deserializeError(ctx, `invalid type: ${jsonType(body)}, expected struct RerankRequest`);
  if (!present(body.query)) return deserializeError(ctx, 'missing field `query`');
  if (!present(body.texts)) return deserializeError(ctx, 'missing field `texts`');
  if (typeof body.query !== 'string')
    return deserializeError(ctx, `query: invalid type: ${jsonType(body.query)}, expected a string`);
  if (!isStringArray(body.texts))
    return deserializeError(ctx, 'texts: invalid type, expected a sequence of strings');
  for (const flag of ['truncate', 'raw_scores', 'return_text'] as const) {
    if (present(body[flag]) && typeof body[flag] !== 'boolean') {
      return deserializeError(
        ctx,
        `${flag}: invalid type: ${jsonType(body[flag])}, expected a boolean`,
      );
    }
  }
  const direction = body.truncation_direction;
  if (present(direction) && !(typeof direction === 'string' && /^(left|right)$/i.test(direction))) {
    return deserializeError(
      ctx,
      'truncation_direction: unknown variant, expected `Left` or `Right`',
    );
  }
  const texts = body.texts;
  if (texts.length === 0) return validation('`texts` cannot be empty');
  if (texts.length > ctx.cap)
    return validation(`batch size ${texts.length} > maximum allowed batch size ${ctx.cap}`);
  const raw = body.raw_scores === true;
  return {
    status: 200,
    body: rankDocuments(body.query, texts).map((r) => ({
      index: r.index,
      ...(body.return_text === true ? { text: texts[r.index] } : {}),
      score: raw ? r.logit : r.probability,
    })),
  };
}

export const teiHandler: ProviderHandler = (ctx) =>
  ctx.path === '/rerank' ? rerank(ctx) : undefined;
