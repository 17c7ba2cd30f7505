/**
 * The OS keychain through `@github/keytar`: GitHub's maintained fork of Atom's keytar, the same
 * API, N-API prebuilt binaries shipped inside the npm package (so installing needs no compiler
 * and no download), one binary for Node and Electron. macOS Keychain, Windows Credential
 * Manager, and the Secret Service (GNOME Keyring, KWallet) through libsecret on Linux.
 *
 * Whether a keychain is usable is found out once, by doing what the app will do: load the
 * module, list, then write and delete a probe entry (a keyring that has no default collection
 * or is locked answers reads but refuses writes). Anything else means: no keychain.
 */

/** The part of keytar's API we use. */
export interface KeychainApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
}

/** One service's entries in the keychain, each call bounded in time. */
export interface Keychain {
  readonly service: string;
  get(account: string): Promise<string | undefined>;
  set(account: string, value: string): Promise<void>;
  delete(account: string): Promise<void>;
  /** Every entry of the service, by account: one keychain round trip for a status. */
  entries(): Promise<Map<string, string>>;
}

/** A keychain call failed or timed out; the message says what was being done, never a value. */
export class KeychainError extends Error {
  override name = 'KeychainError';
}

export type KeychainProbe = { ok: true; keychain: Keychain } | { ok: false; reason: string };

export const DEFAULT_SERVICE = 'rerank-studio';
const PROBE_ACCOUNT = '.probe';

export interface KeychainOptions {
  service?: string;
  /**
   * How long one keychain call may take. A desktop keyring may show an unlock prompt, which
   * the user needs time for; a broken one must not hang a request for ever.
   */
  timeoutMs?: number;
  /** Loads keytar; tests pass one that fails to prove the fallback. */
  load?: () => Promise<KeychainApi>;
}

const loadKeytar = async (): Promise<KeychainApi> => {
  const module = (await import('@github/keytar')) as KeychainApi & { default?: KeychainApi };
  return module.default ?? module;
};

export async function probeKeychain(options: KeychainOptions = {}): Promise<KeychainProbe> {
  const service = options.service ?? DEFAULT_SERVICE;
  const timeoutMs = options.timeoutMs ?? 30_000;
  let api: KeychainApi;
  try {
    api = await (options.load ?? loadKeytar)();
  } catch (error) {
    return { ok: false, reason: `the keychain module could not be loaded (${describe(error)})` };
  }
  const keychain = createKeychain(api, service, timeoutMs);
  try {
    await keychain.entries();
  } catch (error) {
    return { ok: false, reason: `no keychain is available (${describe(error)})` };
  }
  try {
    await keychain.set(PROBE_ACCOUNT, 'ok');
    await keychain.delete(PROBE_ACCOUNT);
  } catch (error) {
    return {
      ok: false,
      reason: `the keychain refused a write; is it locked? (${describe(error)})`,
    };
  }
  return { ok: true, keychain };
}

function createKeychain(api: KeychainApi, service: string, timeoutMs: number): Keychain {
  const bounded = <T>(what: string, promise: Promise<T>) => withTimeout(what, promise, timeoutMs);
  return {
    service,
    async get(account) {
      const value = await bounded('reading a key', api.getPassword(service, account));
      return value ?? undefined;
    },
    async set(account, value) {
      await bounded('saving a key', api.setPassword(service, account, value));
    },
    async delete(account) {
      await bounded('removing a key', api.deletePassword(service, account));
    },
    async entries() {
      const found = await bounded('listing keys', api.findCredentials(service));
      return new Map(
        found
          .filter((entry) => entry.account !== PROBE_ACCOUNT)
          .map((entry) => [entry.account, entry.password]),
      );
    },
  };
}

function withTimeout<T>(what: string, promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new KeychainError(`the keychain did not answer ${what} within ${ms} ms`)),
      ms,
    );
  });
  const failed = (error: unknown) => {
    throw error instanceof KeychainError
      ? error
      : new KeychainError(`the keychain failed ${what} (${describe(error)})`);
  };
  return Promise.race([promise.catch(failed), timeout]).finally(() => clearTimeout(timer));
}

/** keytar's errors carry no secrets (they name the service at most); one line is enough. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim() || 'unknown error';
}
