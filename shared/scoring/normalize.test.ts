import { describe, expect, it } from 'vitest';
import { detectScoreScale, normalizeScores, sigmoid } from './normalize';

describe('normalizeScores', () => {
  it('minmax: (s − min) / (max − min)', () => {
    // min 2, max 10, range 8: (2−2)/8 = 0, (4−2)/8 = 0.25, (6−2)/8 = 0.5, (10−2)/8 = 1; order kept.
    expect(normalizeScores([6, 2, 10, 4], 'minmax')).toEqual([0.5, 0, 1, 0.25]);
  });

  it('zscore: (s − mean) / population std', () => {
    // mean 40/8 = 5; squared deviations 9,1,1,1,0,0,4,16 → sum 32, /8 = 4 → std 2.
    // (A sample std would be √(32/7) ≈ 2.138 and give different values.)
    const z = normalizeScores([2, 4, 4, 4, 5, 5, 7, 9], 'zscore');
    expect(z).toEqual([-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2]);
  });

  it('rank: (n − rank0) / n, ties share the best rank of their group', () => {
    // Descending: 0.9 (rank0 0), 0.5 (1), 0.3 and 0.3 (both 2), 0.1 (4); n = 5.
    // → 0.3: 3/5, 0.9: 5/5, 0.3: 3/5, 0.1: 1/5, 0.5: 4/5.
    expect(normalizeScores([0.3, 0.9, 0.3, 0.1, 0.5], 'rank')).toEqual([0.6, 1, 0.6, 0.2, 0.8]);
  });

  it('rank ignores how far apart the raw scores are', () => {
    expect(normalizeScores([1000, 1, 0.5], 'rank')).toEqual(normalizeScores([3, 2, 1], 'rank'));
  });

  it('all-equal scores: minmax → 1, zscore → 0, rank → 1', () => {
    expect(normalizeScores([7, 7, 7], 'minmax')).toEqual([1, 1, 1]);
    expect(normalizeScores([7, 7, 7], 'zscore')).toEqual([0, 0, 0]);
    expect(normalizeScores([7, 7, 7], 'rank')).toEqual([1, 1, 1]);
  });

  it('leaves non-finite scores out of the statistics and returns NaN for them', () => {
    // Finite scores 1 and 3: min 1, max 3.
    expect(normalizeScores([1, Number.NaN, 3, Infinity], 'minmax')).toEqual([
      0,
      Number.NaN,
      1,
      Number.NaN,
    ]);
    // n counts finite scores only: 2 → best 2/2, worst 1/2.
    expect(normalizeScores([1, Number.NaN, 3], 'rank')).toEqual([0.5, Number.NaN, 1]);
    expect(normalizeScores([Number.NaN], 'zscore')).toEqual([Number.NaN]);
  });

  it('handles the empty list and large candidate sets', () => {
    expect(normalizeScores([], 'minmax')).toEqual([]);
    const many = Array.from({ length: 300_000 }, (_, i) => i);
    const normalised = normalizeScores(many, 'minmax');
    expect(normalised[0]).toBe(0);
    expect(normalised[299_999]).toBe(1);
  });
});

describe('detectScoreScale', () => {
  it('reads scores within [0, 1] as probabilities', () => {
    const scale = detectScoreScale([0.1, 0.97, 0.02]);
    expect(scale.kind).toBe('probability');
    expect(scale.reason).toContain('min 0.02, max 0.97');
    expect(detectScoreScale([0, 1]).kind).toBe('probability');
  });

  it('reads any negative score as a logit', () => {
    const scale = detectScoreScale([-8.5, 3.25, 0.5]);
    expect(scale.kind).toBe('logit');
    expect(scale.reason).toContain('min -8.5, max 3.25');
  });

  it('reads non-negative scores above 1 as unbounded positive (BM25-like)', () => {
    const scale = detectScoreScale([0, 12.75, 3]);
    expect(scale.kind).toBe('unbounded-positive');
    expect(scale.reason).toContain('min 0, max 12.75');
  });

  it('reports empty when there is no finite score, and ignores non-finite ones otherwise', () => {
    expect(detectScoreScale([]).kind).toBe('empty');
    expect(detectScoreScale([Number.NaN]).kind).toBe('empty');
    expect(detectScoreScale([0.5, Number.NaN, 0.25]).kind).toBe('probability');
  });

  it('rounds long numbers in the reason to 4 significant digits', () => {
    expect(detectScoreScale([0.123456789, 0.5]).reason).toContain('min 0.1235, max 0.5');
  });
});

describe('sigmoid', () => {
  it('matches hand-computed values', () => {
    expect(sigmoid(0)).toBe(0.5);
    // 1 / (1 + e^−2) = 1 / 1.135335 = 0.880797
    expect(sigmoid(2)).toBeCloseTo(0.880797, 6);
    expect(sigmoid(-2)).toBeCloseTo(0.119203, 6);
  });

  it('does not overflow at extreme logits', () => {
    expect(sigmoid(800)).toBe(1);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(-30)).toBeGreaterThan(0);
    expect(sigmoid(3.7) + sigmoid(-3.7)).toBeCloseTo(1, 12);
  });
});
