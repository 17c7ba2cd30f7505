// Scripted answers (errors, delays, dropped and hanging connections), vLLM's legacy mode, reset.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startProviderSimulator, type ProviderSimulator } from './index';
import { bearer, post } from './client';

const BODY = { model: 'rerank-v3.5', query: 'capital of France', documents: ['Paris', 'Berlin'] };
const KEY = bearer('sim-cohere-key');

let sim: ProviderSimulator;
beforeAll(async () => {
  sim = await startProviderSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const cohereUrl = (version = 'v2') => `${sim.baseUrl('cohere')}/${version}/rerank`;

describe('scripted responses', () => {
  it('answers 429 with Retry-After, then 500, then behaves normally again (FIFO)', async () => {
    sim.script('cohere', [
      { status: 429, headers: { 'Retry-After': '2' }, body: { message: 'too many requests' } },
      { status: 500, body: { message: 'internal server error' } },
    ]);
    const limited = await post(cohereUrl(), BODY, KEY);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.json).toEqual({ message: 'too many requests' });
    const broken = await post(cohereUrl(), BODY, KEY);
    expect(broken.status).toBe(500);
    expect((await post(cohereUrl(), BODY, KEY)).status).toBe(200);
    expect(sim.requests).toHaveLength(3);
  });

  it('takes precedence over validation and auth', async () => {
    sim.script('cohere', [{ status: 200, body: { results: [] } }]);
    const r = await post(cohereUrl(), { nonsense: true });
    expect(r.json).toEqual({ results: [] });
  });

  it('delays, then answers normally', async () => {
    sim.script('cohere', [{ delayMs: 150 }]);
    const started = Date.now();
    const r = await post(cohereUrl(), BODY, KEY);
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('holds an answer until the test releases it, then answers normally', async () => {
    let release!: () => void;
    sim.script('cohere', [{ until: new Promise<void>((resolve) => (release = resolve)) }]);
    let answered = false;
    const held = post(cohereUrl(), BODY, KEY).then((r) => ((answered = true), r));
    await sim.received(1);
    // A request after it is answered while it is still held.
    expect((await post(cohereUrl(), BODY, KEY)).status).toBe(200);
    expect(answered).toBe(false);
    release();
    expect((await held).status).toBe(200);
  });

  it('can be limited to one path', async () => {
    sim.script('cohere', [{ status: 503, body: { message: 'unavailable' } }], '/v1/rerank');
    expect((await post(cohereUrl('v2'), BODY, KEY)).status).toBe(200);
    expect((await post(cohereUrl('v1'), BODY, KEY)).status).toBe(503);
  });

  it('drops the connection (a network error for the client)', async () => {
    sim.script('cohere', [{ destroy: true }]);
    await expect(post(cohereUrl(), BODY, KEY)).rejects.toThrow(TypeError);
    expect(sim.requests).toHaveLength(1);
  });

  it('hangs until the client gives up', async () => {
    sim.script('cohere', [{ hang: true }]);
    await expect(post(cohereUrl(), BODY, KEY, AbortSignal.timeout(100))).rejects.toThrow();
    expect((await post(cohereUrl(), BODY, KEY)).status).toBe(200);
  });

  it('hangs until close(), which does not wait for the hanging request', async () => {
    const own = await startProviderSimulator();
    own.script('tei', [{ hang: true }]);
    const pending = post(`${own.baseUrl('tei')}/rerank`, { query: 'q', texts: ['a'] });
    await own.received(1);
    expect(own.requests).toHaveLength(1);
    // The request hangs for ever: close() returning at all shows it did not wait for it.
    await own.close();
    await expect(pending).rejects.toThrow(TypeError);
  });
});

describe('vLLM legacy mode', () => {
  const body = { model: 'm', query: 'capital of France', documents: ['Paris'] };

  it('answers 404 on /v1/rerank so clients fall back to /rerank, until reset', async () => {
    sim.vllmLegacyOnly();
    const modern = await post(`${sim.baseUrl('vllm')}/v1/rerank`, body);
    expect(modern.status).toBe(404);
    expect(modern.json).toEqual({ detail: 'Not Found' });
    expect((await post(`${sim.baseUrl('vllm')}/rerank`, body)).status).toBe(200);
    sim.reset();
    expect((await post(`${sim.baseUrl('vllm')}/v1/rerank`, body)).status).toBe(200);
  });

  it('can answer 405 or 501 instead', async () => {
    sim.vllmLegacyOnly(405);
    expect((await post(`${sim.baseUrl('vllm')}/v1/rerank`, body)).status).toBe(405);
    sim.vllmLegacyOnly(501);
    expect((await post(`${sim.baseUrl('vllm')}/v1/rerank`, body)).status).toBe(501);
  });
});

describe('recording and reset', () => {
  it('records lower-cased headers, parsed and raw bodies', async () => {
    await post(cohereUrl(), BODY, { ...KEY, 'X-Custom-Header': 'yes' });
    const [recorded] = sim.requests;
    expect(recorded).toMatchObject({
      provider: 'cohere',
      method: 'POST',
      path: '/cohere/v2/rerank',
      body: BODY,
      rawBody: JSON.stringify(BODY),
    });
    expect(recorded!.headers['x-custom-header']).toBe('yes');
    expect(recorded!.receivedAt).toBeLessThanOrEqual(Date.now());
  });

  it('reset() clears requests and pending scripts', async () => {
    sim.script('cohere', [{ status: 500 }]);
    await post(cohereUrl('v1'), BODY, KEY);
    sim.script('cohere', [{ status: 500 }]);
    sim.reset();
    expect(sim.requests).toHaveLength(0);
    expect((await post(cohereUrl(), BODY, KEY)).status).toBe(200);
  });

  it('answers unknown routes with 404 and non-POST with 405', async () => {
    expect((await post(`${sim.url}/nobody/v1/rerank`, BODY)).status).toBe(404);
    expect((await post(`${sim.baseUrl('cohere')}/v3/rerank`, BODY, KEY)).status).toBe(404);
    expect((await fetch(cohereUrl())).status).toBe(405);
  });
});
