/**
 * The paired tests between every two columns, worked out at the end of an evaluation (or when
 * an older one, saved without them, is opened). One pair at a time with a turn of the event
 * loop between pairs: the randomisation test is 10,000 samples × queries per pair and metric,
 * so 16 columns (120 pairs) over 1,000 queries would otherwise hold the host's loop, and with
 * it every other request and the UI's events, for seconds at a stretch.
 */
import { columnPairs, comparePair } from '../../shared/evaluation/pairwise';
import type { PairComparison, QueryResult } from '../../shared/evaluation/schemas';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Every pair of `columnIds`, in column order, on every metric. */
export async function comparePairsInTurns(
  queries: readonly QueryResult[],
  columnIds: readonly string[],
  metrics: readonly string[],
): Promise<PairComparison[]> {
  const pairs: PairComparison[] = [];
  for (const pair of columnPairs(columnIds)) {
    pairs.push(comparePair(queries, pair, metrics));
    await nextTurn();
  }
  return pairs;
}
