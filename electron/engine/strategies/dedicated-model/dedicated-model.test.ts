/**
 * The dedicated-model strategy end to end: the contract handler, the engine, the adapters and
 * the real HTTP transport, against the loopback provider simulator. What one provider call
 * does (every adapter, SigV4, pages, fallback URLs) is tested in electron/providers/.
 */
import { describe, expect, it } from 'vitest';

import { PRICES_READ_ON } from '../../../../shared/providers/price-table';

import { simulatedLogit } from '../../../../testkit/provider-simulator';
import {
  column,
  DOCS,
  expectedOrder,
  providerConfig,
  QUERY,
  run,
  sim,
  useSimulatorHarness,
} from '../../../../testkit/harness/dedicated-model';

useSimulatorHarness();

describe('scores, cost and instructions through the real transport', () => {
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
      detail: `1 billed search unit × $2.00/1,000 (list price read ${PRICES_READ_ON})`,
      price: { origin: 'list', asOf: PRICES_READ_ON, source: 'https://cohere.com/pricing' },
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
    const sent = (provider: string) =>
      sim.requests.find((r) => r.provider === provider)!.body as Record<string, unknown>;
    const [deepinfra, vllm] = [sent('deepinfra'), sent('vllm')];
    expect(deepinfra.instruction).toBe('Prefer medical sources');
    // vLLM has no field that reaches a template-less server: it goes into Qwen3's template.
    expect(vllm.query).toContain('<Instruct>: Prefer medical sources\n');
    const bge = await column(providerConfig('vllm', { model: 'BAAI/bge-reranker-v2-m3' }), {
      instruction: 'x',
    });
    expect(bge.warnings).toContain(
      'vLLM with BAAI/bge-reranker-v2-m3 does not take an instruction here; it was not sent',
    );
    const cohere = await column(providerConfig('cohere'), { instruction: 'x' });
    expect(cohere.warnings).toContain('Cohere does not take an instruction; it was not sent');
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
