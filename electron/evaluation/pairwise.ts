/**
 * The paired tests between every two columns, worked out at the end of an evaluation (or when
 * an older one, saved without them, is opened), a metric at a time with a turn of the event
 * loop between metrics, so the host's other requests and the UI's events are not held for the
 * whole of it (16 columns over 1,000 queries: a few hundred ms per metric; see the README).
 */
import { comparePairsByMetric } from '../../shared/evaluation/pairwise';
import type { PairComparison, QueryResult } from '../../shared/evaluation/schemas';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Every pair of `columnIds`, in column order, on every metric. */
export async function comparePairsInTurns(
  queries: readonly QueryResult[],
  columnIds: readonly string[],
  metrics: readonly string[],
): Promise<PairComparison[]> {
  const steps = comparePairsByMetric(queries, columnIds, metrics);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await nextTurn();
  }
}
