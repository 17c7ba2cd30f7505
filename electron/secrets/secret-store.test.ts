/**
 * The secret store's rules, whatever keychain the machine has: session storage, the order
 * keys are read in, what a status shows, and the fallback when the keychain cannot be used.
 * The real keychain is exercised in keychain.test.ts.
 */
import { KEY_PROVIDERS } from '../../shared/providers/credentials';
import { describe, expect, it } from 'vitest';
import type { KeychainApi } from './keychain';
import { createSecretStore } from './secret-store';

const KEY = 'sk-session-0123456789-WXYZ';

describe('without a keychain', () => {
  it('holds keys for the session, says so, and prefers them to the environment', async () => {
    const store = createSecretStore({ env: { COHERE_API_KEY: 'env-key-abcd1234' } });
    const before = await store.status();
    expect(before.storage).toEqual({
      kind: 'session',
      detail: 'this host does not use the keychain',
    });
    expect(before.providers.find((p) => p.provider === 'cohere')).toEqual({
      provider: 'cohere',
      configured: true,
      source: 'env',
      last4: '1234',
    });
    expect(before.providers).toHaveLength(KEY_PROVIDERS.length);

    const set = await store.set({ provider: 'cohere', key: KEY });
    expect(set.status).toEqual({
      provider: 'cohere',
      configured: true,
      source: 'session',
      last4: 'WXYZ',
    });
    expect(await store.credential('cohere')).toEqual({
      kind: 'api-key',
      key: KEY,
      source: 'session',
    });

    // Clearing removes what the app holds; the environment's key is used again.
    const cleared = await store.clear('cohere');
    expect(cleared.status).toMatchObject({ configured: true, source: 'env', last4: '1234' });
    expect(JSON.stringify([before, set, cleared])).not.toContain(KEY.slice(0, -4));
  });

  it('keeps Bedrock’s three fields together, the session token optional', async () => {
    const store = createSecretStore({ env: {} });
    await store.set({
      provider: 'bedrock',
      accessKeyId: 'AKIAEXAMPLE1234',
      secretAccessKey: 'secret/EXAMPLE',
      sessionToken: 'token-1',
    });
    expect(await store.credential('bedrock')).toEqual({
      kind: 'aws',
      accessKeyId: 'AKIAEXAMPLE1234',
      secretAccessKey: 'secret/EXAMPLE',
      sessionToken: 'token-1',
      source: 'session',
    });
    const replaced = await store.set({
      provider: 'bedrock',
      accessKeyId: 'AKIAEXAMPLE5678',
      secretAccessKey: 'secret/OTHER',
    });
    expect(replaced.status).toMatchObject({ source: 'session', last4: '5678' });
    expect(await store.credential('bedrock')).not.toHaveProperty('sessionToken');
  });

  it('shows no last four characters of a short key', async () => {
    const store = createSecretStore({ env: {} });
    const { status } = await store.set({ provider: 'tei', key: 'short' });
    expect(status).toEqual({ provider: 'tei', configured: true, source: 'session' });
  });

  it('says why when the keychain module cannot be loaded', async () => {
    const store = createSecretStore({
      env: {},
      keychain: {
        load: () => Promise.reject(new Error('libsecret-1.so.0: cannot open shared object file')),
      },
    });
    const { storage } = await store.status();
    expect(storage.kind).toBe('session');
    expect(storage.detail).toMatch(/could not be loaded \(libsecret-1\.so\.0: cannot open/);
    expect((await store.set({ provider: 'jina', key: KEY })).status.source).toBe('session');
  });
});

/** A keychain in memory, whose writes can be made to fail: the machine's keychain breaking. */
function memoryKeychain() {
  const entries = new Map<string, string>();
  const control = { failWrites: false, failDeletes: false, failLists: false };
  const api: KeychainApi = {
    getPassword: (service, account) =>
      Promise.resolve(entries.get(`${service}/${account}`) ?? null),
    setPassword: (service, account, password) => {
      if (control.failWrites)
        return Promise.reject(new Error('Cannot create an item in a locked collection'));
      entries.set(`${service}/${account}`, password);
      return Promise.resolve();
    },
    deletePassword: (service, account) =>
      control.failDeletes
        ? Promise.reject(new Error('Cannot delete an item in a locked collection'))
        : Promise.resolve(entries.delete(`${service}/${account}`)),
    findCredentials: (service) =>
      control.failLists
        ? Promise.reject(new Error('org.freedesktop.DBus.Error.NoReply'))
        : Promise.resolve(
            [...entries]
              .filter(([name]) => name.startsWith(`${service}/`))
              .map(([name, password]) => ({ account: name.slice(service.length + 1), password })),
          ),
  };
  return { api, entries, control };
}

describe('with a keychain', () => {
  it('stores each field under its own account and prefers it to the environment', async () => {
    const { api, entries } = memoryKeychain();
    const store = createSecretStore({
      env: { VOYAGE_API_KEY: 'env-voyage-key' },
      keychain: { service: 'rs-test', load: () => Promise.resolve(api) },
    });
    await store.set({ provider: 'voyage', key: KEY });
    await store.set({
      provider: 'bedrock',
      accessKeyId: 'AKIAEXAMPLE1234',
      secretAccessKey: 's3cr3t-value',
    });
    expect([...entries.keys()].sort()).toEqual([
      'rs-test/bedrock.accessKeyId',
      'rs-test/bedrock.secretAccessKey',
      'rs-test/voyage',
    ]);
    const { storage, providers } = await store.status();
    expect(storage).toEqual({ kind: 'keychain' });
    expect(providers.find((p) => p.provider === 'voyage')).toMatchObject({
      source: 'keychain',
      last4: 'WXYZ',
    });
    await store.clear('voyage');
    expect(await store.credential('voyage')).toMatchObject({
      source: 'env',
      key: 'env-voyage-key',
    });
    expect(entries.has('rs-test/voyage')).toBe(false);
  });

  it('holds keys for the session when the keychain stops accepting them, and says so', async () => {
    const { api, control } = memoryKeychain();
    const store = createSecretStore({ env: {}, keychain: { load: () => Promise.resolve(api) } });
    expect((await store.status()).storage.kind).toBe('keychain');
    control.failWrites = true;
    const { storage, status } = await store.set({ provider: 'cohere', key: KEY });
    expect(storage.kind).toBe('session');
    expect(storage.detail).toMatch(/locked collection.*this session only/);
    expect(status.source).toBe('session');
    expect(await store.credential('cohere')).toMatchObject({ key: KEY });
  });

  it('says so when the keychain will not delete a key, rather than pretending it did', async () => {
    const { api, control, entries } = memoryKeychain();
    const store = createSecretStore({ env: {}, keychain: { load: () => Promise.resolve(api) } });
    await store.set({ provider: 'cohere', key: KEY });
    control.failDeletes = true;
    await expect(store.clear('cohere')).rejects.toThrow(
      /^the keychain failed removing a key \(Cannot delete an item in a locked collection\)$/,
    );
    expect([...entries.values()]).toEqual([KEY]);
  });

  it('still reports session and environment keys when the keychain stops answering', async () => {
    const { api, control } = memoryKeychain();
    const store = createSecretStore({
      env: { JINA_API_KEY: 'jina-env-key-1234' },
      keychain: { load: () => Promise.resolve(api) },
    });
    await store.set({ provider: 'cohere', key: KEY });
    control.failLists = true;
    const { storage, providers } = await store.status();
    expect(storage).toEqual({
      kind: 'session',
      detail:
        'the keychain failed listing keys (org.freedesktop.DBus.Error.NoReply); keys set now are held for this session only',
    });
    expect(providers.find((p) => p.provider === 'jina')).toMatchObject({ source: 'env' });
  });

  it('treats a keychain that refuses the probe write as no keychain', async () => {
    const { api, control } = memoryKeychain();
    control.failWrites = true;
    const store = createSecretStore({ env: {}, keychain: { load: () => Promise.resolve(api) } });
    const { storage } = await store.status();
    expect(storage).toEqual({
      kind: 'session',
      detail: expect.stringMatching(/refused a write; is it locked\?/) as unknown,
    });
  });
});
