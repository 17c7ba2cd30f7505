import { describe, expect, it } from 'vitest';
import { kendallTau, rankBiasedOverlap, rankDelta, topKOverlap } from './agreement';

/** A seeded permutation, so the randomised cross-checks are the same on every run. */
function shuffled(n: number, seed: number): number[] {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const values = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  return values;
}

/** τ by the definition: every pair compared once. */
function naiveTau(a: number[], b: number[]): number {
  const inB = new Map(b.map((key, i) => [key, i]));
  const shared = a.filter((key) => inB.has(key));
  let score = 0;
  for (let i = 0; i < shared.length; i++) {
    for (let j = i + 1; j < shared.length; j++) {
      score += Math.sign(inB.get(shared[j]!)! - inB.get(shared[i]!)!);
    }
  }
  return score / ((shared.length * (shared.length - 1)) / 2);
}

/** RBO_ext of equal-length lists by the definition (equation 30), prefixes intersected anew. */
function naiveRbo(a: number[], b: number[], p: number): number {
  const k = a.length;
  const overlap = (d: number) => {
    const head = new Set(a.slice(0, d));
    return b.slice(0, d).filter((key) => head.has(key)).length;
  };
  let sum = 0;
  for (let d = 1; d <= k; d++) sum += (overlap(d) / d) * p ** d;
  return (overlap(k) / k) * p ** k + ((1 - p) / p) * sum;
}

describe('kendallTau', () => {
  it('is 1 for the same order and -1 for the reverse', () => {
    expect(kendallTau([1, 2, 3, 4], [1, 2, 3, 4]).tau).toBe(1);
    expect(kendallTau([1, 2, 3, 4], [4, 3, 2, 1]).tau).toBe(-1);
  });

  it('counts the pairs by hand: one swap among four documents', () => {
    // Pairs: (1,2) (1,3) (1,4) (2,3) (2,4) (3,4); only (2,3) is reversed → (5 − 1) / 6.
    const result = kendallTau(['d1', 'd2', 'd3', 'd4'], ['d1', 'd3', 'd2', 'd4']);
    expect(result).toEqual({ tau: 4 / 6, shared: 4, concordant: 5, discordant: 1 });
  });

  it('compares only the documents both rankings hold', () => {
    // Shared: b, c, d. A orders them b c d; B orders them d b c → pairs (b,c) agree, (b,d) and
    // (c,d) disagree: (1 − 2) / 3.
    const result = kendallTau(['a', 'b', 'c', 'd'], ['d', 'x', 'b', 'c']);
    expect(result.shared).toBe(3);
    expect(result.tau).toBeCloseTo(-1 / 3, 12);
  });

  it('is undefined below two shared documents', () => {
    expect(kendallTau([1], [1]).tau).toBeUndefined();
    expect(kendallTau([1, 2], [3, 4]).tau).toBeUndefined();
    expect(kendallTau([], []).tau).toBeUndefined();
  });

  it('agrees with the pairwise definition on random permutations', () => {
    for (const [n, seed] of [
      [2, 1],
      [7, 2],
      [50, 3],
      [333, 4],
    ] as const) {
      const a = shuffled(n, seed);
      const b = shuffled(n, seed + 100);
      expect(kendallTau(a, b).tau).toBeCloseTo(naiveTau(a, b), 12);
    }
  });
});

