/**
 * The dedicated-model strategy end to end: the contract handler, the engine, the adapters and
 * the real HTTP transport, against the loopback provider simulator.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnResult, OperationResponse } from '../../../../shared/contract';
import { dispatch } from '../../../../shared/contract/dispatch';
import type { PipelineConfig } from '../../../../shared/pipeline/config';
import { RERANK_PROVIDERS, type RerankProvider } from '../../../../shared/providers/catalog';
import { createServices, type Services } from '../../../services/compose';
import { simulatorEnv } from '../../../testing/provider-env';
import {
  simulatedLogit,
  startProviderSimulator,
  type ProviderSimulator,
} from '../../../testing/provider-simulator';
import { createHttpTransport } from '../../../transport/http-transport';
import { toCurl } from '../../../../shared/wire/curl';

let sim: ProviderSimulator;
let services: Services;
const env = simulatorEnv();

beforeAll(async () => {
  sim = await startProviderSimulator();
  // random() = 0: full-jitter backoff sleeps 0 ms, so retry tests take no wall time.
  services = createServices({
    host: 'test',
    dataDir: '/tmp/rerank-studio-dm',
    env,
    transport: createHttpTransport({ random: () => 0 }),
  });
});
afterAll(async () => {
  await services.close();
  await sim.close();
});
afterEach(() => sim.reset());

const QUERY = 'heart health exercise';
const DOCS = [
  'cooking pasta at home',
  'regular exercise improves heart health',
  'the heart of the city',
  'exercise for a healthy heart and good health',
  'stock market news',
];
/** The ranking the simulator's scoring implies, as document indices. */
const expectedOrder = (query: string, documents: string[]) =>
  documents
    .map((d, i) => ({ i, s: simulatedLogit(query, d) }))
    .sort((a, b) => b.s - a.s)
    .map((x) => x.i);

const PARAMS: Partial<Record<RerankProvider, Record<string, unknown>>> = {
  vertex: { project: 'sim-project' },
};
const MODELS: Partial<Record<RerankProvider, string>> = {
  'cohere-compatible': 'cohere/rerank-v3.5',
  heroku: 'cohere-rerank-3-5',
  azure: 'Cohere-rerank-v3.5',
};

function providerConfig(
  provider: RerankProvider,
  extra: Partial<PipelineConfig> = {},
): PipelineConfig {
  const params = { ...PARAMS[provider], ...(extra.params ?? {}) };
  return {
    version: 1,
    name: provider,
    strategy: 'dedicated-model',
    provider,
    baseUrl: sim.baseUrl(provider),
    ...(MODELS[provider] ? { model: MODELS[provider] } : {}),
    ...extra,
    params,
  };
}

