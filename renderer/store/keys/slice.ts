/**
 * The Keys panel: where provider keys are kept, each provider's `{configured, source, last4}`,
 * and set / clear / test. The keys themselves live in the host's keychain (or its memory for
 * the session); this slice never holds one. `setKey` hands the typed values to the client and
 * keeps nothing of them, not even when the host refuses them.
 */
import type { StateCreator } from 'zustand';
import type {
  KeyStatus,
  KeyStorage,
  OperationRequest,
  OperationResponse,
} from '../../../shared/contract';
import type { KeyProvider } from '../../../shared/providers/credentials';
import type { KeyField } from '../../../shared/secrets/keys';
import { fail, ok, type Result } from '../../../shared/util/result';
import type { Client } from '../../client/client';
import type { AppState } from '../types';

export type KeyOperation = 'set' | 'clear' | 'test';

/** What the form hands over: a value per credential field (see `keyFields`). */
export type KeyFieldValues = Partial<Record<KeyField['name'], string>>;

/** The outcome of the last Test of a provider's key, and whose endpoint settings it used. */
export type KeyTest = OperationResponse<'secrets:test'> & {
  /** The column whose base URL, model and parameters were sent, if one uses this provider. */
  columnId?: string;
};

/** The last failure of a keys operation, as the host worded it (never containing a value). */
export interface KeysError {
  operation: 'status' | KeyOperation;
  provider?: KeyProvider;
  /** The credential field the message is about, when the host named one. */
  field?: string;
  message: string;
}

export interface KeysSlice {
  keysOpen: boolean;
  /** Where keys set now are kept; undefined until the first status arrives. */
  keyStorage?: KeyStorage;
  /** Every provider's status, in catalog order, as the host last reported it. */
  keyStatuses: KeyStatus[];
  keysLoading: boolean;
  /** The operation in flight per provider; its row's buttons wait for it. */
  keyPending: Partial<Record<KeyProvider, KeyOperation>>;
  keyTests: Partial<Record<KeyProvider, KeyTest>>;
  keysError?: KeysError;
  /** Opens the panel and asks the host for the current status. */
  openKeys: () => void;
  closeKeys: () => void;
  refreshKeys: () => Promise<Result<void>>;
  /** Sends the values to the host's key store; nothing of them is kept here. */
  setKey: (provider: KeyProvider, fields: KeyFieldValues) => Promise<Result<KeyStatus>>;
  clearKey: (provider: KeyProvider) => Promise<Result<KeyStatus>>;
  /**
   * One real request with the stored key, to the endpoint a column of this provider uses
   * (its base URL, model and parameters), or to the provider's defaults when none does.
   */
  testKey: (provider: KeyProvider) => Promise<Result<KeyTest>>;
  dismissKeysError: () => void;
}

/** The first field a host message names, when it is a credential field. */
function fieldOf(path: (string | number)[] | undefined): string | undefined {
  const first = path?.[0];
  return typeof first === 'string' && first !== 'provider' ? first : undefined;
}

function withStatus(statuses: KeyStatus[], status: KeyStatus): KeyStatus[] {
  const known = statuses.some((s) => s.provider === status.provider);
  return known
    ? statuses.map((s) => (s.provider === status.provider ? status : s))
    : [...statuses, status];
}

