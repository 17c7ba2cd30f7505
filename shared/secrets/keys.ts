/**
 * What a user may hand us as a provider credential, checked the same way in the Keys panel
 * (before sending) and in every host (before storing). The messages name the provider and the
 * field, and never echo the value.
 */
import {
  KEY_PROVIDERS,
  credentialInfo,
  isKeyProvider,
  type KeyProvider,
} from '../providers/credentials';
import { isPlainObject } from '../rerank/documents';
import { fail, ok, type Result } from '../util/result';

/** Longer than any provider's key or an AWS session token (~1–2 kB). */
export const MAX_KEY_CHARS = 8192;

export type KeyInput =
  | { provider: Exclude<KeyProvider, 'bedrock'>; key: string }
  | { provider: 'bedrock'; accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** The credential fields a provider takes, in the order a form shows them. */
export interface KeyField {
  name: 'key' | 'accessKeyId' | 'secretAccessKey' | 'sessionToken';
  label: string;
  optional?: boolean;
}

const API_KEY_FIELDS: readonly KeyField[] = [{ name: 'key', label: 'API key' }];
const BEDROCK_FIELDS: readonly KeyField[] = [
  { name: 'accessKeyId', label: 'access key ID' },
  { name: 'secretAccessKey', label: 'secret access key' },
  { name: 'sessionToken', label: 'session token', optional: true },
];

export function keyFields(provider: KeyProvider): readonly KeyField[] {
  return provider === 'bedrock' ? BEDROCK_FIELDS : API_KEY_FIELDS;
}

export const unknownProvider = (provider: unknown) =>
  `unknown provider ${JSON.stringify(provider)}; expected one of: ${KEY_PROVIDERS.join(', ')}`;

/** A provider name as it arrives from any transport. */
export function checkProvider(provider: unknown): Result<KeyProvider> {
  if (typeof provider !== 'string' || !isKeyProvider(provider)) {
    return fail('invalid_request', unknownProvider(provider), ['provider']);
  }
  return ok(provider);
}

/**
 * One credential field: surrounding whitespace is trimmed (a pasted key often ends with a
 * line break); empty, inner whitespace or control characters, and absurd lengths are refused.
 */
export function checkKeyValue(
  provider: KeyProvider,
  field: KeyField,
  value: unknown,
): Result<string | undefined> {
  const what = `the ${field.label} for ${credentialInfo(provider).label}`;
  const refuse = (message: string) => fail('invalid_request', message, [field.name]);
  if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) {
    return field.optional ? ok(undefined) : refuse(`${what} is empty`);
  }
  if (typeof value !== 'string') return refuse(`${what} must be text`);
  const trimmed = value.trim();
  // eslint-disable-next-line no-control-regex -- control characters are what is looked for
  if (/[\u0000-\u001f\u007f-\u009f]/.test(trimmed)) {
    return refuse(`${what} contains a line break or another control character; copy it again`);
  }
  if (/\s/.test(trimmed)) return refuse(`${what} contains spaces; copy it again`);
  if (trimmed.length > MAX_KEY_CHARS) {
    return refuse(`${what} is longer than ${MAX_KEY_CHARS} characters`);
  }
  return ok(trimmed);
}

/** A whole `secrets:set` request: provider, then each of its fields in order. */
export function checkKeyInput(input: unknown): Result<KeyInput> {
  if (!isPlainObject(input)) return fail('invalid_request', 'request must be a JSON object');
  const provider = checkProvider(input.provider);
  if (!provider.ok) return provider;
  const fields = keyFields(provider.value);
  const allowed = new Set(['provider', ...fields.map((f) => f.name)]);
  const extra = Object.keys(input).find((name) => !allowed.has(name));
  if (extra) {
    const label = credentialInfo(provider.value).label;
    return fail('invalid_request', `${label} takes no field "${extra}"`, [extra]);
  }
  const values: Record<string, string> = {};
  for (const field of fields) {
    const value = checkKeyValue(provider.value, field, input[field.name]);
    if (!value.ok) return value;
    if (value.value !== undefined) values[field.name] = value.value;
  }
  return ok({ provider: provider.value, ...values } as KeyInput);
}

/** The last four characters, shown only when the value is long enough to keep most hidden. */
export function lastFour(value: string): string | undefined {
  return value.length >= 8 ? value.slice(-4) : undefined;
}
