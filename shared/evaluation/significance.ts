/**
 * Is a column's gain over the baseline more than chance? Two paired, two-sided tests on the
 * per-query values of one metric (the same queries, in the same order, on both sides):
 *
 * - the **randomisation (permutation) test** of Fisher, as Smucker, Allan and Carterette
 *   recommend for IR ("A comparison of statistical significance tests for information
 *   retrieval evaluation", CIKM 2007): under the null hypothesis each query's two values are
 *   exchangeable, so each difference's sign is flipped at random; p is the share of the
 *   permuted mean differences at least as far from 0 as the observed one. With at most
 *   {@link EXACT_LIMIT} queries every one of the 2^n sign patterns is enumerated (exact p);
 *   above, `samples` patterns are drawn from a seeded PRNG (xoroshiro128+, pure-rand), so the
 *   same data always gives the same p, which is then (count + 1) / (samples + 1).
 * - the **paired t-test**: t = mean(d) / (sd(d) / √n) with n − 1 degrees of freedom.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** 2^16 sign patterns: enumerated exactly, faster than sampling 10,000. */
export const EXACT_LIMIT = 16;
export const DEFAULT_SAMPLES = 10_000;
export const DEFAULT_SEED = 20_190_101;
/** Differences closer than this to the observed one count as equal (floating-point sums). */
const TOLERANCE = 1e-12;

export interface PairedTest {
  /** Queries compared. */
  n: number;
  meanDifference: number;
  /** Undefined with fewer than 2 queries. */
  t?: number;
  tTestP?: number;
  randomisationP?: number;
  /** True when every sign pattern was enumerated. */
  exact?: boolean;
}

export interface RandomisationOptions {
  samples?: number;
  seed?: number;
}

function differences(treatment: readonly number[], baseline: readonly number[]): number[] {
  if (treatment.length !== baseline.length) {
    throw new RangeError(
      `paired samples differ in length (${treatment.length} vs ${baseline.length})`,
    );
  }
  return treatment.map((value, i) => value - baseline[i]!);
}

/** Both tests at once. */
export function pairedTest(
  treatment: readonly number[],
  baseline: readonly number[],
  options: RandomisationOptions = {},
  /** The randomisation test's result when already worked out (pairwise.ts shares one pass). */
  randomisation?: (d: readonly number[]) => { p: number; exact: boolean },
): PairedTest {
  const d = differences(treatment, baseline);
  const n = d.length;
  const meanDifference = n > 0 ? d.reduce((a, b) => a + b, 0) / n : 0;
  if (n === 0) return { n, meanDifference };
  const { p, exact } = randomisation ? randomisation(d) : randomisationTest(d, options);
  const result: PairedTest = {
    n,
    meanDifference,
    randomisationP: p,
    exact,
  };
  const t = pairedTTest(d);
  return t ? { ...result, t: t.t, tTestP: t.p } : result;
}

/** The paired t-test on differences; undefined with fewer than 2. */
export function pairedTTest(
  d: readonly number[],
): { t: number; df: number; p: number } | undefined {
  const n = d.length;
  if (n < 2) return undefined;
  const mean = d.reduce((a, b) => a + b, 0) / n;
  const variance = d.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1);
  const df = n - 1;
  if (variance <= TOLERANCE * TOLERANCE) {
    // Every query moved by the same amount: no spread, so either no change or a certain one.
    return Math.abs(mean) <= TOLERANCE
      ? { t: 0, df, p: 1 }
      : { t: mean > 0 ? Infinity : -Infinity, df, p: 0 };
  }
  const t = mean / Math.sqrt(variance / n);
  return { t, df, p: studentTwoSidedP(t, df) };
}

/** The two-sided randomisation test on paired differences. */
export function randomisationTest(
  d: readonly number[],
  options: RandomisationOptions = {},
): { p: number; exact: boolean } {
  if (d.length === 0) return { p: 1, exact: true };
  const { sums, exact } = signedSums([d], d.length, options);
  return randomisationP(sums[0]!, Math.abs(d.reduce((a, b) => a + b, 0)), d.length, exact);
}

