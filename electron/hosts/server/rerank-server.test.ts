/**
 * The server over real HTTP on loopback: routes, the Cohere-shaped request and response, and
 * every error status with its message. Providers are the loopback simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/contract/dispatch';
import type { OperationResponse } from '../../../shared/contract';
import type { PipelineConfig } from '../../../shared/pipeline/config';
import { simulatorEnv } from '../../../testkit/provider-env';
import {
  startProviderSimulator,
  type ProviderSimulator,
} from '../../../testkit/provider-simulator';
import { serve, TOKEN, type Served } from '../../../testkit/harness/server';

const DOCUMENTS = [
  'Berlin is the capital of Germany.',
  'Paris is the capital of France.',
  'Cats sleep a lot.',
];
const QUERY = 'capital of France';
const BM25: PipelineConfig = { version: 1, name: 'bm25', strategy: 'heuristic' };

let sim: ProviderSimulator;
let served: Served;

beforeAll(async () => {
  sim = await startProviderSimulator();
  const cohere: PipelineConfig = {
    version: 1,
    name: 'Cohere',
    strategy: 'dedicated-model',
    provider: 'cohere',
    model: 'rerank-v3.5',
    baseUrl: sim.baseUrl('cohere'),
    params: { maxRetries: 0 },
  };
  served = await serve([BM25, cohere], {
    env: simulatorEnv(),
    history: true,
    maxBodyBytes: 64 * 1024,
  });
});
afterAll(async () => {
  await served.close();
  await sim.close();
});

describe('the Cohere-compatible API', () => {
  it('POST /v1/rerank ranks with the pipeline named by model, in Cohere shape', async () => {
    const { status, json, headers } = await served.call('/v1/rerank', {
      model: 'bm25',
      query: QUERY,
      documents: DOCUMENTS,
    });
    expect(status).toBe(200);
    expect(headers.get('x-request-id')).toBe(json.id);
    const results = json.results as {
      index: number;
      relevance_score: number;
      document?: unknown;
    }[];
    expect(results.map((r) => r.index)).toEqual([1, 0, 2]);
    expect(results[0]!.document).toBeUndefined();
    expect(json.meta).toMatchObject({
      api_version: { version: '1' },
      reranker: 'bm25',
      strategy: 'heuristic',
    });
    expect((json.meta as { latency_ms: number }).latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('POST /v2/rerank takes top_n, topN and object documents, and returns documents on request', async () => {
    const { json } = await served.call('/v2/rerank', {
      model: 'bm25',
      query: QUERY,
      documents: DOCUMENTS.map((text, i) => ({ id: `d${i}`, text })),
      top_n: 1,
      return_documents: true,
    });
    expect(json.results).toEqual([
      { index: 1, relevance_score: expect.any(Number) as number, document: { text: DOCUMENTS[1] } },
    ]);
    expect((json.meta as { api_version: unknown }).api_version).toEqual({ version: '2' });
    const alias = await served.call('/v2/rerank', {
      model: 'bm25',
      query: QUERY,
      documents: DOCUMENTS,
      topN: 2,
    });
    expect((alias.json.results as unknown[]).length).toBe(2);
  });

  it('POST /v1/rerank/:key needs no model and returns the documents (Cognipeer client API)', async () => {
    const { status, json } = await served.call('/v1/rerank/cohere', {
      query: QUERY,
      documents: DOCUMENTS,
    });
    expect(status).toBe(200);
    const results = json.results as { index: number; document: { text: string } }[];
    expect(results[0]).toMatchObject({ index: 1, document: { text: DOCUMENTS[1] } });
    expect(json.meta).toMatchObject({
      reranker: 'cohere',
      strategy: 'dedicated-model',
      model: 'rerank-v3.5',
    });
  });

  it('GET /v1/rerankers lists what is served; GET /healthz answers without a token', async () => {
    const { json } = await served.call('/v1/rerankers');
    expect(json.rerankers).toEqual([
      { key: 'bm25', name: 'bm25', strategy: 'heuristic', status: 'active' },
      {
        key: 'cohere',
        name: 'Cohere',
        strategy: 'dedicated-model',
        provider: 'cohere',
        model: 'rerank-v3.5',
        status: 'active',
      },
    ]);
    expect((await served.call('/v1/rerankers/cohere')).json.reranker).toMatchObject({
      key: 'cohere',
    });
    expect(await served.call('/healthz', undefined, { token: null })).toMatchObject({
      status: 200,
      json: { status: 'ok', pipelines: 2, load: 0 },
    });
  });

  it('saves every request to the history, as from the server', async () => {
    await served.call('/v1/rerank', {
      model: 'bm25',
      query: 'history check',
      documents: DOCUMENTS,
    });
    const page = await dispatch(served.services.handlers, 'history:list', { text: 'history' });
    expect(page.ok).toBe(true);
    const runs = (page as { value: OperationResponse<'history:list'> }).value.runs;
    expect(runs[0]).toMatchObject({ source: 'server', query: 'history check', documentCount: 3 });
  });
});

describe('errors, each with its status and message', () => {
  const cases: [string, () => ReturnType<Served['call']>, number, string | RegExp][] = [
    [
      'no token',
      () => served.call('/v1/rerank', { model: 'bm25' }, { token: null }),
      401,
      /missing or wrong bearer token/,
    ],
    [
      'a wrong token',
      () => served.call('/v1/rerank', { model: 'bm25' }, { token: 'nope-nope-nope' }),
      401,
      /missing or wrong bearer token/,
    ],
    [
      'an unknown pipeline',
      () => served.call('/v1/rerank', { model: 'gpt', query: QUERY, documents: DOCUMENTS }),
      404,
      'no pipeline "gpt" is served here (served: bm25, cohere)',
    ],
    [
      'an unknown pipeline route',
      () => served.call('/v1/rerank/gpt', { query: QUERY, documents: DOCUMENTS }),
      404,
      /no pipeline "gpt"/,
    ],
    ['an unknown route', () => served.call('/v3/rerank', {}), 404, /no route POST \/v3\/rerank/],
    [
      'the wrong method',
      () => served.call('/v1/rerank', undefined, { method: 'GET' }),
      405,
      'use POST for /v1/rerank',
    ],
    [
      'no model',
      () => served.call('/v1/rerank', { query: QUERY, documents: DOCUMENTS }),
      400,
      'model is required: the key of a served pipeline (bm25, cohere)',
    ],
    [
      'no query',
      () => served.call('/v1/rerank', { model: 'bm25', documents: DOCUMENTS }),
      400,
      'query is required for rerank',
    ],
    [
      'no documents',
      () => served.call('/v1/rerank', { model: 'bm25', query: QUERY, documents: [] }),
      400,
      'documents are required for rerank',
    ],
    [
      'a blank document',
      () => served.call('/v1/rerank', { model: 'bm25', query: QUERY, documents: ['a', ' '] }),
      400,
      'document text is required for rerank at index 1',
    ],
    [
      'top_n 0',
      () =>
        served.call('/v1/rerank', { model: 'bm25', query: QUERY, documents: DOCUMENTS, top_n: 0 }),
      400,
      'top_n must be at least 1',
    ],
    [
      'broken JSON',
      () => served.call('/v1/rerank', undefined, { raw: '{"model": "bm25",' }),
      400,
      /^request body is not valid JSON/,
    ],
    [
      'a body that is not an object',
      () => served.call('/v1/rerank', [1, 2]),
      400,
      'request body must be a JSON object',
    ],
    [
      'a body over the limit',
      () =>
        served.call('/v1/rerank', {
          model: 'bm25',
          query: QUERY,
          documents: ['x'.repeat(70 * 1024)],
        }),
      413,
      'request body is over the 64 KB limit',
    ],
  ];
  it.each(cases)('%s', async (_name, send, status, message) => {
    const reply = await send();
    expect(reply.status).toBe(status);
    if (typeof message === 'string') expect(reply.json.message).toBe(message);
    else expect(reply.json.message).toMatch(message);
    if (status === 401) expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it("a provider failure is 502 with the provider's message", async () => {
    sim.script('cohere', [{ status: 400, body: { message: 'invalid request: model is retired' } }]);
    // Other documents than before: an identical request would be answered from the cache.
    const reply = await served.call('/v1/rerank/cohere', { query: QUERY, documents: ['uncached'] });
    expect(reply.status).toBe(502);
    expect(reply.json.message).toMatch(/model is retired/);
  });

  it('logs one JSON line per request, with no token, key, query or document in it', async () => {
    await served.call('/v1/rerank', {
      model: 'bm25',
      query: 'secret-query-words',
      documents: DOCUMENTS,
    });
    const lines = served.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((l) => l.msg === 'request').length).toBeGreaterThan(10);
    expect(lines.find((l) => l.status === 413)).toMatchObject({
      method: 'POST',
      path: '/v1/rerank',
    });
    const all = served.logLines.join('\n');
    for (const secret of [TOKEN, 'sim-cohere-key', 'secret-query-words', DOCUMENTS[1]!])
      expect(all).not.toContain(secret);
  });
});
