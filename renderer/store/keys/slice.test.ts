import { randomBytes } from 'node:crypto';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { KEY_PROVIDERS } from '../../../shared/providers/credentials';
import { checkKeyInput } from '../../../shared/secrets/keys';
import type { Client } from '../../client/client';
import { SAMPLE_DOCUMENTS } from '../../sample';
import { createAppStore } from '../store';
import { webHostClient } from '../../../testkit/renderer/web-host-client';
import { startProviderSimulator } from '../../../testkit/renderer/providers';

/**
 * `npm test` runs Vitest in a private D-Bus session with its own GNOME Keyring and sets this;
 * then the host gets that session and must use the keychain. Otherwise the host is told to
 * keep keys for the session only, so a test run never reaches a developer's own keychain.
 */
const expectKeychain = process.env.RERANK_STUDIO_EXPECT_KEYCHAIN === 'available';
const storageKind = expectKeychain ? 'keychain' : 'session';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

function hostEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    // Its own keychain entries, so tests never meet a user's or each other's keys.
    RERANK_STUDIO_KEYCHAIN_SERVICE: `rerank-studio-test-${hex(6)}`,
    ...extra,
  };
  const dbus = process.env.DBUS_SESSION_BUS_ADDRESS;
  if (!expectKeychain) env.RERANK_STUDIO_KEYCHAIN = 'off';
  else if (dbus) env.DBUS_SESSION_BUS_ADDRESS = dbus;
  return env;
}

/**
 * A store on a real web host, with every contract response the client returned and every
 * curl command copied recorded, to be searched for keys. Keys the test stored are removed
 * from the keychain when it ends (before the host stops), pass or fail.
 */
async function keysStore(env: Record<string, string> = {}) {
  const { client, requests } = await webHostClient({ env: hostEnv(env) });
  const responses: unknown[] = [];
  const recording: Client = {
    ...client,
    async call(name, request) {
      const result = await client.call(name, request);
      responses.push(result);
      return result;
    },
  };
  onTestFinished(async () => {
    for (const provider of ['cohere', 'jina', 'bedrock'] as const) {
      await client.call('secrets:clear', { provider });
    }
  });
  const copied: string[] = [];
  const store = createAppStore(recording, {
    clipboard: { writeText: (text) => Promise.resolve(void copied.push(text)) },
  });
  return { store, requests, responses, copied };
}

/** Opens the panel and waits for the host's status (the probe of a keychain takes a moment). */
async function openPanel(store: ReturnType<typeof createAppStore>) {
  store.getState().openKeys();
  expect(store.getState().keysOpen).toBe(true);
  await vi.waitFor(
    () => {
      expect(store.getState().keysLoading).toBe(false);
      expect(store.getState().keyStorage).toBeDefined();
    },
    { timeout: 10_000, interval: 20 },
  );
}

