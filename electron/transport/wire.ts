/** Building blocks of the wire record: redacted, size-capped copies of what went over the wire. */
import { redactKnownSecrets, redactText } from '../../shared/security/redact';

/**
 * Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character. `byteLength`,
 * when the caller knows it, saves measuring.
 */
export function truncateUtf8(
  text: string,
  maxBytes: number,
  byteLength?: number,
): { text: string; truncated: boolean } {
  // Each UTF-16 unit is at most 3 UTF-8 bytes, so short strings need no encoding at all.
  if (text.length * 3 <= maxBytes) return { text, truncated: false };
  // Measure natively before encoding: most bodies fit, and then no copy is made.
  if ((byteLength ?? Buffer.byteLength(text, 'utf8')) <= maxBytes) {
    return { text, truncated: false };
  }
  const bytes = Buffer.from(text, 'utf8');
  let end = Math.max(0, maxBytes);
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return { text: bytes.subarray(0, end).toString('utf8'), truncated: true };
}

/**
 * A body as the wire inspector may show it. Redacts before cutting: a cut could leave half a
 * secret that no longer matches the secret it is half of.
 */
export function wireBody(
  body: string,
  secrets: readonly string[],
  maxBytes: number,
  redaction: 'full' | 'known-values' = 'full',
  /** The body's UTF-8 length, if known. */
  byteLength?: number,
): { text: string; truncated: boolean } {
  const redacted =
    redaction === 'full' ? redactText(body, secrets) : redactKnownSecrets(body, secrets);
  // A redacted body has another length; measure it.
  return truncateUtf8(redacted, maxBytes, redacted === body ? byteLength : undefined);
}

/**
 * Response headers as a plain record with lower-case names; repeated headers (undici gives
 * them as arrays) are joined as HTTP allows.
 */
export function headersToRecord(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * Adds the sign hook's headers, replacing any header of the same name whatever its case, so
 * a signature never travels next to a stale one.
 */
export function mergeHeaders(
  base: Readonly<Record<string, string>>,
  added: Readonly<Record<string, string>>,
): Record<string, string> {
  const addedNames = new Set(Object.keys(added).map((name) => name.toLowerCase()));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (!addedNames.has(name.toLowerCase())) out[name] = value;
  }
  return { ...out, ...added };
}
