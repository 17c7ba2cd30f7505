/**
 * Means per column and paired tests against the baseline (any column), from per-query values. A column's
 * mean is over the queries it ranked (trec_eval averages over the queries a run has); a test
 * pairs only the queries where both sides have a value, so a failed query never counts as 0.
 */
import { mean } from './metrics';
import { compareColumns, pairTest, TIE } from './pairwise';
import type { ColumnSummary, MetricTest, PairComparison, QueryResult } from './schemas';
import type { RandomisationOptions } from './significance';

/**
 * Means of every column, and each column's tests against `baselineId` (any of the columns).
 * `pairwise`, when given, already holds those tests: they are read from it, not run twice.
 */
export function summarizeEvaluation(
  columnIds: readonly string[],
  baselineId: string,
  metrics: readonly string[],
  queries: readonly QueryResult[],
  options: RandomisationOptions & { pairwise?: readonly PairComparison[] } = {},
): ColumnSummary[] {
  return columnIds.map((columnId) => {
    const means: Record<string, number> = {};
    for (const metric of metrics) {
      const values = queries.flatMap((q) => {
        const value = q.values[columnId]?.[metric];
        return value === undefined ? [] : [value];
      });
      const average = mean(values);
      if (average !== undefined) means[metric] = average;
    }
    if (columnId === baselineId) return { columnId, means };
    const tests: Record<string, MetricTest> = {};
    for (const metric of metrics) {
      tests[metric] =
        pairTest(options.pairwise, columnId, baselineId, metric) ??
        compareColumns(queries, columnId, baselineId, metric, options);
    }
    return { columnId, means, tests };
  });
}

/** Per-query change of `metric` from one column to another, for the win/loss view and its chart. */
export interface QueryDelta {
  queryId: string;
  query: string;
  /** The value of the column compared against. */
  against: number;
  value: number;
  /** value − against. */
  delta: number;
  /** For the column whose `value` it is. */
  outcome: 'win' | 'loss' | 'tie';
}

/** `columnId` against `againstId` (any two columns), on the queries both ranked. */
export function queryDeltas(
  queries: readonly QueryResult[],
  columnId: string,
  againstId: string,
  metric: string,
): QueryDelta[] {
  return queries.flatMap((q) => {
    const value = q.values[columnId]?.[metric];
    const against = q.values[againstId]?.[metric];
    if (value === undefined || against === undefined) return [];
    const delta = value - against;
    const outcome = delta > TIE ? 'win' : delta < -TIE ? 'loss' : 'tie';
    return [{ queryId: q.queryId, query: q.query, against, value, delta, outcome }];
  });
}

/** The column with the highest mean of `metric`, or undefined (ties: the first, i.e. leftmost). */
export function bestColumn(summary: readonly ColumnSummary[], metric: string): string | undefined {
  let best: ColumnSummary | undefined;
  for (const column of summary) {
    const value = column.means[metric];
    if (value === undefined) continue;
    if (!best || value > best.means[metric]! + TIE) best = column;
  }
  return best?.columnId;
}