describe('keys slice', () => {
  it('lists every provider; a key set in the app wins over the environment until cleared', async () => {
    const { store } = await keysStore({ JINA_API_KEY: 'env-jina-key-1234' });
    await openPanel(store);
    const state = store.getState();
    expect(state.keyStorage?.kind).toBe(storageKind);
    if (state.keyStorage?.kind === 'session') expect(state.keyStorage.detail).toBeTruthy();
    expect(state.keyStatuses.map((s) => s.provider)).toEqual(KEY_PROVIDERS);
    expect(state.keyStatuses.find((s) => s.provider === 'cohere')).toEqual({
      provider: 'cohere',
      configured: false,
    });
    const jina = () => store.getState().keyStatuses.find((s) => s.provider === 'jina');
    expect(jina()).toEqual({ provider: 'jina', configured: true, source: 'env', last4: '1234' });

    const pending = store.getState().setKey('jina', { key: '  app-jina-key-5678\n' });
    expect(store.getState().keyPending).toEqual({ jina: 'set' });
    expect(await pending).toEqual({
      ok: true,
      value: { provider: 'jina', configured: true, source: storageKind, last4: '5678' },
    });
    expect(store.getState().keyPending).toEqual({});
    expect(jina()).toMatchObject({ source: storageKind, last4: '5678' });

    expect(await store.getState().clearKey('jina')).toMatchObject({
      ok: true,
      value: { configured: true, source: 'env', last4: '1234' },
    });
    expect(jina()).toMatchObject({ source: 'env', last4: '1234' });
    // A fresh status agrees with what the set and clear answers said.
    await store.getState().refreshKeys();
    expect(jina()).toMatchObject({ source: 'env', last4: '1234' });
    expect(store.getState().keysError).toBeUndefined();

    store.getState().closeKeys();
    expect(store.getState().keysOpen).toBe(false);
  });

  it('canary: a key set, used, inspected, copied, refused and cleared is never held or returned', async () => {
    const canary = `rk-CANARY-${hex(16)}`;
    // What a leak of part of the key would show: everything but the last four characters.
    const hidden = canary.slice('rk-CANARY-'.length, -4);
    const simulator = await startProviderSimulator({ keys: { cohere: canary } });
    // No COHERE_API_KEY: the only key the host can use is the one set through the store.
    const { store, requests, responses, copied } = await keysStore();
    await openPanel(store);

    expect(await store.getState().setKey('cohere', { key: canary })).toEqual({
      ok: true,
      value: { provider: 'cohere', configured: true, source: storageKind, last4: canary.slice(-4) },
    });

    const id = store.getState().columns[1]!.id;
    store.getState().setColumnPreset(id, 'dedicated-model');
    expect(store.getState().setColumnBaseUrl(id, simulator.baseUrl('cohere')).ok).toBe(true);
    expect(store.getState().setColumnParamsText(id, '{ "maxRetries": 0 }').ok).toBe(true);
    const result = () => store.getState().columnRuns[id]?.result;
    await store.getState().run();
    expect(result()?.status).toBe('ok');
    expect(result()?.results).toHaveLength(SAMPLE_DOCUMENTS.length);
    // The key really went to the provider, from the host.
    expect(simulator.requests.at(-1)?.headers.authorization).toBe(`Bearer ${canary}`);

    // The wire inspector's record shows it masked, and Copy curl refers to a variable.
    const [exchange] = result()!.wire!;
    const authorization = Object.entries(exchange!.requestHeaders ?? {}).find(
      ([name]) => name.toLowerCase() === 'authorization',
    )?.[1];
    expect(authorization).toBe(`Bearer ••••${canary.slice(-4)}`);
    expect(await store.getState().copyWireCurl(id, 0)).toEqual({ ok: true, value: undefined });
    expect(copied[0]).toContain('$COHERE_API_KEY');

    // Test uses the column's endpoint and says which URL it called.
    const tested = await store.getState().testKey('cohere');
    expect(tested).toMatchObject({ ok: true, value: { ok: true, status: 200, columnId: id } });
    expect(tested.ok && tested.value.url).toBe(`${simulator.baseUrl('cohere')}/v2/rerank`);
    expect(requests.filter((r) => r.name === 'secrets:test').at(-1)?.request).toEqual({
      provider: 'cohere',
      baseUrl: simulator.baseUrl('cohere'),
      params: { maxRetries: 0 },
    });
    expect(store.getState().keyTests.cohere).toMatchObject({ ok: true, status: 200 });

    // A provider that echoes the key in its error, to a test and to a run.
    const echo = { status: 401, body: { message: `invalid api token: ${canary}` } };
    simulator.script('cohere', [echo]);
    const refused = await store.getState().testKey('cohere');
    expect(refused).toMatchObject({ ok: true, value: { ok: false, status: 401 } });
    expect(store.getState().keyTests.cohere?.message).toContain('invalid api token');
    simulator.script('cohere', [echo]);
    store.getState().setBypassCache(true);
    await store.getState().run();
    expect(result()?.status).toBe('error');
    expect(result()?.error?.message).toContain('invalid api token');
    expect(result()?.wire?.[0]?.responseBody).toContain('invalid api token');
    expect(await store.getState().copyWireCurl(id, 0)).toEqual({ ok: true, value: undefined });

    // Cleared: the next run fails before any request is sent.
    expect(await store.getState().clearKey('cohere')).toMatchObject({
      ok: true,
      value: { provider: 'cohere', configured: false },
    });
    expect(store.getState().keyTests.cohere).toBeUndefined();
    const sent = simulator.requests.length;
    await store.getState().run();
    expect(result()?.error?.message).toMatch(/^No API key for cohere/);
    expect(simulator.requests).toHaveLength(sent);

    // Control: the search below finds the key where it legitimately is.
    expect(JSON.stringify(requests.filter((r) => r.name === 'secrets:set'))).toContain(canary);
    const everything = [
      JSON.stringify(store.getState()),
      JSON.stringify(responses),
      ...copied,
    ].join('\n');
    expect(responses.length).toBeGreaterThanOrEqual(8);
    expect(copied).toHaveLength(2);
    expect(everything).not.toContain(canary);
    expect(everything).not.toContain(hidden);
  });

  it('keeps nothing of what setKey was given, even when the host refuses it', async () => {
    const { store, responses } = await keysStore();
    await openPanel(store);
    const before = store.getState().keyStatuses;
    const values = [
      `rk-CANARY-${hex(8)}\u0007${hex(8)}`,
      `AKID${hex(8)}`,
      `rk-CANARY-${hex(8)}`,
    ] as const;

    // A control character inside the key: the host's message is the shared check's, word for word.
    const control = await store.getState().setKey('cohere', { key: values[0] });
    const expected = checkKeyInput({ provider: 'cohere', key: values[0] });
    expect(expected.ok).toBe(false);
    expect(control).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(!control.ok && control.error.message).toBe(!expected.ok && expected.error.message);
    expect(store.getState().keysError).toEqual({
      operation: 'set',
      provider: 'cohere',
      field: 'key',
      message:
        'the API key for Cohere contains a line break or another control character; copy it again',
    });

    // Bedrock without its secret access key: the field is named, the access key ID is not kept.
    const bedrock = await store.getState().setKey('bedrock', {
      accessKeyId: values[1],
      secretAccessKey: ' ',
      sessionToken: values[2],
    });
    expect(bedrock).toMatchObject({ ok: false });
    expect(store.getState().keysError).toEqual({
      operation: 'set',
      provider: 'bedrock',
      field: 'secretAccessKey',
      message: 'the secret access key for Amazon Bedrock is empty',
    });
    expect(store.getState().keyPending).toEqual({});
    expect(store.getState().keyStatuses).toEqual(before);

    const everything = JSON.stringify(store.getState()) + JSON.stringify(responses);
    for (const value of values) expect(everything).not.toContain(value);
    store.getState().dismissKeysError();
    expect(store.getState().keysError).toBeUndefined();
  });

  it('stores the three Bedrock fields and shows the last four of the access key ID', async () => {
    const { store } = await keysStore();
    await openPanel(store);
    const fields = {
      accessKeyId: `AKIA${hex(8).toUpperCase()}`,
      secretAccessKey: hex(20),
      sessionToken: hex(30),
    };
    expect(await store.getState().setKey('bedrock', fields)).toEqual({
      ok: true,
      value: {
        provider: 'bedrock',
        configured: true,
        source: storageKind,
        last4: fields.accessKeyId.slice(-4),
      },
    });
    const state = JSON.stringify(store.getState());
    for (const value of Object.values(fields)) expect(state).not.toContain(value);
    expect(await store.getState().clearKey('bedrock')).toMatchObject({
      ok: true,
      value: { configured: false },
    });
  });

  it('tests against the provider defaults without a column, and reports failures as results', async () => {
    const { store, requests } = await keysStore();
    await openPanel(store);
    // No key for Voyage and no column using it: the host says so, nothing is thrown.
    const voyage = await store.getState().testKey('voyage');
    expect(requests.at(-1)).toEqual({ name: 'secrets:test', request: { provider: 'voyage' } });
    expect(voyage).toMatchObject({ ok: true, value: { provider: 'voyage', ok: false } });
    expect(store.getState().keyTests.voyage?.message).toMatch(/^No API key for voyage/);
    expect(store.getState().keyTests.voyage?.columnId).toBeUndefined();
    expect(store.getState().keyPending).toEqual({});
  });
});
