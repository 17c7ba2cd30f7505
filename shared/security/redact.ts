/**
 * Credential masking for everything that may be shown, logged or stored: wire records, error
 * messages, URLs. Pure string work so every process (and the renderer's tests) can use it.
 *
 * Two defences run together: known secret values are replaced wherever they appear, and
 * values in credential-shaped places (sensitive header names, JSON fields, query parameters,
 * AWS signatures, `Bearer` tokens) are masked even when nobody told us the secret.
 */

const MASK = '••••';

/** `••••` + the last 4 characters, or `••••` alone when the value is too short to show any. */
export function maskSecret(value: string): string {
  return value.length < 8 ? MASK : `${MASK}${value.slice(-4)}`;
}

/** Tests a header, field or query-parameter name. */
export interface NameMatcher {
  test(name: string): boolean;
}

const CREDENTIAL_NAME =
  /^(?:authorization|proxy-authorization|api-key|x-api-key|key|token|secret|password|x-amz-security-token|cookie|set-cookie)$|api[-_]?key|(?:subscription|access)[-_]?key|token|secret|password/i;
// Token *counts* are not credentials: rate-limit headers (`x-ratelimit-remaining-tokens`) and
// usage fields (`input_tokens`, `max_tokens_per_doc`) are what the wire inspector is for.
const COUNTER_NAME = /rate-?limit|tokens|tokenizer/i;

/**
 * Names whose values are credentials: authorization, api keys, tokens, secrets, passwords,
 * cookies, the AWS session token; any name containing `api-key`, `apikey`, `api_key`,
 * `token`, `secret` or `password` (case-insensitive), except token counters.
 */
export const SENSITIVE_NAME: NameMatcher = {
  test: (name) => CREDENTIAL_NAME.test(name) && !COUNTER_NAME.test(name),
};

const AWS_SIGNATURE = /(Signature=)([0-9a-f]{8,})/gi;
// Stops at `/` or `%2F`: what follows the access key id (date, region, service) is not secret.
const AWS_CREDENTIAL = /(Credential=)([A-Za-z0-9]{4,})/g;
const QUERY_PARAM = /([?&])([^=&#\s"']+)=([^&#\s"']*)/g;
const JSON_STRING_FIELD = /"((?:[^"\\]|\\.)*)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;
const BEARER = /\b(Bearer\s+)([A-Za-z0-9._~+/=-]{8,})/gi;
const AUTH_SCHEME = /^([A-Za-z][A-Za-z0-9-]*)(\s+)(\S.*)$/s;

/**
 * Masks header values: sensitive names are masked whatever they hold (an `Authorization`
 * keeps its scheme, an AWS SigV4 one its structure), and every other value goes through
 * {@link redactText}.
 */
export function redactHeaders(
  headers: Readonly<Record<string, string>>,
  secrets: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SENSITIVE_NAME.test(name)
      ? maskCredentialValue(name, value, secrets)
      : redactText(value, secrets);
  }
  return out;
}

function maskCredentialValue(name: string, value: string, secrets: readonly string[]): string {
  const isAuthorization = /^(?:proxy-)?authorization$/i.test(name);
  const scheme = isAuthorization ? AUTH_SCHEME.exec(value.trim()) : null;
  if (!scheme) return maskSecret(value);
  const [, schemeName = '', space = ' ', credentials = ''] = scheme;
  if (/^AWS4-/i.test(schemeName)) {
    // The scope and signed-header list help debug signature mismatches; only the access key
    // id and the signature are sensitive.
    return `${schemeName}${space}${maskAwsFields(replaceSecrets(credentials, secrets))}`;
  }
  return `${schemeName}${space}${maskSecret(credentials)}`;
}

function maskAwsFields(text: string): string {
  return text
    .replace(AWS_SIGNATURE, (_m, prefix: string, sig: string) => prefix + maskSecret(sig))
    .replace(AWS_CREDENTIAL, (_m, prefix: string, id: string) => prefix + maskSecret(id));
}

/**
 * Masks credentials in free text (bodies, URLs, error messages, logs): every occurrence of
 * each known secret (longest first; secrets under 4 characters are ignored, they would mask
 * ordinary text), also in its JSON-escaped and URL-encoded forms; AWS signatures and access
 * key ids; query parameters and JSON string fields with sensitive names; `Bearer` tokens.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  // Each pattern runs only when a cheap test says it could match: request bodies hold
  // hundreds of kilobytes of documents, and most of them contain none of these shapes.
  let out = replaceSecrets(text, secrets);
  if (MAY_HOLD_AWS.test(out)) out = maskAwsFields(out);
  if (out.includes('=') && MAY_HOLD_QUERY.test(out)) {
    out = out.replace(QUERY_PARAM, (match, sep: string, name: string, value: string) =>
      value && SENSITIVE_NAME.test(safeDecode(name)) ? `${sep}${name}=${maskSecret(value)}` : match,
    );
  }
  if (MAY_HOLD_FIELD.test(out)) {
    out = out.replace(JSON_STRING_FIELD, (match, name: string, colon: string, value: string) =>
      SENSITIVE_NAME.test(name) ? `"${name}"${colon}"${maskSecret(value)}"` : match,
    );
  }
  if (!MAY_HOLD_BEARER.test(out)) return out;
  return out.replace(BEARER, (_m, prefix: string, token: string) => prefix + maskSecret(token));
}

// Pre-checks: necessary conditions for the patterns above, each far cheaper to run.
const MAY_HOLD_AWS = /Signature=|Credential=/i;
const MAY_HOLD_QUERY =
  /[?&][^=&#\s"']*(?:key|token|secret|password|signature|auth|cookie|credential)[^=&#\s"']*=/i;
const MAY_HOLD_FIELD = /(?:key|token|secret|password|auth|cookie)[^"\\]*"\s*:\s*"/i;
const MAY_HOLD_BEARER = /bearer\s/i;

/** Masks only the known secret values (and their JSON-escaped and URL-encoded forms). */
export function redactKnownSecrets(text: string, secrets: readonly string[]): string {
  return replaceSecrets(text, secrets);
}

function replaceSecrets(text: string, secrets: readonly string[]): string {
  const variants = new Map<string, string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    const mask = maskSecret(secret);
    for (const form of [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]) {
      if (!variants.has(form)) variants.set(form, mask);
    }
  }
  let out = text;
  const longestFirst = [...variants].sort(([a], [b]) => b.length - a.length);
  for (const [form, mask] of longestFirst) {
    if (out.includes(form)) out = out.split(form).join(mask);
  }
  return out;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
