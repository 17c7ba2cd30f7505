/**
 * The key-management operations. No request or response here carries a key back: the UI sees
 * whether a provider is configured, where the key comes from and its last four characters.
 */
import { z } from 'zod';
import { KEY_PROVIDERS } from '../providers/credentials';
import { checkKeyInput, checkProvider, type KeyInput } from '../secrets/keys';
import { jsonObject } from './schemas';

const Provider = z.enum(KEY_PROVIDERS as [string, ...string[]]);

/** A provider field with the same message whatever the transport. */
const ProviderField = z.unknown().transform((value, ctx) => {
  const checked = checkProvider(value);
  if (!checked.ok) {
    ctx.addIssue({ code: 'custom', message: checked.error.message });
    return z.NEVER;
  }
  return checked.value;
});

export const KeySource = z.enum(['keychain', 'session', 'env']);
export type KeySource = z.output<typeof KeySource>;

export const KeyStatus = z.object({
  provider: Provider,
  configured: z.boolean(),
  /** Where the key the next request would use comes from. */
  source: KeySource.optional(),
  /** Absent for keys under 8 characters. For Bedrock, of the access key ID. */
  last4: z.string().optional(),
});
export type KeyStatus = z.output<typeof KeyStatus>;

/**
 * Where keys set now are kept: the OS keychain, or (when there is none, it is locked, or
 * keytar cannot load) this process's memory only, with the reason.
 */
export const KeyStorage = z.object({
  kind: z.enum(['keychain', 'session']),
  detail: z.string().optional(),
});
export type KeyStorage = z.output<typeof KeyStorage>;

const SecretsSetRequest = jsonObject<KeyInput>().transform((value, ctx) => {
  const checked = checkKeyInput(value);
  if (!checked.ok) {
    ctx.addIssue({ code: 'custom', message: checked.error.message, path: checked.error.path });
    return z.NEVER;
  }
  return checked.value;
});

const KeyChange = z.object({ storage: KeyStorage, status: KeyStatus });

export const secretsOperations = {
  'secrets:status': {
    request: z.object({}).strict(),
    response: z.object({ storage: KeyStorage, providers: z.array(KeyStatus) }),
  },
  'secrets:set': {
    request: SecretsSetRequest,
    response: KeyChange,
  },
  'secrets:clear': {
    request: z.object({ provider: ProviderField }).strict(),
    /** After clearing, a key from the environment may still be configured. */
    response: KeyChange,
  },
  'secrets:test': {
    /** Endpoint settings as a column would give them; provider defaults otherwise. */
    request: z
      .object({
        provider: ProviderField,
        baseUrl: z.string().max(2048).optional(),
        model: z.string().max(256).optional(),
        params: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
    response: z.object({
      provider: Provider,
      ok: z.boolean(),
      /** The HTTP status of the last answer, when there was one. */
      status: z.int().optional(),
      /** What happened, in words: the provider's own error when it gave one. Redacted. */
      message: z.string(),
      latencyMs: z.number(),
      /** The endpoint called (redacted), when the request got that far. */
      url: z.string().optional(),
    }),
  },
} as const;
