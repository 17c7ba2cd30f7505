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
import { pairedTest, randomisationP, signedSums, type RandomisationOptions } from './significance';

/** Differences smaller than this are ties (float noise in sums of discounts). */
export const TIE = 1e-12;

/** Every two ids once, `[earlier, later]`, in the given order. */
export function columnPairs(columnIds: readonly string[]): [string, string][] {
  return columnIds.flatMap((a, i) => columnIds.slice(i + 1).map((b): [string, string] => [a, b]));
}

/** The values of `a` and `b` on the queries both ranked, in query order. */
function pairedValues(queries: readonly QueryResult[], a: string, b: string, metric: string) {
  const left: number[] = [];
  const right: number[] = [];
  for (const query of queries) {
    const x = query.values[a]?.[metric];
    const y = query.values[b]?.[metric];
    if (x === undefined || y === undefined) continue;
    left.push(x);
    right.push(y);
  }
  return { left, right };
}

/** The paired tests of left − right, with wins, losses and ties counted. */
function testPaired(
  left: readonly number[],
  right: readonly number[],
  options: RandomisationOptions,
  randomisation?: (d: readonly number[]) => { p: number; exact: boolean },
): MetricTest {
  let wins = 0;
  let losses = 0;
  left.forEach((value, i) => {
    const delta = value - right[i]!;
    if (delta > TIE) wins++;
    else if (delta < -TIE) losses++;
  });
  const test = pairedTest(left, right, options, randomisation);
  return { ...test, wins, losses, ties: left.length - wins - losses };
}

/** Column `a` against column `b` on `metric`: differences a − b; wins are a's. */
export function compareColumns(
  queries: readonly QueryResult[],
  a: string,
  b: string,
  metric: string,
  options: RandomisationOptions = {},
): MetricTest {
  const { left, right } = pairedValues(queries, a, b, metric);
  return testPaired(left, right, options);
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

/**
 * Every pair on one metric, each test exactly as {@link compareColumns} gives it. The sign
 * patterns of the randomisation test depend only on the number of queries, so for columns that
 * ranked the same queries each column's signed sums are worked out once and a pair's are their
 * difference: k passes over the queries, not k(k − 1)/2 (16 columns: 16, not 120). A column
 * that failed on other queries than the rest (a stopped provider, say) is tested pair by pair.
 */
function comparePairsOnMetric(
  queries: readonly QueryResult[],
  columnIds: readonly string[],
  metric: string,
  options: RandomisationOptions,
): MetricTest[] {
  // Columns grouped by the queries they have a value for.
  const groups = new Map<string, string[]>();
  for (const id of columnIds) {
    const answered = queries.flatMap((q, i) => (q.values[id]?.[metric] === undefined ? [] : [i]));
    const key = answered.join(',');
    groups.set(key, [...(groups.get(key) ?? []), id]);
  }
  const shared = new Map<string, { sums: Float64Array; exact: boolean; n: number }>();
  for (const ids of groups.values()) {
    if (ids.length < 2) continue;
    const vectors = ids.map((id) =>
      queries.flatMap((q) => {
        const value = q.values[id]?.[metric];
        return value === undefined ? [] : [value];
      }),
    );
    const n = vectors[0]!.length;
    if (n === 0) continue;
    const { sums, exact } = signedSums(vectors, n, options);
    ids.forEach((id, i) => shared.set(id, { sums: sums[i]!, exact, n }));
  }
  const groupOf = new Map([...groups.values()].flatMap((ids) => ids.map((id) => [id, ids])));
  return columnPairs(columnIds).map(([a, b]) => {
    const { left, right } = pairedValues(queries, a, b, metric);
    const [x, y] = [shared.get(a), shared.get(b)];
    if (!x || !y || groupOf.get(a) !== groupOf.get(b)) return testPaired(left, right, options);
    return testPaired(left, right, options, (d) => {
      const difference = x.sums.map((value, k) => value - y.sums[k]!);
      return randomisationP(difference, Math.abs(d.reduce((u, v) => u + v, 0)), x.n, x.exact);
    });
  });
}

/**
 * Every pair on every metric, a metric at a time: the generator stops after each, so the host
 * can let other work run between them (electron/evaluation/pairwise.ts).
 */
export function* comparePairsByMetric(
  queries: readonly QueryResult[],
  columnIds: readonly string[],
  metrics: readonly string[],
  options: RandomisationOptions = {},
): Generator<void, PairComparison[]> {
  const pairs: PairComparison[] = columnPairs(columnIds).map(([a, b]) => ({ a, b, tests: {} }));
  for (const metric of metrics) {
    comparePairsOnMetric(queries, columnIds, metric, options).forEach((test, i) => {
      pairs[i]!.tests[metric] = test;
    });
    yield;
  }
  return pairs;
}

/** Every pair on every metric, at once. */
export function comparePairs(
  queries: readonly QueryResult[],
  columnIds: readonly string[],
  metrics: readonly string[],
  options: RandomisationOptions = {},
): PairComparison[] {
  const steps = comparePairsByMetric(queries, columnIds, metrics, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
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
