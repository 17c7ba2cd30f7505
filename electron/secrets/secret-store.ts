/**
 * Where provider credentials come from. Only Node code reads them, for the duration of one
 * request or to compute a status; nothing here returns a key to a caller outside Node, and
 * nothing here writes one to disk.
 *
 * Keys set by the user go to the OS keychain (one entry per credential field, service
 * `rerank-studio`). Without a usable keychain they are held in this process's memory for the
 * session, and the status says so: never a plaintext file, never home-made crypto. Keys from
 * environment variables (headless hosts) are read last, so a key set in the app wins.
 */
import type { KeyStatus, KeyStorage } from '../../shared/contract/secrets';
import {
  KEY_PROVIDERS,
  credentialInfo,
  type KeyProvider,
} from '../../shared/providers/credentials';
import { keyFields, lastFour, type KeyInput } from '../../shared/secrets/keys';
import { noteSecrets } from './log-redaction';
import { probeKeychain, type Keychain, type KeychainOptions, type KeychainProbe } from './keychain';

export type CredentialSource = 'keychain' | 'env' | 'session';

export type Credential =
  | { kind: 'api-key'; key: string; source: CredentialSource }
  | {
      kind: 'aws';
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken?: string;
      source: CredentialSource;
    };

export interface KeyChange {
  storage: KeyStorage;
  status: KeyStatus;
}

export interface SecretStore {
  /** The credential for a provider, or undefined if none is configured. */
  credential(provider: KeyProvider): Promise<Credential | undefined>;
  status(): Promise<{ storage: KeyStorage; providers: KeyStatus[] }>;
  set(input: KeyInput): Promise<KeyChange>;
  /**
   * Removes what the app stored; a key from the environment stays (and is reported). Throws
   * a {@link KeychainError} if the keychain would not delete it: it would come back.
   */
  clear(provider: KeyProvider): Promise<KeyChange>;
}

/** Every secret value inside a credential, for redaction. */
export function secretValues(credential: Credential | undefined): string[] {
  if (!credential) return [];
  if (credential.kind === 'api-key') return [credential.key];
  return [credential.accessKeyId, credential.secretAccessKey, credential.sessionToken].filter(
    (value): value is string => !!value,
  );
}

export interface SecretStoreOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Use the OS keychain (probed on first use); `false`: session and environment only. */
  keychain?: KeychainOptions | false;
}

/** A provider's stored fields: `{ key }`, or Bedrock's three. */
type Fields = Partial<Record<'key' | 'accessKeyId' | 'secretAccessKey' | 'sessionToken', string>>;

/** Keychain account names: `cohere`, `bedrock.accessKeyId`, … */
const accountOf = (provider: KeyProvider, field: string) =>
  provider === 'bedrock' ? `${provider}.${field}` : provider;

