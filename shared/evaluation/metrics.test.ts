/** Metrics against cases worked out by hand (the formulas in each expectation are the working). */
import { describe, expect, it } from 'vitest';
import { rankByScore } from '../scoring/ranking';
import { evaluateRanking, isEvaluable, mean, parseMetric, parseMetrics } from './metrics';

const specs = parseMetrics('ndcg@3,ndcg@10,mrr@10,mrr@1,mrr,recall@2,recall@5,p@5,p@10,map,map@2');
if (!specs.ok) throw new Error(specs.error.message);

// "x" is judged but not among the candidates; "e" is a candidate nobody judged.
const judgments = { a: 3, b: 0, c: 2, d: 1, x: 2 };
const ranking = ['b', 'a', 'e', 'c', 'd'];
const log2 = Math.log2;

describe('evaluateRanking', () => {
  it('computes every metric as trec_eval does, threshold 2', () => {
    const v = evaluateRanking(ranking, judgments, specs.value, 2);
    // Gains along the ranking: 0, 3, 0, 2, 1. Ideal gains from all judgments: 3, 2, 2, 1.
    const idcg3 = 3 / log2(2) + 2 / log2(3) + 2 / log2(4);
    expect(v['ndcg@3']).toBeCloseTo(3 / log2(3) / idcg3, 14);
    const dcg10 = 3 / log2(3) + 2 / log2(5) + 1 / log2(6);
    const idcg10 = idcg3 + 1 / log2(5);
    expect(v['ndcg@10']).toBeCloseTo(dcg10 / idcg10, 14);
    expect(v['mrr@10']).toBe(1 / 2);
    expect(v['mrr@1']).toBe(0);
    expect(v.mrr).toBe(1 / 2);
    // Relevant (grade ≥ 2): a, c and x, which no ranking can reach.
    expect(v['recall@2']).toBe(1 / 3);
    expect(v['recall@5']).toBe(2 / 3);
    expect(v['p@5']).toBe(2 / 5);
    expect(v['p@10']).toBe(2 / 10);
    expect(v.map).toBeCloseTo((1 / 2 + 2 / 4) / 3, 15);
    expect(v['map@2']).toBeCloseTo(1 / 2 / 3, 15);
  });

  it('moves the binary metrics with the threshold, not nDCG', () => {
    const at1 = evaluateRanking(ranking, judgments, specs.value, 1);
    const at2 = evaluateRanking(ranking, judgments, specs.value, 2);
    expect(at1.map).toBeCloseTo((1 / 2 + 2 / 4 + 3 / 5) / 4, 15);
    expect(at1['recall@5']).toBe(3 / 4);
    expect(at1['ndcg@10']).toBe(at2['ndcg@10']);
  });

  it('counts unjudged documents as grade 0', () => {
    const withUnjudged = evaluateRanking(['e', 'a'], judgments, specs.value, 2);
    const withNonRelevant = evaluateRanking(['b', 'a'], judgments, specs.value, 2);
    expect(withUnjudged).toEqual(withNonRelevant);
  });

  it('gives 0 for every metric of a query with judgments but no relevant document', () => {
    const v = evaluateRanking(['b', 'e'], { b: 0, z: 0 }, specs.value, 1);
    for (const value of Object.values(v)) expect(value).toBe(0);
    expect(isEvaluable({ b: 0 })).toBe(true);
    expect(isEvaluable({})).toBe(false);
  });

  it('uses the ranking as given: ties were already broken by input order', () => {
    // Two documents with equal scores: the engine's rankByScore keeps the input order.
    const ranked = rankByScore([
      { index: 0, score: 1 },
      { index: 1, score: 1 },
    ]).map(({ index }) => ['b', 'a'][index]!);
    expect(ranked).toEqual(['b', 'a']);
    const tied = evaluateRanking(ranked, judgments, specs.value, 2);
    expect(tied['mrr@10']).toBe(1 / 2);
    expect(evaluateRanking(['a', 'b'], judgments, specs.value, 2)['mrr@10']).toBe(1);
  });

  it('counts a document ranked twice once, at its first rank', () => {
    const v = evaluateRanking(['a', 'a', 'c'], judgments, specs.value, 2);
    expect(v['p@5']).toBe(2 / 5);
    expect(v.map).toBeCloseTo((1 / 1 + 2 / 2) / 3, 15);
  });

  it('gives 0 on an empty ranking', () => {
    const v = evaluateRanking([], judgments, specs.value, 2);
    expect(Object.values(v).every((value) => value === 0)).toBe(true);
  });
});

describe('metric names', () => {
  it('accepts the usual spellings and keeps one canonical name', () => {
    expect(parseMetric('NDCG@10')).toEqual({
      ok: true,
      value: { kind: 'ndcg', k: 10, name: 'ndcg@10' },
    });
    expect(parseMetric('P@5')).toEqual({
      ok: true,
      value: { kind: 'precision', k: 5, name: 'p@5' },
    });
    expect(parseMetric(' map ')).toEqual({ ok: true, value: { kind: 'map', name: 'map' } });
    const list = parseMetrics('ndcg@10, mrr@10,ndcg@10');
    expect(list.ok && list.value.map((s) => s.name)).toEqual(['ndcg@10', 'mrr@10']);
  });

  it('refuses unknown metrics and missing or silly cutoffs, saying what to write', () => {
    expect(parseMetric('bleu@4')).toMatchObject({
      ok: false,
      error: {
        message: 'unknown metric "bleu@4": use ndcg@k, mrr@k, mrr, recall@k, p@k, map or map@k',
      },
    });
    expect(parseMetric('ndcg')).toMatchObject({
      error: { message: 'metric "ndcg" needs a cutoff, like ndcg@10' },
    });
    expect(parseMetric('p@0')).toMatchObject({
      error: { message: 'metric "p@0": the cutoff must be 1 to 10000' },
    });
    expect(parseMetrics(' , ')).toMatchObject({
      error: { message: 'at least one metric is required' },
    });
  });

  it('averages', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBeUndefined();
  });
});