/**
 * The p of a randomisation test from the sums under each sign pattern: the share at least as
 * far from 0 as `observed` (|Σ d|); sampled, (count + 1) / (samples + 1).
 */
export function randomisationP(
  sums: ArrayLike<number>,
  observed: number,
  n: number,
  exact: boolean,
): { p: number; exact: boolean } {
  const threshold = observed - TOLERANCE * n;
  let count = 0;
  for (let k = 0; k < sums.length; k++) if (Math.abs(sums[k]!) >= threshold) count++;
  return exact ? { p: count / sums.length, exact } : { p: (count + 1) / (sums.length + 1), exact };
}

/**
 * Σ ± v_i of each vector (all of length `n`) under every sign pattern the randomisation test
 * uses for n values: all 2^n up to {@link EXACT_LIMIT}, else `samples` patterns drawn from the
 * seeded PRNG. The patterns depend only on n and the options, so they are the same for every
 * vector: the test of a − b reads Σ ± a_i − Σ ± b_i from two vectors' sums, which is what lets
 * k columns' pairwise tests cost k passes over the queries instead of k(k − 1)/2 (pairwise.ts).
 * Each vector's sum is accumulated in query order, as the single test always did.
 */
export function signedSums(
  vectors: readonly (readonly number[])[],
  n: number,
  { samples = DEFAULT_SAMPLES, seed = DEFAULT_SEED }: RandomisationOptions = {},
): { sums: Float64Array[]; exact: boolean } {
  const exact = n <= EXACT_LIMIT;
  const patterns = exact ? 2 ** n : samples;
  const sums = vectors.map(() => new Float64Array(patterns));
  const m = vectors.length;
  const current = new Float64Array(m);
  // Query-major, so the inner loop walks memory in order.
  const values = new Float64Array(n * m);
  vectors.forEach((vector, v) => vector.forEach((x, i) => (values[i * m + v] = x)));
  const rng = exact ? undefined : xoroshiro128plus(seed);
  for (let k = 0; k < patterns; k++) {
    current.fill(0);
    let bits = k;
    let left = exact ? n : 0;
    for (let i = 0; i < n; i++) {
      if (left === 0) {
        bits = uniformInt(rng!, 0, 0x3fffffff);
        left = 30;
      }
      const base = i * m;
      const sign = bits & 1 ? -1 : 1;
      for (let v = 0; v < m; v++) current[v] = current[v]! + sign * values[base + v]!;
      bits >>>= 1;
      left--;
    }
    for (let v = 0; v < m; v++) sums[v]![k] = current[v]!;
  }
  return { sums, exact };
}

/**
 * P(|T| ≥ |t|) for Student's t with `df` degrees of freedom: I_{df/(df+t²)}(df/2, 1/2).
 * Written here rather than taken from npm: the maintained implementation (@stdlib) brings 200
 * packages and 24 MB for this one function, and the untyped alternatives are unmaintained; the
 * continued fraction below is the textbook one (Numerical Recipes §6.4), tested against
 * published t-table values.
 */
export function studentTwoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0;
  const x = df / (df + t * t);
  return Math.min(1, Math.max(0, regularizedBeta(x, df / 2, 0.5)));
}

/** The regularised incomplete beta function I_x(a, b). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x),
  );
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use symmetry otherwise.
  return x < (a + 1) / (a + b + 2)
    ? (front * betaFraction(x, a, b)) / a
    : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** ln Γ(z) by the Lanczos approximation (g = 7, 9 terms; ~15 significant digits). */
export function logGamma(z: number): number {
  const g = 7;
  const coefficients = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const x = z - 1;
  let sum = coefficients[0]!;
  for (let i = 1; i < g + 2; i++) sum += coefficients[i]! / (x + i);
  const t = x + g + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}
