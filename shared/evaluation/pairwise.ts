/**
 * Every evaluated column against every other: the paired tests of significance.ts for each
 * pair and metric, over the queries both columns ranked (a failed query never counts as 0),
 * and the Holm–Bonferroni adjustment the pairwise matrix shows.
 *
 * Why adjust the matrix and not the baseline row: the matrix invites reading off the smallest
 * of k(k − 1)/2 p-values, which is where unadjusted p misleads (15 pairs of 6 columns at 0.05:
 * up to a 54% chance of at least one false "significant"). Holm (1979, "A simple sequentially
 * rejective multiple test procedure", Scand. J. Statist. 6:65–70) controls the family-wise
 * error rate under any dependence between the tests (our pairs share columns, so they are
 * dependent) and is never less powerful than Bonferroni; Carterette (TOIS 30(1), 2012) makes
 * the case for adjusting when many IR systems are compared. The per-pair tests are stored
 * unadjusted, so the adjustment is applied when shown and can be read either way.
 */
import type { MetricTest, PairComparison, QueryResult } from './schemas';
import { pairedTest, type RandomisationOptions } from './significance';

/** Differences smaller than this are ties (float noise in sums of discounts). */
export const TIE = 1e-12;

/** Every two ids once, `[earlier, later]`, in the given order. */
export function columnPairs(columnIds: readonly string[]): [string, string][] {
  return columnIds.flatMap((a, i) => columnIds.slice(i + 1).map((b): [string, string] => [a, b]));
}

/** Column `a` against column `b` on `metric`: differences a − b; wins are a's. */
export function compareColumns(
  queries: readonly QueryResult[],
  a: string,
  b: string,
  metric: string,
  options: RandomisationOptions = {},
): MetricTest {
  const left: number[] = [];
  const right: number[] = [];
  for (const query of queries) {
    const x = query.values[a]?.[metric];
    const y = query.values[b]?.[metric];
    if (x === undefined || y === undefined) continue;
    left.push(x);
    right.push(y);
  }
  let wins = 0;
  let losses = 0;
  left.forEach((value, i) => {
    const delta = value - right[i]!;
    if (delta > TIE) wins++;
    else if (delta < -TIE) losses++;
  });
  const test = pairedTest(left, right, options);
  return { ...test, wins, losses, ties: left.length - wins - losses };
}

/** One pair on every metric. */
export function comparePair(
  queries: readonly QueryResult[],
  [a, b]: readonly [string, string],
  metrics: readonly string[],
  options: RandomisationOptions = {},
): PairComparison {
  const tests: Record<string, MetricTest> = {};
  for (const metric of metrics) tests[metric] = compareColumns(queries, a, b, metric, options);
  return { a, b, tests };
}

/** Every pair on every metric, at once (the host spreads the same work over event-loop turns). */
export function comparePairs(
  queries: readonly QueryResult[],
  columnIds: readonly string[],
  metrics: readonly string[],
  options: RandomisationOptions = {},
): PairComparison[] {
  return columnPairs(columnIds).map((pair) => comparePair(queries, pair, metrics, options));
}

/**
 * The test of `a` against `b` on `metric`, whichever way round it was stored: reversed, the
 * differences and t change sign and wins swap with losses; p-values are two-sided, so equal.
 */
export function pairTest(
  pairwise: readonly PairComparison[] | undefined,
  a: string,
  b: string,
  metric: string,
): MetricTest | undefined {
  for (const pair of pairwise ?? []) {
    if (pair.a === a && pair.b === b) return pair.tests[metric];
    if (pair.a === b && pair.b === a) {
      const test = pair.tests[metric];
      if (!test) return undefined;
      return {
        ...test,
        meanDifference: negate(test.meanDifference),
        ...(test.t !== undefined ? { t: negate(test.t) } : {}),
        wins: test.losses,
        losses: test.wins,
      };
    }
  }
  return undefined;
}

/** −x, but 0 for 0: no `-0` in records and reports. */
const negate = (x: number) => (x === 0 ? 0 : -x);

/**
 * Holm–Bonferroni adjusted p-values, in the order given: sorted ascending, the i-th smallest of
 * m becomes max over j ≤ i of min(1, (m − j + 1) · p(j)). Undefined entries (no test) are not
 * in the family and stay undefined.
 */
export function holmAdjust(ps: readonly (number | undefined)[]): (number | undefined)[] {
  const present = ps
    .map((p, index) => ({ p, index }))
    .filter((entry): entry is { p: number; index: number } => entry.p !== undefined)
    .sort((x, y) => x.p - y.p);
  const m = present.length;
  const adjusted: (number | undefined)[] = ps.map(() => undefined);
  let running = 0;
  present.forEach(({ p, index }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[index] = running;
  });
  return adjusted;
}

/** One cell of the matrix: row column against column column, p as tested and as adjusted. */
export interface MatrixCell {
  test: MetricTest;
  randomisationP?: number;
  tTestP?: number;
}

/**
 * The pairwise matrix of one metric: `cells[i][j]` is column i against column j (undefined on
 * the diagonal or where no pair was tested), the p-values Holm-adjusted over the pairs of this
 * metric, each test (randomisation, t) as its own family. `family` is the number of pairs.
 */
export function pairwiseMatrix(
  pairwise: readonly PairComparison[],
  columnIds: readonly string[],
  metric: string,
): { cells: (MatrixCell | undefined)[][]; family: number } {
  const tested = pairwise.filter(
    (pair) =>
      columnIds.includes(pair.a) && columnIds.includes(pair.b) && pair.tests[metric] !== undefined,
  );
  const randomisation = holmAdjust(tested.map((pair) => pair.tests[metric]!.randomisationP));
  const t = holmAdjust(tested.map((pair) => pair.tests[metric]!.tTestP));
  const adjusted = new Map(
    tested.map((pair, i) => [`${pair.a}\u0000${pair.b}`, { r: randomisation[i], t: t[i] }]),
  );
  const cells = columnIds.map((a) =>
    columnIds.map((b): MatrixCell | undefined => {
      if (a === b) return undefined;
      const test = pairTest(tested, a, b, metric);
      if (!test) return undefined;
      const p = adjusted.get(`${a}\u0000${b}`) ?? adjusted.get(`${b}\u0000${a}`);
      return {
        test,
        ...(p?.r !== undefined ? { randomisationP: p.r } : {}),
        ...(p?.t !== undefined ? { tTestP: p.t } : {}),
      };
    }),
  );
  return { cells, family: tested.length };
}