export function createSecretStore({ env, keychain = false }: SecretStoreOptions): SecretStore {
  const session = new Map<KeyProvider, Fields>();
  let probe: Promise<KeychainProbe> | undefined;
  /** Set when the keychain failed after the probe; keys set since live in the session. */
  let degraded: string | undefined;

  const keychainProbe = (): Promise<KeychainProbe> => {
    if (keychain === false) {
      return Promise.resolve({ ok: false, reason: 'this host does not use the keychain' });
    }
    probe ??= probeKeychain(keychain);
    return probe;
  };
  const usableKeychain = async (): Promise<Keychain | undefined> => {
    const found = await keychainProbe();
    return found.ok ? found.keychain : undefined;
  };
  const storage = async (): Promise<KeyStorage> => {
    const found = await keychainProbe();
    if (!found.ok) return { kind: 'session', detail: found.reason };
    return degraded ? { kind: 'session', detail: degraded } : { kind: 'keychain' };
  };

  const storedFields = (provider: KeyProvider, entries: Map<string, string>): Fields => {
    const fields: Fields = {};
    for (const field of keyFields(provider)) {
      const value = entries.get(accountOf(provider, field.name));
      if (value) fields[field.name] = value;
    }
    return fields;
  };
  const keychainFields = async (provider: KeyProvider, chain: Keychain): Promise<Fields> => {
    const fields: Fields = {};
    for (const field of keyFields(provider)) {
      const value = await chain.get(accountOf(provider, field.name));
      if (value) fields[field.name] = value;
    }
    return fields;
  };

  /** Session, then keychain (`entries`, when already read), then environment. */
  const resolve = async (
    provider: KeyProvider,
    entries?: Map<string, string>,
  ): Promise<Credential | undefined> => {
    const held = session.get(provider);
    if (held) return toCredential(provider, held, 'session');
    const chain = await usableKeychain();
    if (chain) {
      const fields = entries
        ? storedFields(provider, entries)
        : await keychainFields(provider, chain);
      const stored = toCredential(provider, fields, 'keychain');
      if (stored) return stored;
    }
    return envCredential(provider, env);
  };

  const statusOf = async (
    provider: KeyProvider,
    entries?: Map<string, string>,
  ): Promise<KeyStatus> => {
    const credential = await resolve(provider, entries);
    if (!credential) return { provider, configured: false };
    const shown = credential.kind === 'aws' ? credential.accessKeyId : credential.key;
    const last4 = lastFour(shown);
    return { provider, configured: true, source: credential.source, ...(last4 ? { last4 } : {}) };
  };

  return {
    credential: (provider) => resolve(provider),

    async status() {
      const chain = await usableKeychain();
      let entries: Map<string, string> | undefined;
      if (chain) {
        try {
          entries = await chain.entries();
        } catch (error) {
          // Report what still works (session and environment keys) and why the rest does not.
          entries = new Map();
          degraded = `${message(error)}; keys set now are held for this session only`;
        }
      }
      const providers = await Promise.all(KEY_PROVIDERS.map((p) => statusOf(p, entries)));
      return { storage: await storage(), providers };
    },

    async set(input) {
      const { provider, ...values } = input;
      const fields: Fields = values;
      noteSecrets(Object.values(fields));
      const chain = degraded ? undefined : await usableKeychain();
      if (chain) {
        try {
          for (const field of keyFields(provider)) {
            const account = accountOf(provider, field.name);
            const value = fields[field.name];
            if (value) await chain.set(account, value);
            else await chain.delete(account);
          }
          session.delete(provider);
          return { storage: await storage(), status: await statusOf(provider) };
        } catch (error) {
          degraded = `${message(error)}; keys set now are held for this session only`;
        }
      }
      session.set(provider, fields);
      return { storage: await storage(), status: await statusOf(provider) };
    },

    async clear(provider) {
      session.delete(provider);
      const chain = await usableKeychain();
      if (chain) {
        for (const field of keyFields(provider))
          await chain.delete(accountOf(provider, field.name));
      }
      return { storage: await storage(), status: await statusOf(provider) };
    },
  };
}

function toCredential(
  provider: KeyProvider,
  fields: Fields,
  source: CredentialSource,
): Credential | undefined {
  if (provider === 'bedrock') {
    const { accessKeyId, secretAccessKey, sessionToken } = fields;
    if (!accessKeyId || !secretAccessKey) return undefined;
    return {
      kind: 'aws',
      accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
      source,
    };
  }
  return fields.key ? { kind: 'api-key', key: fields.key, source } : undefined;
}

/**
 * Credentials from environment variables, for the headless hosts (web host, CLI, server):
 * `<PROVIDER>_API_KEY` names (the catalog's `keyEnv`), and AWS's standard names for Bedrock.
 */
function envCredential(
  provider: KeyProvider,
  env: Readonly<Record<string, string | undefined>>,
): Credential | undefined {
  const read = (name: string) => env[name]?.trim() || undefined;
  if (provider === 'bedrock') {
    return toCredential(
      provider,
      {
        accessKeyId: read('AWS_ACCESS_KEY_ID'),
        secretAccessKey: read('AWS_SECRET_ACCESS_KEY'),
        sessionToken: read('AWS_SESSION_TOKEN'),
      },
      'env',
    );
  }
  for (const name of credentialInfo(provider).keyEnv) {
    const key = read(name);
    if (key) return { kind: 'api-key', key, source: 'env' };
  }
  return undefined;
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
