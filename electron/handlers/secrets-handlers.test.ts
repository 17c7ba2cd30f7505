/**
 * `secrets:*` through the contract, as every host calls them: validation messages, no key in
 * any response, and `secrets:test` making one real request to the provider simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/contract/dispatch';
import { createServices, type Services } from '../composition/compose';
import { startProviderSimulator, type ProviderSimulator } from '../../testkit/provider-simulator';
import { freshDataDir } from '../../testkit/temp-dir';

const KEY = 'rk-CANARY-5f1e2d3c4b5a6978';
let sim: ProviderSimulator;
let services: Services;
const responses: unknown[] = [];

async function call(name: string, request: unknown) {
  const result = await dispatch(services.handlers, name, request);
  responses.push(result);
  return result;
}

beforeAll(async () => {
  sim = await startProviderSimulator({ keys: { cohere: KEY } });
  services = createServices({ host: 'test', dataDir: freshDataDir(), env: {} });
});
afterAll(async () => {
  await services.close();
  await sim.close();
  // Whatever happened above, no response carried the key or most of it.
  expect(JSON.stringify(responses)).not.toContain(KEY.slice(0, -4));
});

describe('secrets operations', () => {
  it('refuses unknown providers, empty keys and keys with line breaks, in words', async () => {
    expect(await call('secrets:set', { provider: 'openai', key: 'x' })).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_request',
        message: expect.stringMatching(
          /^unknown provider "openai"; expected one of: cohere, /,
        ) as unknown,
      },
    });
    expect(await call('secrets:set', { provider: 'cohere', key: '  ' })).toMatchObject({
      error: { message: 'the API key for Cohere is empty', path: ['key'] },
    });
    expect(await call('secrets:set', { provider: 'cohere', key: 'abc\ndef' })).toMatchObject({
      error: {
        message:
          'the API key for Cohere contains a line break or another control character; copy it again',
      },
    });
    expect(
      await call('secrets:set', { provider: 'bedrock', accessKeyId: 'AKIA1234' }),
    ).toMatchObject({
      error: { message: 'the secret access key for Amazon Bedrock is empty' },
    });
    expect(
      await call('secrets:set', { provider: 'cohere', key: 'k', accessKeyId: 'x' }),
    ).toMatchObject({
      error: { message: 'Cohere takes no field "accessKeyId"' },
    });
    expect(await call('secrets:clear', { provider: 42 })).toMatchObject({
      error: { message: expect.stringMatching(/^unknown provider 42;/) as unknown },
    });
  });

  it('sets, reports and clears a key, trimming what was pasted around it', async () => {
    expect(await call('secrets:set', { provider: 'cohere', key: `  ${KEY}\n` })).toEqual({
      ok: true,
      value: {
        storage: { kind: 'session', detail: 'this host does not use the keychain' },
        status: { provider: 'cohere', configured: true, source: 'session', last4: KEY.slice(-4) },
      },
    });
    const status = await call('secrets:status', {});
    expect(status.ok && (status.value as { providers: unknown[] }).providers).toContainEqual({
      provider: 'cohere',
      configured: true,
      source: 'session',
      last4: KEY.slice(-4),
    });
  });

  it('tests a key with one real request, and reports a refusal with its status', async () => {
    const baseUrl = sim.baseUrl('cohere');
    const passed = await call('secrets:test', { provider: 'cohere', baseUrl });
    expect(passed).toMatchObject({
      ok: true,
      value: {
        provider: 'cohere',
        ok: true,
        status: 200,
        message: 'Cohere accepted the key',
        url: `${baseUrl}/v2/rerank`,
      },
    });
    expect(sim.requests.at(-1)).toMatchObject({ provider: 'cohere' });

    await call('secrets:set', { provider: 'cohere', key: 'rk-wrong-key-00000000' });
    const refused = await call('secrets:test', { provider: 'cohere', baseUrl });
    expect(refused).toMatchObject({ ok: true, value: { ok: false, status: 401 } });
    expect(refused.ok && (refused.value as { message: string }).message).toMatch(
      /^cohere answered 401/,
    );

    await call('secrets:clear', { provider: 'cohere' });
    const missing = await call('secrets:test', { provider: 'cohere', baseUrl });
    expect(missing).toMatchObject({
      value: { ok: false, message: expect.stringMatching(/^No API key for cohere/) as unknown },
    });
    expect(missing.ok && missing.value).not.toHaveProperty('status');
  });

  it('says what a provider needs before it can be tested', async () => {
    const result = await call('secrets:test', { provider: 'cohere-compatible' });
    expect(result).toMatchObject({
      value: { ok: false, message: 'model is required for Cohere-compatible endpoint' },
    });
  });
});