let runCounter = 0;
/** Runs through the contract. The cache is bypassed unless a test asks for it: tests repeat calls. */
async function run(configs: PipelineConfig[], fields: Record<string, unknown> = {}, on = services) {
  const result = await dispatch(on.handlers, 'rerank:run', {
    runId: `run-${++runCounter}`,
    query: QUERY,
    documents: DOCS,
    columns: configs.map((config, i) => ({ id: `c${i}`, config })),
    bypassCache: true,
    ...fields,
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as OperationResponse<'rerank:run'>;
}
const column = async (
  config: PipelineConfig,
  fields: Record<string, unknown> = {},
): Promise<ColumnResult> => (await run([config], fields)).columns[0]!;

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

  it('squashes NVIDIA logits for comparison and keeps the raw logit', async () => {
    const result = await column(providerConfig('nvidia'));
    expect(result.scoreKind).toBe('logit');
    const top = result.results[0]!;
    expect(top.rawScore).toBeCloseTo(simulatedLogit(QUERY, DOCS[top.index]!), 6);
    expect(top.score).toBeCloseTo(1 / (1 + Math.exp(-top.rawScore)), 10);
  });

  it('reports usage and cost: Cohere search units, DeepInfra reported cost, Mixedbread tokens', async () => {
    const cohere = await column(providerConfig('cohere'));
    expect(cohere.usage).toMatchObject({ searchUnits: 1 });
    expect(cohere.cost).toEqual({
      usd: 0.002,
      basis: 'per-search',
      detail: '1 billed search × $2.00/1,000',
    });
    const deepinfra = await column(providerConfig('deepinfra'));
    expect(deepinfra.cost?.basis).toBe('reported');
    expect(deepinfra.cost!.usd).toBeGreaterThan(0);
    const mixedbread = await column(providerConfig('mixedbread'));
    expect(mixedbread.cost?.basis).toBe('per-token');
  });

  it('sends the instruction to DeepInfra and vLLM, and warns where it is not sent', async () => {
    await run([providerConfig('deepinfra'), providerConfig('vllm')], {
      instruction: 'Prefer medical sources',
    });
    expect(sim.requests.map((r) => (r.body as { instruction?: string }).instruction)).toEqual([
      'Prefer medical sources',
      'Prefer medical sources',
    ]);
    const cohere = await column(providerConfig('cohere'), { instruction: 'x' });
    expect(cohere.warnings).toContain('Cohere does not take an instruction; it was not sent');
  });

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

describe('chunking past per-request caps', () => {
  const many = Array.from(
    { length: 95 },
    (_, i) =>
      `document ${i} about ${i % 3 === 0 ? 'heart health' : i % 3 === 1 ? 'exercise' : 'weather'} number ${i}`,
  );

  it('splits TEI requests at 32 documents, remaps indices and equals a single call', async () => {
    const chunked = (await run([providerConfig('tei')], { documents: many })).columns[0]!;
    expect(sim.requests.map((r) => (r.body as { texts: string[] }).texts.length)).toEqual([
      32, 32, 31,
    ]);
    sim.reset();
    const single = (
      await run([providerConfig('tei', { params: { batchSize: 1000 } })], { documents: many })
    ).columns[0]!;
    // The simulator refuses more than 32 texts, so a single call needs a raised cap there.
    expect(single.status).toBe('error');
    expect(single.error!.message).toMatch(/tei answered 413/);
    const cohereSingle = (await run([providerConfig('cohere')], { documents: many })).columns[0]!;
    expect(sim.requests.filter((r) => r.provider === 'cohere')).toHaveLength(1);
    expect(chunked.results.map((r) => r.index)).toEqual(cohereSingle.results.map((r) => r.index));
    expect(chunked.results.map((r) => r.index)).toEqual(expectedOrder(QUERY, many));
    expect(chunked.calls).toBe(3);
  });

  it('applies top N after the merge, so chunked and single calls agree', async () => {
    const chunked = (
      await run([providerConfig('cohere', { params: { batchSize: 10 } })], {
        documents: many,
        topN: 7,
      })
    ).columns[0]!;
    expect(sim.requests).toHaveLength(10);
    for (const request of sim.requests) expect(request.body).not.toHaveProperty('top_n');
    const single = (await run([providerConfig('cohere')], { documents: many, topN: 7 }))
      .columns[0]!;
    expect((sim.requests.at(-1)!.body as { top_n: number }).top_n).toBe(7);
    expect(chunked.results).toEqual(single.results);
    expect(chunked.results).toHaveLength(7);
  });
});

describe('failures', () => {
  it('needs a key before any request: "No API key for <provider>"', async () => {
    const keyless = createServices({ host: 'test', dataDir: '/tmp/x', env: {} });
    try {
      const result = (
        await run(
          [providerConfig('cohere'), { version: 1, name: 'bm25', strategy: 'heuristic' }],
          {},
          keyless,
        )
      ).columns;
      expect(result[0]).toMatchObject({
        status: 'error',
        error: { message: expect.stringMatching(/^No API key for cohere/) as unknown },
      });
      expect(result[1]!.status).toBe('ok');
      expect(sim.requests).toHaveLength(0);
    } finally {
      await keyless.close();
    }
  });

  it('retries 500 and 429 and reports the retries', async () => {
    sim.script('cohere', [
      { status: 500, body: { message: 'boom' } },
      { status: 429, body: { message: 'slow down' } },
    ]);
    const result = await column(providerConfig('cohere'));
    expect(result).toMatchObject({ status: 'ok', calls: 3, retries: 2 });
    expect(result.wire!.map((w) => w.status)).toEqual([500, 429, 200]);
  });

  it('honours Retry-After', async () => {
    sim.script('jina', [
      { status: 429, headers: { 'Retry-After': '1' }, body: { detail: 'rate limited' } },
    ]);
    const started = Date.now();
    const result = await column(providerConfig('jina'));
    expect(result.status).toBe('ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it.each([400, 401, 403, 404, 422])(
    'never retries %i and shows the provider’s message',
    async (status) => {
      sim.script('voyage', [{ status, body: { detail: `nope ${status}` } }]);
      const result = await column(providerConfig('voyage'));
      expect(result).toMatchObject({
        status: 'error',
        calls: 1,
        retries: 0,
        error: { code: 'upstream' },
      });
      expect(result.error!.message).toBe(`voyage answered ${status}: nope ${status}`);
    },
  );

  it('fails with the real 401 of a wrong key, masked', async () => {
    const wrong = createServices({
      host: 'test',
      dataDir: '/tmp/x',
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

  it('times out a provider that does not answer', async () => {
    sim.script('cohere', [{ hang: true }]);
    const result = await column(
      providerConfig('cohere', { params: { timeoutMs: 300, maxRetries: 0 } }),
    );
    expect(result.status).toBe('error');
    expect(result.error!.message).toMatch(/timed out after 300 ms/);
  });

  it('cancels an in-flight call within 200 ms', async () => {
    sim.script('cohere', [{ hang: true }]);
    const pending = run([providerConfig('cohere')], { runId: 'to-cancel' });
    await expect.poll(() => sim.requests.length).toBe(1);
    const cancelledAt = Date.now();
    await dispatch(services.handlers, 'rerank:cancel', { runId: 'to-cancel' });
    const response = await pending;
    expect(Date.now() - cancelledAt).toBeLessThan(200);
    expect(response.status).toBe('cancelled');
    expect(response.columns[0]!.status).toBe('cancelled');
  });

  it('falls back to the next config when the primary fails after retries', async () => {
    sim.script('cohere', [
      { status: 503, body: { message: 'down' } },
      { status: 503, body: { message: 'down' } },
    ]);
    const config = providerConfig('cohere', {
      params: { maxRetries: 1 },
      fallbacks: [providerConfig('jina')],
    });
    const result = await column(config);
    expect(result.status).toBe('ok');
    expect(result.producedBy).toEqual({ name: 'jina', provider: 'jina', fallback: 1 });
    expect(result.warnings[0]).toMatch(
      /^"cohere" \(cohere\) failed \(cohere answered 503: down \(2 attempts\)\); trying fallback "jina" \(jina\)$/,
    );
    expect(result.wire!.map((w) => w.status)).toEqual([503, 503, 200]);
  });

  it('ends in the last error when every fallback fails, while other columns finish', async () => {
    const result = await run([
      providerConfig('cohere', {
        baseUrl: 'http://127.0.0.1:9',
        params: { maxRetries: 0 },
        fallbacks: [
          providerConfig('voyage', { baseUrl: 'http://127.0.0.1:9', params: { maxRetries: 0 } }),
        ],
      }),
      { version: 1, name: 'bm25', strategy: 'heuristic' },
    ]);
    expect(result.columns[0]).toMatchObject({ status: 'error', error: { code: 'upstream' } });
    expect(result.columns[0]!.error!.message).toMatch(/^voyage /);
    expect(result.columns[1]!.status).toBe('ok');
  });

  it('names bad provider parameters and missing settings', async () => {
    expect(
      (await column(providerConfig('cohere', { params: { apiVersion: 'v3' } }))).error!.message,
    ).toMatch(/^Cohere: params\.apiVersion/);
    expect((await column({ ...providerConfig('vertex'), params: {} })).error!.message).toBe(
      'Google Vertex AI Ranking: params.project: Invalid input: expected string, received undefined',
    );
    expect(
      (await column({ ...providerConfig('cohere-compatible'), model: undefined })).error!.message,
    ).toBe('model is required for Cohere-compatible endpoint');
    expect((await column({ ...providerConfig('azure'), baseUrl: undefined })).error!.message).toBe(
      'baseUrl is required for Azure AI Foundry (Cohere)',
    );
    expect(
      (await column({ version: 1, name: 'x', strategy: 'dedicated-model' })).error!.message,
    ).toMatch(/^a dedicated-model config needs a provider/);
    expect(sim.requests).toHaveLength(0);
  });
});

describe('result cache', () => {
  it('serves an identical call from the cache, labelled, and bypasses it on request', async () => {
    // A query no other test sends: bypassed runs still refresh the cache.
    const config = providerConfig('together');
    const fields = { query: 'cache test query', bypassCache: false };
    const first = await column(config, fields);
    const second = await column(config, fields);
    expect(sim.requests).toHaveLength(1);
    expect(second).toMatchObject({ status: 'ok', cached: true, calls: 0, wire: [] });
    expect(second.results).toEqual(first.results);
    const bypassed = await column(config, { query: fields.query });
    expect(bypassed.cached).toBeUndefined();
    expect(sim.requests).toHaveLength(2);
    const otherQuery = await column(config, { query: 'something else', bypassCache: false });
    expect(otherQuery.cached).toBeUndefined();
  });

  it('never caches a failed call', async () => {
    sim.script('pinecone', [
      { status: 400, body: { error: { code: 'INVALID_ARGUMENT', message: 'bad' }, status: 400 } },
    ]);
    const config = providerConfig('pinecone');
    const fields = { query: 'never cached query', bypassCache: false };
    expect((await column(config, fields)).status).toBe('error');
    const retry = await column(config, fields);
    expect(retry.status).toBe('ok');
    expect(retry.cached).toBeUndefined();
  });
});
