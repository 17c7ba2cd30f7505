/**
 * Means per column and paired tests against the baseline, from per-query values. A column's
 * mean is over the queries it ranked (trec_eval averages over the queries a run has); a test
 * pairs only the queries where both sides have a value, so a failed query never counts as 0.
 */
import { mean } from './metrics';
import type { ColumnSummary, MetricTest, QueryResult } from './schemas';
import { pairedTest, type RandomisationOptions } from './significance';

/** Differences smaller than this are ties (float noise in sums of discounts). */
const TIE = 1e-12;

export function summarizeEvaluation(
  columnIds: readonly string[],
  baselineId: string,
  metrics: readonly string[],
  queries: readonly QueryResult[],
  options: RandomisationOptions = {},
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
      tests[metric] = compare(queries, columnId, baselineId, metric, options);
    }
    return { columnId, means, tests };
  });
}

function compare(
  queries: readonly QueryResult[],
  columnId: string,
  baselineId: string,
  metric: string,
  options: RandomisationOptions,
): MetricTest {
  const column: number[] = [];
  const baseline: number[] = [];
  for (const query of queries) {
    const a = query.values[columnId]?.[metric];
    const b = query.values[baselineId]?.[metric];
    if (a === undefined || b === undefined) continue;
    column.push(a);
    baseline.push(b);
  }
  let wins = 0;
  let losses = 0;
  column.forEach((value, i) => {
    const delta = value - baseline[i]!;
    if (delta > TIE) wins++;
    else if (delta < -TIE) losses++;
  });
  const test = pairedTest(column, baseline, options);
  return { ...test, wins, losses, ties: column.length - wins - losses };
}

/** Per-query change of `metric` against the baseline, for the breakdown and its chart. */
export interface QueryDelta {
  queryId: string;
  query: string;
  baseline: number;
  value: number;
  delta: number;
  outcome: 'win' | 'loss' | 'tie';
}

export function queryDeltas(
  queries: readonly QueryResult[],
  columnId: string,
  baselineId: string,
  metric: string,
): QueryDelta[] {
  return queries.flatMap((q) => {
    const value = q.values[columnId]?.[metric];
    const baseline = q.values[baselineId]?.[metric];
    if (value === undefined || baseline === undefined) return [];
    const delta = value - baseline;
    const outcome = delta > TIE ? 'win' : delta < -TIE ? 'loss' : 'tie';
    return [{ queryId: q.queryId, query: q.query, baseline, value, delta, outcome }];
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
