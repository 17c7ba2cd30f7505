import { describe, expect, it } from 'vitest';
import type { ColumnResult } from '../../../shared/contract';
import {
  BM25_CONFIG,
  INPUT_ORDER_CONFIG,
  parsePipelineConfig,
  type PipelineConfig,
} from '../../../shared/pipeline/config';
import { rankByScore } from '../../../shared/scoring/ranking';
import { createEngine } from '../engine';
import { resolveStrategy } from '.';

const DOCS = ['the cat sat', 'dogs bark loudly', 'a cat and a dog', 'nothing relevant here', 'cat'];
const QUERY = 'cat dog';

function fusion(params: Record<string, unknown>, extra: Partial<PipelineConfig> = {}) {
  return {
    version: 1,
    name: 'fused',
    strategy: 'fusion',
    params: { members: [BM25_CONFIG, INPUT_ORDER_CONFIG], ...params },
    ...extra,
  } as PipelineConfig;
}

async function run(...configs: PipelineConfig[]): Promise<ColumnResult[]> {
  const engine = createEngine({ resolveStrategy });
  const result = await engine.run(
    {
      query: QUERY,
      documents: DOCS.map((text, index) => ({ index, text })),
      columns: configs.map((config, i) => ({ id: `c${i}`, config })),
    },
    new AbortController().signal,
  );
  return result.columns;
}

const order = (column: ColumnResult) => column.results.map((r) => r.index);

describe('fusion', () => {
  it('reciprocal rank fusion of BM25 and the input order, computed by hand', async () => {
    const [bm25, inputOrder, fused] = await run(BM25_CONFIG, INPUT_ORDER_CONFIG, fusion({}));
    expect(fused!.status).toBe('ok');
    expect(fused!.scoreKind).toBe('fused');
    // RRF(d) = 1/(60 + rank_bm25(d)) + 1/(60 + rank_input(d)), ranks 1-based.
    const rank = (column: ColumnResult, index: number) => order(column).indexOf(index) + 1;
    const expected = DOCS.map((_, index) => ({
      index,
      score: 1 / (60 + rank(bm25!, index)) + 1 / (60 + rank(inputOrder!, index)),
    }));
    expect(order(fused!)).toEqual(rankByScore(expected).map((d) => d.index));
    for (const result of fused!.results) {
      expect(result.score).toBeCloseTo(expected[result.index]!.score, 12);
    }
  });

  it('weights and normalisation change the fused order as configured', async () => {
    // All weight on BM25: a min-max weighted sum is BM25's own order.
    const [bm25, onlyBm25, onlyInput] = await run(
      BM25_CONFIG,
      fusion({ method: 'weighted', normalization: 'minmax', weights: [1, 0] }),
      fusion({ method: 'weighted', normalization: 'rank', weights: [0, 1] }),
    );
    expect(order(onlyBm25!)).toEqual(order(bm25!));
    expect(order(onlyInput!)).toEqual([0, 1, 2, 3, 4]);
  });

  it('CombSUM and CombMNZ over a member cut to its top N, computed by hand', async () => {
    // BM25 cut to its top 2 votes for documents 2 and 4 only (min-max over them: 1 and 0);
    // the input order votes for all five (min-max: 1, 0.75, 0.5, 0.25, 0).
    const top2 = { ...BM25_CONFIG, topN: 2 };
    const members = [top2, INPUT_ORDER_CONFIG];
    const [bm25, sum, mnz] = await run(
      BM25_CONFIG,
      fusion({ method: 'combsum', normalization: 'minmax', members }),
      fusion({ method: 'combmnz', normalization: 'minmax', members }),
    );
    expect(order(bm25!).slice(0, 2)).toEqual([2, 4]);
    const expectScores = (column: ColumnResult, expected: [number, number][]) => {
      expect(order(column)).toEqual(expected.map(([index]) => index));
      column.results.forEach((r, i) => expect(r.score).toBeCloseTo(expected[i]![1], 12));
    };
    expectScores(sum!, [
      [2, 1.5],
      [0, 1],
      [1, 0.75],
      [3, 0.25],
      [4, 0],
    ]);
    // × the number of members that kept the document: 2 for documents 2 and 4.
    expectScores(mnz!, [
      [2, 3],
      [0, 1],
      [1, 0.75],
      [3, 0.25],
      [4, 0],
    ]);
  });

  it('fails the column naming the member that failed', async () => {
    const broken: PipelineConfig = {
      version: 1,
      name: 'judge without a host',
      strategy: 'llm-judge',
      provider: 'openai-compatible',
    };
    const [fused] = await run(fusion({ members: [BM25_CONFIG, broken] }));
    expect(fused!.status).toBe('error');
    expect(fused!.error?.message).toMatch(/^member 2 "judge without a host" failed: /);
  });

  it('fuses fusions, and refuses configs that nest too deep or have wrong weights', async () => {
    const inner = fusion({});
    const [outer] = await run(fusion({ members: [inner, BM25_CONFIG] }));
    expect(outer!.status).toBe('ok');

    const deep = fusion({ members: [fusion({ members: [inner, BM25_CONFIG] }), BM25_CONFIG] });
    const refused = parsePipelineConfig(fusion({ members: [deep, BM25_CONFIG] }));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toContain('nest at most 3 levels');

    const weights = parsePipelineConfig(fusion({ weights: [1] }));
    expect(weights.ok).toBe(false);
    if (!weights.ok) expect(weights.error.message).toContain('one number per member');

    const member = parsePipelineConfig(fusion({ members: [BM25_CONFIG, { name: 'x' }] }));
    expect(member.ok).toBe(false);
    if (!member.ok) expect(member.error.message).toContain('params.members[1]');
  });
});
