import { describe, expect, it } from 'vitest';
import { combMnz, combSum, reciprocalRankFusion, weightedFusion } from './fusion';
import type { Scored } from './ranking';

function member(scores: Record<number, number>): { scores: Scored[] } {
  return { scores: Object.entries(scores).map(([index, score]) => ({ index: +index, score })) };
}

function asRecord(fused: readonly Scored[]): Record<number, number> {
  return Object.fromEntries(fused.map(({ index, score }) => [index, score]));
}

// Three small rankings over 6 documents (document 5 is in none of them).
//   A: d0 0.9, d2 0.7, d1 0.5           → ranks d0 1, d2 2, d1 3
//   B: d1 3.0, d3 2.0, d0 1.0           → ranks d1 1, d3 2, d0 3
//   C: d2 10, d0 10, d4 1 (d0/d2 tie)   → lower index first: d0 1, d2 2, d4 3
const A = member({ 0: 0.9, 1: 0.5, 2: 0.7 });
const B = member({ 1: 3, 3: 2, 0: 1 });
const C = member({ 2: 10, 0: 10, 4: 1 });

describe('reciprocalRankFusion', () => {
  it('matches hand-computed RRF with k = 60', () => {
    // 1/61 = 0.0163934, 1/62 = 0.0161290, 1/63 = 0.0158730
    //   d0 = 1/61 (A) + 1/63 (B) + 1/61 (C) = 0.0486599
    //   d1 = 1/63 (A) + 1/61 (B)            = 0.0322665
    //   d2 = 1/62 (A) + 1/62 (C)            = 0.0322581   (just below d1: 1/x is convex)
    //   d3 = 1/62 (B)                       = 0.0161290
    //   d4 = 1/63 (C)                       = 0.0158730
    const fused = reciprocalRankFusion([A, B, C], 6);
    expect(fused.map((f) => f.index)).toEqual([0, 1, 2, 3, 4]);
    const s = asRecord(fused);
    expect(s[0]).toBeCloseTo(0.0486599, 7);
    expect(s[1]).toBeCloseTo(0.0322665, 7);
    expect(s[2]).toBeCloseTo(0.0322581, 7);
    expect(s[3]).toBeCloseTo(0.016129, 7);
    expect(s[4]).toBeCloseTo(0.015873, 7);
  });

  it('applies weights and k', () => {
    // k = 0, weights A 2, B 1, C 0:
    //   d0 = 2/1 + 1/3 + 0 = 2.3333;  d1 = 2/3 + 1/1 = 1.6667;  d2 = 2/2 + 0 = 1
    //   d3 = 1/2 = 0.5;  d4 = 0 (listed: C ranked it, with weight 0)
    const s = asRecord(reciprocalRankFusion([A, B, C], 6, { k: 0, weights: [2, 1, 0] }));
    expect(s[0]).toBeCloseTo(7 / 3, 10);
    expect(s[1]).toBeCloseTo(5 / 3, 10);
    expect(s[2]).toBeCloseTo(1, 10);
    expect(s[3]).toBeCloseTo(0.5, 10);
    expect(s[4]).toBe(0);
    expect(s[5]).toBeUndefined();
  });

  it('drops non-finite member scores as "not scored" instead of ranking them', () => {
    // Without the NaN entry B is d3 (rank 1), d1 (rank 2): d1 = 1/(60+2).
    const withNaN = member({ 1: 2, 3: 5, 4: Number.NaN });
    const s = asRecord(reciprocalRankFusion([withNaN], 5));
    expect(s[3]).toBeCloseTo(1 / 61, 10);
    expect(s[1]).toBeCloseTo(1 / 62, 10);
    expect(s[4]).toBeUndefined();
  });
});

// Partial members over 4 documents:
//   M1: d0 10, d1 6, d2 2        (no d3)
//   M2: d1 0.9, d3 0.3           (top-2 only)
const M1 = member({ 0: 10, 1: 6, 2: 2 });
const M2 = member({ 1: 0.9, 3: 0.3 });

