/**
 * One provider call through the real HTTP transport, against the loopback provider simulator:
 * every adapter's request and answer, credentials attached and masked in the wire record,
 * Bedrock's SigV4 and pages, vLLM's legacy path. Driven through the contract, as a run is.
 */
import { describe, expect, it } from 'vitest';
import { RERANK_PROVIDERS } from '../../shared/providers/catalog';
import { toCurl } from '../../shared/wire/curl';
import { createServices } from '../composition/compose';
import { startProviderSimulator } from '../../testkit/provider-simulator';
import {
  column,
  DOCS,
  env,
  expectedOrder,
  providerConfig,
  QUERY,
  run,
  sim,
  useSimulatorHarness,
} from '../../testkit/harness/dedicated-model';
import { freshDataDir } from '../../testkit/temp-dir';

useSimulatorHarness();

describe('every provider through the real transport', () => {
  it.each(RERANK_PROVIDERS)(
    '%s ranks the documents, with its wire exchange masked',
    async (provider) => {
      const result = await column(providerConfig(provider));
      expect(result.error).toBeUndefined();
      expect(result.status).toBe('ok');
      expect(result.results.map((r) => r.index)).toEqual(expectedOrder(QUERY, DOCS));
      expect(result.wire).toHaveLength(1);
      const [exchange] = result.wire!;
      expect(exchange!.status).toBe(200);
      expect(toCurl(exchange!, exchange!.curlAuth)).toMatch(/^curl -X POST /);
      const serialized = JSON.stringify(result);
      for (const secret of Object.values(env))
        if (secret.startsWith('sim-')) expect(serialized).not.toContain(secret);
      expect(result.producedBy).toMatchObject({ provider, fallback: 0 });
    },
  );

  it('signs Bedrock requests with SigV4', async () => {
    await column(providerConfig('bedrock'));
    const headers = sim.requests[0]!.headers;
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDSIMULATOR\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
    expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it('follows Bedrock nextToken pages', async () => {
    const paged = await startProviderSimulator({ bedrockPageSize: 2 });
    try {
      const result = await column({
        ...providerConfig('bedrock'),
        baseUrl: paged.baseUrl('bedrock'),
      });
      expect(result.results.map((r) => r.index)).toEqual(expectedOrder(QUERY, DOCS));
      expect(paged.requests).toHaveLength(3);
      expect(result.calls).toBe(3);
    } finally {
      await paged.close();
    }
  });

  it('retries vLLM at /rerank when /v1/rerank answers 404, 405 or 501', async () => {
    for (const status of [404, 405, 501] as const) {
      sim.reset();
      sim.vllmLegacyOnly(status);
      const result = await column(providerConfig('vllm'));
      expect(result.status).toBe('ok');
      expect(result.wire!.map((w) => [w.url.replace(sim.url, ''), w.status])).toEqual([
        ['/vllm/v1/rerank', status],
        ['/vllm/rerank', 200],
      ]);
    }
  });
});

describe('failures', () => {
  it('fails with the real 401 of a wrong key, masked', async () => {
    const wrong = createServices({
      host: 'test',
      dataDir: freshDataDir(),
      env: { ...env, COHERE_API_KEY: 'wrong-key-1234' },
    });
    try {
      const result = (await run([providerConfig('cohere')], {}, wrong)).columns[0]!;
      expect(result.status).toBe('error');
      expect(result.error!.message).toMatch(/^cohere answered 401/);
      expect(result.wire![0]!.requestHeaders.Authorization).toBe('Bearer ••••1234');
      expect(JSON.stringify(result)).not.toContain('wrong-key-1234');
    } finally {
      await wrong.close();
    }
  });
});
