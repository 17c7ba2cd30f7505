/** Every pair of columns: tests worked out by hand, orientation, Holm's adjustment, the matrix. */
import { describe, expect, it } from 'vitest';
import {
  columnPairs,
  comparePair,
  comparePairs,
  compareColumns,
  holmAdjust,
  pairTest,
  pairwiseMatrix,
} from './pairwise';
import type { QueryResult } from './schemas';

/**
 * Four queries, three columns. a − b = 0.5, 0.5, 0, −0.25 (exact in binary floating point).
 * Randomisation: the zero difference flips to itself, so the 16 patterns are the 8 sign
 * patterns of (0.5, 0.5, −0.25) twice; their sums are ±1.25, ±0.75, ±0.25, ±0.25, and
 * |sum| ≥ |0.75| for 4 of the 8: p = 8/16 = 0.5 exactly.
 * t: mean 0.1875; deviations 0.3125, 0.3125, −0.1875, −0.4375; squares sum 0.421875;
 * variance 0.421875 / 3 = 0.140625, sd 0.375, standard error 0.375 / 2 = 0.1875: t = 1, df 3.
 * Student's t with 3 df has the closed form F(t) = 1/2 + (1/π)(t/(√3(1 + t²/3)) + atan(t/√3)),
 * so at t = 1 the two-sided p = 1 − (2/π)(√3/4 + π/6) = 2/3 − √3/(2π) ≈ 0.391002.
 */
const rows: [string, number, number, number][] = [
  ['q1', 1, 0.5, 0.25],
  ['q2', 0.75, 0.25, 0.25],
  ['q3', 0.5, 0.5, 0],
  ['q4', 0.25, 0.5, 0],
];
const queries: QueryResult[] = rows.map(([queryId, a, b, c]) => ({
  queryId,
  query: queryId,
  candidates: 3,
  relevant: 1,
  values: { a: { map: a }, b: { map: b }, c: { map: c } },
}));
const T_P = 2 / 3 - Math.sqrt(3) / (2 * Math.PI);

describe('one pair', () => {
  it('gives the hand-worked randomisation p, t and t-test p', () => {
    const test = compareColumns(queries, 'a', 'b', 'map');
    expect(test).toMatchObject({
      n: 4,
      meanDifference: 0.1875,
      t: 1,
      randomisationP: 0.5,
      exact: true,
      wins: 2,
      losses: 1,
      ties: 1,
    });
    expect(test.tTestP).toBeCloseTo(T_P, 10);
    expect(T_P).toBeCloseTo(0.391002, 6);
  });

  it('pairs only the queries both columns ranked', () => {
    const withFailure = queries.map((q) =>
      q.queryId === 'q4' ? { ...q, values: { a: q.values.a!, c: q.values.c! } } : q,
    );
    // a − b is now 0.5, 0.5, 0: every flip of the two 0.5s reaching |1| is 2 of 4 patterns.
    expect(compareColumns(withFailure, 'a', 'b', 'map')).toMatchObject({
      n: 3,
      randomisationP: 0.5,
      wins: 2,
      ties: 1,
    });
  });

  it('reads a stored pair the other way round: signs and wins flip, p stays', () => {
    const pairwise = [comparePair(queries, ['a', 'b'], ['map'])];
    const reversed = pairTest(pairwise, 'b', 'a', 'map')!;
    expect(reversed).toMatchObject({
      meanDifference: -0.1875,
      t: -1,
      wins: 1,
      losses: 2,
      ties: 1,
      randomisationP: 0.5,
    });
    expect(reversed.tTestP).toBe(pairwise[0]!.tests.map!.tTestP);
    expect(pairTest(pairwise, 'a', 'c', 'map')).toBeUndefined();
    expect(pairTest(pairwise, 'a', 'b', 'ndcg@10')).toBeUndefined();
  });
});

describe('every pair', () => {
  it('lists each pair once, in column order', () => {
    expect(columnPairs(['a', 'b', 'c'])).toEqual([
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'c'],
    ]);
    expect(comparePairs(queries, ['a', 'b', 'c'], ['map']).map((p) => [p.a, p.b])).toEqual([
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'c'],
    ]);
  });

  it('gives each pair exactly the test run on its own, from one pass per metric', () => {
    // 40 queries (sampled, not enumerated), values on a grid as metrics' are (many ties), four
    // columns, one of which failed on two queries: its pairs are tested on their own.
    let x = 11;
    const next = () => (x = (x * 48271) % 2147483647) % 5;
    const many: QueryResult[] = Array.from({ length: 40 }, (_, i) => ({
      queryId: `q${i}`,
      query: `q${i}`,
      candidates: 10,
      relevant: 2,
      values: Object.fromEntries(
        ['a', 'b', 'c', 'd']
          .filter((id) => !(id === 'd' && (i === 3 || i === 17)))
          .map((id) => [id, { map: next() / 4, 'ndcg@10': next() / 8 }]),
      ),
    }));
    const ids = ['a', 'b', 'c', 'd'];
    const metrics = ['map', 'ndcg@10'];
    const options = { samples: 2000, seed: 5 };
    const shared = comparePairs(many, ids, metrics, options);
    const alone = columnPairs(ids).map((pair) => comparePair(many, pair, metrics, options));
    expect(shared).toEqual(alone);
    expect(shared[0]!.tests.map).toMatchObject({ n: 40, exact: false });
    expect(shared[2]!.tests.map!.n).toBe(38);
  });

  it('adjusts by Holm–Bonferroni as worked by hand', () => {
    // Sorted: 0.005 × 4 = 0.02; 0.01 × 3 = 0.03; 0.03 × 2 = 0.06; 0.04 × 1 = 0.04 → 0.06
    // (never below an earlier one).
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((p, i) => expect(adjusted[i]).toBeCloseTo(p, 12));
    expect(holmAdjust([0.6, undefined, 0.4])).toEqual([0.8, undefined, 0.8]);
    expect(holmAdjust([0.9, 0.8])).toEqual([1, 1]);
  });

  it('builds the matrix of a metric: both orientations, adjusted p, the raw tests kept', () => {
    const pairwise = comparePairs(queries, ['a', 'b', 'c'], ['map']);
    const { cells, family } = pairwiseMatrix(pairwise, ['a', 'b', 'c'], 'map');
    expect(family).toBe(3);
    expect(cells[0]![0]).toBeUndefined();
    expect(cells[0]![1]!.test.meanDifference).toBe(0.1875);
    expect(cells[1]![0]!.test.meanDifference).toBe(-0.1875);
    const raw = pairwise.map((p) => p.tests.map!.randomisationP);
    const expected = holmAdjust(raw);
    expect(cells[0]![1]!.randomisationP).toBe(expected[0]);
    expect(cells[1]![0]!.randomisationP).toBe(expected[0]);
    expect(cells[1]![2]!.randomisationP).toBe(expected[2]);
    // By hand: a − c = 0.75, 0.5, 0.5, 0.25, all gains: only the two all-same-sign patterns of
    // 16 reach |2|, p 0.125. b − c = 0.25, 0, 0.5, 0.5: of the 8 patterns of the non-zero three
    // only ±(all) reach |1.25|, p 0.25. Holm: 0.125 × 3 = 0.375; 0.25 × 2 = 0.5; 0.5 × 1 = 0.5.
    expect(raw).toEqual([0.5, 0.125, 0.25]);
    expect(expected).toEqual([0.5, 0.375, 0.5]);
    expect(cells[0]![1]!.test.randomisationP).toBe(0.5);
  });
});
