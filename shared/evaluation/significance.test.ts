/** Paired tests against hand-worked statistics, t-table values and full enumeration. */
import { describe, expect, it } from 'vitest';
import {
  logGamma,
  pairedTest,
  pairedTTest,
  randomisationTest,
  studentTwoSidedP,
} from './significance';

describe('paired t-test', () => {
  it('computes t by hand: d = 1, 2, 3, 4 gives mean 2.5, sd √(5/3), t = √15', () => {
    const result = pairedTest([3, 4, 5, 6], [2, 2, 2, 2]);
    expect(result.meanDifference).toBe(2.5);
    expect(result.t).toBeCloseTo(Math.sqrt(15), 12);
    expect(pairedTTest([1, 2, 3, 4])?.df).toBe(3);
  });

  it('matches published two-sided critical values of Student t', () => {
    // (t, df, two-sided p) from standard t tables.
    const table: [number, number, number][] = [
      [12.706205, 1, 0.05],
      [2.570582, 5, 0.05],
      [4.032143, 5, 0.01],
      [2.228139, 10, 0.05],
      [1.812461, 10, 0.1],
      [2.042272, 30, 0.05],
      [3.646, 30, 0.001],
    ];
    for (const [t, df, p] of table) expect(studentTwoSidedP(t, df)).toBeCloseTo(p, 5);
    expect(studentTwoSidedP(0, 7)).toBeCloseTo(1, 12);
    expect(studentTwoSidedP(-2.228139, 10)).toBeCloseTo(0.05, 5);
  });

  it('handles no spread and too few queries', () => {
    expect(pairedTTest([0.1, 0.1, 0.1])).toMatchObject({ t: Infinity, p: 0 });
    expect(pairedTTest([0, 0, 0])).toMatchObject({ t: 0, p: 1 });
    expect(pairedTTest([1])).toBeUndefined();
    expect(pairedTest([], [])).toEqual({ n: 0, meanDifference: 0 });
  });

  it('has an accurate log-gamma', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });
});

describe('randomisation test', () => {
  it('enumerates small samples exactly: d = 1, 2, −0.5', () => {
    // The 8 sign patterns sum to ±3.5, ±2.5, ±1.5, ±0.5; four reach |2.5|.
    expect(randomisationTest([1, 2, -0.5])).toEqual({ p: 4 / 8, exact: true });
    expect(randomisationTest([1, 1])).toEqual({ p: 2 / 4, exact: true });
    expect(randomisationTest([0, 0, 0])).toEqual({ p: 1, exact: true });
  });

  it('samples large ones reproducibly, close to the exact p', () => {
    // 18 differences: enumerate all 2^18 patterns here to know the true p.
    const d = Array.from({ length: 18 }, (_, i) => ((i * 37) % 11) / 10 - 0.3);
    const observed = Math.abs(d.reduce((a, b) => a + b, 0));
    let count = 0;
    for (let mask = 0; mask < 2 ** 18; mask++) {
      let sum = 0;
      for (let i = 0; i < 18; i++) sum += mask & (1 << i) ? -d[i]! : d[i]!;
      if (Math.abs(sum) >= observed - 1e-9) count++;
    }
    const exact = count / 2 ** 18;
    const sampled = randomisationTest(d, { samples: 20_000, seed: 7 });
    expect(sampled.exact).toBe(false);
    expect(Math.abs(sampled.p - exact)).toBeLessThan(0.01);
    expect(randomisationTest(d, { samples: 20_000, seed: 7 })).toEqual(sampled);
  });

  it('never says p = 0 from samples', () => {
    const allUp = Array.from({ length: 30 }, () => 0.2);
    const { p } = randomisationTest(allUp, { samples: 1000 });
    expect(p).toBe(1 / 1001);
  });

  it('refuses unpaired samples', () => {
    expect(() => pairedTest([1, 2], [1])).toThrow('paired samples differ in length (2 vs 1)');
  });
});