describe('rankBiasedOverlap', () => {
  it('is 1 for identical lists and 0 for disjoint ones', () => {
    expect(rankBiasedOverlap([1, 2, 3], [1, 2, 3]).rbo).toBeCloseTo(1, 12);
    expect(rankBiasedOverlap([1, 2, 3], [4, 5, 6]).rbo).toBe(0);
    expect(rankBiasedOverlap([], []).rbo).toBe(1);
    expect(rankBiasedOverlap([1], []).rbo).toBe(0);
  });

  it('matches a hand computation: two documents swapped, p = 0.9', () => {
    // X1 = 0, X2 = 2: (2/2)·0.81 + (0.1/0.9)·(0 + (2/2)·0.81) = 0.81 + 0.09.
    expect(rankBiasedOverlap(['a', 'b'], ['b', 'a'], 0.9).rbo).toBeCloseTo(0.9, 12);
  });

  it('handles lists of uneven length as the paper does (equation 32)', () => {
    // S = [a] is a prefix of L = [a, b]: nothing contradicts it, so the extrapolation is 1.
    expect(rankBiasedOverlap(['a'], ['a', 'b'], 0.5).rbo).toBeCloseTo(1, 12);
    // S = [b], L = [a, b], p = 0.5: X1 = 0, X2 = 1; Σ X_d/d p^d = 0.125, no tail (X_s = 0),
    // ((X_l − X_s)/l + X_s/s) p^l = 0.125 → 0.25. The order of the arguments does not matter.
    expect(rankBiasedOverlap(['b'], ['a', 'b'], 0.5).rbo).toBeCloseTo(0.25, 12);
    expect(rankBiasedOverlap(['a', 'b'], ['b'], 0.5).rbo).toBeCloseTo(0.25, 12);
  });

  it('agrees with the definition on random equal-length lists, for several p', () => {
    for (const p of [0.5, 0.8, 0.9, 0.98]) {
      const a = shuffled(60, 7);
      const b = shuffled(60, 8);
      expect(rankBiasedOverlap(a, b, p).rbo).toBeCloseTo(naiveRbo(a, b, p), 12);
    }
  });

  it('gives a lower bound that never exceeds the extrapolation', () => {
    const a = shuffled(40, 11);
    const b = shuffled(40, 12);
    const { rbo, min } = rankBiasedOverlap(a, b, 0.9);
    expect(min).toBeGreaterThan(0);
    expect(min).toBeLessThanOrEqual(rbo);
    // Identical lists: certain agreement on the first 40 ranks is 1 − 0.9^40 and more.
    expect(rankBiasedOverlap(a, a, 0.9).min).toBeGreaterThan(1 - 0.9 ** 40);
  });

  it('weights the top: a swap at the top costs more than one at the bottom', () => {
    const base = [1, 2, 3, 4, 5, 6, 7, 8];
    const top = [2, 1, 3, 4, 5, 6, 7, 8];
    const bottom = [1, 2, 3, 4, 5, 6, 8, 7];
    expect(rankBiasedOverlap(base, top).rbo).toBeLessThan(rankBiasedOverlap(base, bottom).rbo);
  });

  it('refuses a p outside (0, 1)', () => {
    expect(() => rankBiasedOverlap([1], [1], 1)).toThrow(/p must be between 0 and 1/);
    expect(() => rankBiasedOverlap([1], [1], 0)).toThrow(/p must be between 0 and 1/);
  });
});

describe('topKOverlap', () => {
  it('counts the shared documents of the two heads', () => {
    expect(topKOverlap([1, 2, 3, 4], [3, 1, 9, 2], 2)).toEqual({ k: 2, shared: 1, fraction: 0.5 });
    expect(topKOverlap([1, 2, 3, 4], [3, 1, 9, 2], 4)).toEqual({ k: 4, shared: 3, fraction: 0.75 });
  });

  it('cuts k to the shorter list', () => {
    expect(topKOverlap([1, 2], [2, 1, 3], 10)).toEqual({ k: 2, shared: 2, fraction: 1 });
    expect(topKOverlap([], [1], 3)).toEqual({ k: 0, shared: 0, fraction: undefined });
  });
});

describe('rankDelta', () => {
  it('is positive for a move up and undefined for a document one side lacks', () => {
    expect(rankDelta(5, 2)).toBe(3);
    expect(rankDelta(0, 4)).toBe(-4);
    expect(rankDelta(undefined, 1)).toBeUndefined();
  });
});
