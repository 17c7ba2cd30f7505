import { describe, expect, it } from 'vitest';
import type { ColumnResult } from '../../shared/contract';
import { columnFacts, formatUsd } from './column-facts';

const base: ColumnResult = {
  columnId: 'c1',
  name: 'Cohere',
  status: 'ok',
  results: [],
  latencyMs: 12,
  warnings: [],
};
const texts = (result: Partial<ColumnResult>) =>
  columnFacts({ ...base, ...result }).map((fact) => fact.text);

describe('column facts', () => {
  it('says nothing when there is nothing to say', () => {
    expect(texts({})).toEqual([]);
    // A heuristic column: no calls were made, so none are mentioned.
    expect(texts({ scoreKind: 'bm25', calls: 0, retries: 0 })).toEqual(['BM25 scores']);
  });

  it('describes a billed provider call', () => {
    expect(
      texts({
        scoreKind: 'probability',
        producedBy: { name: 'Cohere', provider: 'cohere', fallback: 0 },
        calls: 3,
        retries: 2,
        usage: { searchUnits: 1 },
        cost: { usd: 0.002, basis: 'per-search', detail: '1 billed search × $2.00/1,000' },
      }),
    ).toEqual([
      'probabilities',
      '3 calls · 2 retries',
      '1 search unit',
      '$0.0020 · 1 billed search × $2.00/1,000',
    ]);
  });

  it("says which price a cost used: the dated list price and its page, or the user's", () => {
    const list = columnFacts({
      ...base,
      usage: { rerankUnits: 2 },
      cost: {
        usd: 0.02,
        basis: 'per-search',
        detail: '10 estimated queries × $2.00/1,000 (list price read 2026-12-06)',
        price: { origin: 'list', asOf: '2026-12-06', source: 'https://example.test/pricing' },
      },
    });
    expect(list.map((f) => f.text)).toContain('2 rerank units');
    expect(list.find((f) => f.key === 'cost')?.title).toBe(
      '10 estimated queries × $2.00/1,000 (list price read 2026-12-06). List price read 2026-12-06 from https://example.test/pricing; set params.pricing to use your own.',
    );
    const yours = columnFacts({
      ...base,
      cost: {
        usd: 0.001,
        basis: 'per-call',
        detail: '2 calls × $0.50/1,000 (your price)',
        price: { origin: 'user' },
      },
    });
    expect(yours.find((f) => f.key === 'cost')).toMatchObject({
      text: '$0.0010 · 2 calls × $0.50/1,000 (your price)',
      title: '2 calls × $0.50/1,000 (your price). Your price, set in the config (params.pricing).',
    });
  });

  it('names the fallback, the cache, tokens and a reported cost', () => {
    expect(
      texts({
        scoreKind: 'bm25',
        producedBy: { name: 'bm25', fallback: 1 },
        cached: true,
        calls: 0,
        usage: { inputTokens: 1200, outputTokens: 34 },
        cost: { usd: 0.000015, basis: 'reported', detail: '$0.000015 reported by the provider' },
      }),
    ).toEqual([
      'BM25 scores',
      'via fallback: bm25',
      'cached',
      '1,234 tokens',
      '$0.000015 · reported by the provider',
    ]);
  });

  it('formats amounts of money to what matters', () => {
    expect([0, 0.002, 0.05, 1.5e-5, 12.5].map(formatUsd)).toEqual([
      '$0',
      '$0.0020',
      '$0.0500',
      '$0.000015',
      '$12.50',
    ]);
  });
});