export const createKeysSlice =
  (client: Client): StateCreator<AppState, [], [], KeysSlice> =>
  (set, get) => {
    const begin = (provider: KeyProvider, operation: KeyOperation) =>
      set((state) => ({
        keyPending: { ...state.keyPending, [provider]: operation },
        keysError: undefined,
      }));
    const settle = (provider: KeyProvider) =>
      set((state) => {
        const keyPending = { ...state.keyPending };
        delete keyPending[provider];
        return { keyPending };
      });
    /** After a key changes, an earlier test result no longer says anything about it. */
    const changed = (provider: KeyProvider, value: OperationResponse<'secrets:set'>) =>
      set((state) => {
        const keyTests = { ...state.keyTests };
        delete keyTests[provider];
        return {
          keyStorage: value.storage,
          keyStatuses: withStatus(state.keyStatuses, value.status),
          keyTests,
        };
      });

    return {
      keysOpen: false,
      keyStatuses: [],
      keysLoading: false,
      keyPending: {},
      keyTests: {},

      openKeys() {
        set({ keysOpen: true, keysError: undefined });
        void get().refreshKeys();
      },
      closeKeys: () => set({ keysOpen: false, keysError: undefined }),
      dismissKeysError: () => set({ keysError: undefined }),

      async refreshKeys() {
        set({ keysLoading: true });
        const result = await client.call('secrets:status', {});
        if (!result.ok) {
          set({
            keysLoading: false,
            keysError: { operation: 'status', message: result.error.message },
          });
          return result;
        }
        set({
          keysLoading: false,
          keyStorage: result.value.storage,
          keyStatuses: result.value.providers,
        });
        return ok(undefined);
      },

      async setKey(provider, fields) {
        begin(provider, 'set');
        // Built here and handed straight to the client: no reference to it outlives this call.
        const request = { provider, ...fields } as OperationRequest<'secrets:set'>;
        const result = await client.call('secrets:set', request);
        settle(provider);
        if (!result.ok) {
          const { message, path } = result.error;
          const field = fieldOf(path);
          set({ keysError: { operation: 'set', provider, message, ...(field ? { field } : {}) } });
          return fail(result.error.code, message, path);
        }
        changed(provider, result.value);
        return ok(result.value.status);
      },

      async clearKey(provider) {
        begin(provider, 'clear');
        const result = await client.call('secrets:clear', { provider });
        settle(provider);
        if (!result.ok) {
          set({ keysError: { operation: 'clear', provider, message: result.error.message } });
          return result;
        }
        changed(provider, result.value);
        return ok(result.value.status);
      },

      async testKey(provider) {
        const column = get().columns.find((c) => c.config.provider === provider);
        const config = column?.config;
        begin(provider, 'test');
        const result = await client.call('secrets:test', {
          provider,
          ...(config?.baseUrl === undefined ? {} : { baseUrl: config.baseUrl }),
          ...(config?.model === undefined ? {} : { model: config.model }),
          ...(config?.params === undefined ? {} : { params: config.params }),
        });
        settle(provider);
        if (!result.ok) {
          // E.g. the column's parameters do not fit the provider: the host says which.
          set({ keysError: { operation: 'test', provider, message: result.error.message } });
          return result;
        }
        const test: KeyTest = { ...result.value, ...(column ? { columnId: column.id } : {}) };
        set((state) => ({ keyTests: { ...state.keyTests, [provider]: test } }));
        return ok(test);
      },
    };
  };

/** "Keychain ••••abcd", "Environment", "Not set": where the key the next request uses is. */
export function describeKeyStatus(status: KeyStatus | undefined): string {
  if (!status) return 'Checking…';
  if (!status.configured) return 'Not set';
  const where =
    status.source === 'keychain'
      ? 'Keychain'
      : status.source === 'session'
        ? 'This session only'
        : status.source === 'env'
          ? 'Environment'
          : 'Set';
  return status.last4 === undefined ? where : `${where} ••••${status.last4}`;
}

/** "OK · 200 · 123 ms · https://…" or "Failed · 401 · 80 ms · https://…". */
export function describeKeyTest(test: KeyTest): string {
  return [
    test.ok ? 'OK' : 'Failed',
    test.status === undefined ? undefined : String(test.status),
    `${Math.round(test.latencyMs)} ms`,
    test.url,
  ]
    .filter((part) => part !== undefined)
    .join(' · ');
}

/** Only a key set here can be removed here; one from the environment stays until unset there. */
export function canRemoveKey(status: KeyStatus | undefined): boolean {
  return (
    status?.configured === true && (status.source === 'keychain' || status.source === 'session')
  );
}
