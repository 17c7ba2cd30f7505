import { describe, expect, it } from 'vitest';
import { parsePipelineConfig, type PipelineConfig } from '../../../shared/pipeline/config';
import type { RerankDocument } from '../../../shared/rerank/documents';
import { createEngine } from '../engine';
import { resolveStrategy } from '.';

const DOCS: RerankDocument[] = [
  { index: 0, text: 'cat food reviews', metadata: { date: '2026-11-01', source: 'blog' } },
  {
    index: 1,
    text: 'cat care guide for new owners',
    metadata: { date: '2020-01-01', source: 'vet' },
  },
  { index: 2, text: 'dog training', metadata: { date: '2026-11-20', source: 'blog' } },
];

async function rank(params: Record<string, unknown>) {
  const config: PipelineConfig = { version: 1, name: 'h', strategy: 'heuristic', params };
  const run = await createEngine({ resolveStrategy }).run(
    { query: 'cat', documents: DOCS, columns: [{ id: 'c', config }] },
    new AbortController().signal,
  );
  return run.columns[0]!;
}

describe('heuristic BM25 with boosts', () => {
  it('keyword, field and recency boosts reorder BM25, keeping BM25 as the raw score', async () => {
    const plain = await rank({ method: 'bm25' });
    expect(plain.results.map((r) => r.index)).toEqual([0, 1, 2]);

    const vet = await rank({
      method: 'bm25',
      fields: [{ field: 'source', value: 'VET', weight: 5 }],
    });
    expect(vet.results.map((r) => r.index)).toEqual([1, 0, 2]);
    const guide = vet.results[0]!;
    expect(guide.rawScore).toBe(plain.results.find((r) => r.index === 1)!.rawScore);
    expect(guide.score).toBeCloseTo(guide.rawScore + 5, 12);

    const phrase = await rank({ method: 'bm25', keywords: [{ term: 'dog training', weight: 10 }] });
    expect(phrase.results[0]!.index).toBe(2);

    // A 30-day half-life at full weight: the 2020 guide decays to almost nothing.
    const recent = await rank({
      method: 'bm25',
      fields: [{ field: 'source', value: 'vet', weight: 0.1 }],
      recency: { field: 'date', halfLifeDays: 30, weight: 1, now: '2026-11-21T00:00:00Z' },
    });
    expect(recent.results.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(recent.results.find((r) => r.index === 1)!.score).toBeLessThan(1e-10);
  });

  it('refuses boosts that make no sense, naming the field', () => {
    const refused = parsePipelineConfig({
      version: 1,
      name: 'h',
      strategy: 'heuristic',
      params: { method: 'bm25', recency: { field: 'date', halfLifeDays: -1 } },
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toContain('params.recency.halfLifeDays');
  });
});
