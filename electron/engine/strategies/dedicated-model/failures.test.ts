/**
 * Failures, fallbacks and the result cache of the dedicated-model strategy, against the
 * simulator. A missing key, bad parameters and a wrong key are tested in electron/providers/.
 */
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../../shared/contract/dispatch';

import type { PipelineConfig } from '../../../../shared/pipeline/config';
import {
  column,
  DOCS,
  providerConfig,
  run,
  services,
  sim,
  useSimulatorHarness,
} from '../../../../testkit/harness/dedicated-model';

useSimulatorHarness();

describe('failures', () => {
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

  it('times out a provider that does not answer', async () => {
    sim.script('cohere', [{ hang: true }]);
    const result = await column(
      providerConfig('cohere', { params: { timeoutMs: 300, maxRetries: 0 } }),
    );
    expect(result.status).toBe('error');
    expect(result.error!.message).toMatch(/timed out after 300 ms/);
  });

  it('cancels an in-flight call to a provider that never answers', async () => {
    sim.script('cohere', [{ hang: true }]);
    const pending = run([providerConfig('cohere')], { runId: 'to-cancel' });
    await expect.poll(() => sim.requests.length).toBe(1);
    // The provider hangs for ever: only the cancel can end this run.
    await dispatch(services.handlers, 'rerank:cancel', { runId: 'to-cancel' });
    const response = await pending;
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

  it('calls again when anything that reaches the provider changes, and only then', async () => {
    const base = providerConfig('cohere');
    const fields = { query: 'cache key query', bypassCache: false };
    await column(base, fields);
    const variants: [string, PipelineConfig, Record<string, unknown>][] = [
      ['model', { ...base, model: 'rerank-english-v3.0' }, fields],
      ['base URL', { ...base, baseUrl: `${base.baseUrl}/` + 'proxy' }, fields],
      ['top N', base, { ...fields, topN: 2 }],
      ['document order', base, { ...fields, documents: [...DOCS].reverse() }],
      ['batch size', { ...base, params: { batchSize: 2 } }, fields],
      ['provider parameter', { ...base, params: { priority: 5 } }, fields],
    ];
    for (const [what, config, changed] of variants) {
      const requestsBefore = sim.requests.length;
      const result = await column(config, changed);
      expect({ what, cached: result.cached }).toEqual({ what, cached: undefined });
      expect(sim.requests.length, what).toBeGreaterThan(requestsBefore);
    }
    // A column's name is not sent; nor is an instruction Cohere does not take: same call.
    const renamed = await column({ ...base, name: 'renamed' }, fields);
    expect(renamed.cached).toBe(true);
    const instructed = await column(base, { ...fields, instruction: 'prefer recent studies' });
    expect(instructed).toMatchObject({
      cached: true,
      warnings: [expect.stringMatching(/not sent/)],
    });
    // DeepInfra's Qwen3 rerankers do take one.
    const qwen = providerConfig('deepinfra');
    await column(qwen, fields);
    const qwenInstructed = await column(qwen, { ...fields, instruction: 'prefer recent studies' });
    expect(qwenInstructed.cached).toBeUndefined();
  });

  it('sends again only the batches whose documents changed', async () => {
    const config = providerConfig('voyage', { params: { batchSize: 2, requestsPerMinute: 0 } });
    const fields = { query: 'partial cache query', bypassCache: false };
    await column(config, fields); // 5 documents: batches of 2, 2 and 1
    expect(sim.requests).toHaveLength(3);
    const edited = [...DOCS.slice(0, 4), 'exercise keeps the heart healthy'];
    const partial = await column(config, { ...fields, documents: edited });
    expect(sim.requests).toHaveLength(4);
    expect(partial).toMatchObject({ status: 'ok', calls: 1 });
    expect(partial.cached).toBeUndefined();
    expect(partial.wire).toHaveLength(1);
    expect(partial.warnings).toContain('2 of 3 batches were served from the cache');
    const fresh = await column(config, { query: fields.query, documents: edited });
    expect(partial.results).toEqual(fresh.results);
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
