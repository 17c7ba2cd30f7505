/**
 * The provider's own explanation of a failed call, from the error body shapes rerank APIs
 * use, so a failure reads "cohere answered 401: invalid api token" instead of a bare status.
 */

const MAX_MESSAGE_CHARS = 300;

type Json = unknown;

const isRecord = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: Json): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/**
 * Extracts a message from `message`, `error.message`, `error` (string), `detail` (string),
 * `detail.error`, `detail[0].msg` (FastAPI validation) or `errors[0].message`. A short
 * plain-text body counts as the message too; HTML error pages do not. `undefined` if none.
 */
export function providerMessage(body: string): string | undefined {
  const found = fromJson(body) ?? fromPlainText(body);
  if (found === undefined) return undefined;
  const oneLine = found.replace(/\s+/g, ' ');
  return oneLine.length > MAX_MESSAGE_CHARS ? `${oneLine.slice(0, MAX_MESSAGE_CHARS)}…` : oneLine;
}

function fromJson(body: string): string | undefined {
  let parsed: Json;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  const { message, error, detail, errors } = parsed;
  const firstDetail: Json = Array.isArray(detail) ? detail[0] : undefined;
  const firstError: Json = Array.isArray(errors) ? errors[0] : undefined;
  return (
    text(message) ??
    (isRecord(error) ? text(error.message) : text(error)) ??
    text(detail) ??
    (isRecord(detail) ? text(detail.error) : undefined) ??
    (isRecord(firstDetail) ? text(firstDetail.msg) : undefined) ??
    (isRecord(firstError) ? text(firstError.message) : undefined)
  );
}

function fromPlainText(body: string): string | undefined {
  const trimmed = body.trim();
  if (trimmed === '' || trimmed.length > MAX_MESSAGE_CHARS || /^[<{[]/.test(trimmed)) {
    return undefined;
  }
  return trimmed;
}
