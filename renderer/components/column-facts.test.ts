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