describe('weightedFusion', () => {
  it('minmax: missing documents take the member minimum', () => {
    // M1 minmax: d0 1, d1 0.5, d2 0 (min 0 → d3 gets 0). M2 minmax: d1 1, d3 0 (min 0).
    // Weights 1, 2: d0 = 1 + 2·0 = 1, d1 = 0.5 + 2·1 = 2.5, d2 = 0 + 2·0 = 0, d3 = 0 + 2·0 = 0.
    const fused = weightedFusion([M1, M2], 4, { normalization: 'minmax', weights: [1, 2] });
    expect(fused).toEqual([
      { index: 1, score: 2.5 },
      { index: 0, score: 1 },
      { index: 2, score: 0 },
      { index: 3, score: 0 },
    ]);
  });

  it('zscore: the member minimum is negative, so missing documents are penalised', () => {
    // M1: mean 6, deviations 4, 0, −4, variance 32/3, std 3.265986 → z 1.224745, 0, −1.224745.
    // M2: mean 0.6, std 0.3 → z 1, −1.
    //   d0 = 1.224745 + (−1, missing from M2) = 0.224745
    //   d1 = 0 + 1 = 1
    //   d2 = −1.224745 + (−1, missing)        = −2.224745
    //   d3 = (−1.224745, missing) + −1        = −2.224745 (tie with d2: lower index first)
    const fused = weightedFusion([M1, M2], 4, { normalization: 'zscore' });
    expect(fused.map((f) => f.index)).toEqual([1, 0, 2, 3]);
    const s = asRecord(fused);
    expect(s[0]).toBeCloseTo(0.224745, 6);
    expect(s[1]).toBeCloseTo(1, 10);
    expect(s[2]).toBeCloseTo(-2.224745, 6);
    expect(s[3]).toBeCloseTo(-2.224745, 6);
  });

  it('rank: the member minimum is 1/n of that member', () => {
    // M1 rank: d0 3/3, d1 2/3, d2 1/3 (floor 1/3). M2 rank: d1 2/2, d3 1/2 (floor 1/2).
    //   d0 = 1 + 1/2 = 1.5,  d1 = 2/3 + 1 = 1.6667,  d2 = 1/3 + 1/2 = 0.8333,  d3 = 1/3 + 1/2
    const s = asRecord(weightedFusion([M1, M2], 4, { normalization: 'rank' }));
    expect(s[0]).toBeCloseTo(1.5, 10);
    expect(s[1]).toBeCloseTo(5 / 3, 10);
    expect(s[2]).toBeCloseTo(5 / 6, 10);
    expect(s[3]).toBeCloseTo(5 / 6, 10);
  });

  it('an empty member contributes nothing', () => {
    const withEmpty = weightedFusion([M1, { scores: [] }], 4, {
      normalization: 'minmax',
      weights: [1, 5],
    });
    expect(withEmpty).toEqual(weightedFusion([M1], 4, { normalization: 'minmax' }));
  });
});

describe('combSum and combMnz', () => {
  // P: d0 10, d1 6, d2 0   → minmax d0 1, d1 0.6, d2 0
  // Q: d3 10, d1 3, d2 0   → minmax d3 1, d1 0.3, d2 0
  const P = member({ 0: 10, 1: 6, 2: 0 });
  const Q = member({ 3: 10, 1: 3, 2: 0 });

  it('CombSUM adds what each member gave; a one-list document adds nothing elsewhere', () => {
    // d0 = 1 (P only), d1 = 0.6 + 0.3 = 0.9, d2 = 0 + 0 = 0, d3 = 1 (Q only).
    const fused = combSum([P, Q], 4, { normalization: 'minmax' });
    expect(fused.map((f) => f.index)).toEqual([0, 3, 1, 2]);
    expect(asRecord(fused)[1]).toBeCloseTo(0.9, 10);
  });

  it('CombMNZ multiplies by the number of members: agreement beats one-list documents', () => {
    // d0 = 1 · 1 = 1, d1 = 0.9 · 2 = 1.8, d2 = 0 · 2 = 0, d3 = 1 · 1 = 1.
    const fused = combMnz([P, Q], 4, { normalization: 'minmax' });
    expect(fused.map((f) => f.index)).toEqual([1, 0, 3, 2]);
    const s = asRecord(fused);
    expect(s[1]).toBeCloseTo(1.8, 10);
    expect(s[0]).toBe(1);
    expect(s[3]).toBe(1);
  });

  it('differs from weightedFusion on missing documents (0 instead of the member minimum)', () => {
    // rank normalisation: P d0 1, d1 2/3, d2 1/3; Q d3 1, d1 2/3, d2 1/3.
    // CombSUM d0 = 1; weighted d0 = 1 + Q's floor 1/3 = 4/3.
    expect(asRecord(combSum([P, Q], 4, { normalization: 'rank' }))[0]).toBeCloseTo(1, 10);
    expect(asRecord(weightedFusion([P, Q], 4, { normalization: 'rank' }))[0]).toBeCloseTo(
      4 / 3,
      10,
    );
  });
});

describe('fusion input checks', () => {
  it('rejects weights of the wrong length or negative/non-finite weights', () => {
    expect(() => reciprocalRankFusion([A, B], 6, { weights: [1] })).toThrow(
      /weights has 1 entries but there are 2 members/,
    );
    expect(() => weightedFusion([A, B], 6, { normalization: 'minmax', weights: [1, -1] })).toThrow(
      /weight of member 1 is -1/,
    );
    expect(() => reciprocalRankFusion([A], 6, { weights: [Number.NaN] })).toThrow(RangeError);
    expect(() => reciprocalRankFusion([A], 6, { weights: [Infinity] })).toThrow(RangeError);
  });

  it('rejects indices outside the candidate set, repeated documents and a bad k', () => {
    expect(() => combSum([A], 2, { normalization: 'minmax' })).toThrow(
      /member 0 scores document 2, outside 0..1/,
    );
    const twice = {
      scores: [
        { index: 1, score: 1 },
        { index: 1, score: 2 },
      ],
    };
    expect(() => combMnz([A, twice], 6, { normalization: 'rank' })).toThrow(
      /member 1 scores document 1 twice/,
    );
    expect(() => reciprocalRankFusion([A], 6, { k: -1 })).toThrow(RangeError);
  });

  it('returns nothing when no member scored anything', () => {
    expect(reciprocalRankFusion([], 3)).toEqual([]);
    expect(combSum([{ scores: [] }], 3, { normalization: 'zscore' })).toEqual([]);
  });
});
