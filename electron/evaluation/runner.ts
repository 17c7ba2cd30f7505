/**
 * Runs every column over every query of a labelled set through the rerank engine (so
 * fallbacks, the result cache, shared BM25 work and rate limits apply as in the playground),
 * a few queries at a time, and scores each ranking. The input order is always a column.
 *
 * Cancel keeps every query that finished; a query in flight when the cancel came is dropped
 * whole, so no column has a value the others lack. A column that fails on each of its first
 * {@link STOP_AFTER} queries is stopped (a bad key or a dead endpoint should not be called for
 * every remaining query, and perhaps billed).
 */
import { performance } from 'node:perf_hooks';
import { trackTimeLeft } from '../../shared/progress/time-left';
import type { ColumnSpec } from '../../shared/contract/schemas';
import type { LabelledDataset, LabelledQuery } from '../../shared/evaluation/dataset';
import {
  evaluateRanking,
  isEvaluable,
  relevantCount,
  type MetricSpec,
} from '../../shared/evaluation/metrics';
import {
  BASELINE_ID,
  type EvaluationColumn,
  type EvaluationProgress,
  type QueryResult,
} from '../../shared/evaluation/schemas';
import { INPUT_ORDER_CONFIG } from '../../shared/pipeline/config';
import { checkRerankInput } from '../../shared/rerank/validation';
import { allowListeners, type Engine } from '../engine/engine';

export const STOP_AFTER = 3;

/** The input-order column, under the id and name every evaluation uses. */
export const BASELINE_COLUMN: ColumnSpec = {
  id: BASELINE_ID,
  config: { ...INPUT_ORDER_CONFIG, name: 'baseline' },
};

export interface EvaluationPlan {
  dataset: LabelledDataset;
  /** The columns to compare with the baseline. */
  columns: readonly ColumnSpec[];
  metrics: readonly MetricSpec[];
  threshold: number;
  maxQueries?: number;
  maxCandidates?: number;
  concurrency: number;
}

export interface EvaluationOutcome {
  status: 'completed' | 'cancelled';
  columns: EvaluationColumn[];
  queries: QueryResult[];
  plannedQueries: number;
  warnings: string[];
}

/** The queries an evaluation runs: those with judgments, cut to the limit. */
export function plannedQueries(
  plan: Pick<EvaluationPlan, 'dataset' | 'maxQueries'>,
): LabelledQuery[] {
  const evaluable = plan.dataset.queries.filter((query) => isEvaluable(query.judgments));
  return plan.maxQueries === undefined ? evaluable : evaluable.slice(0, plan.maxQueries);
}

export async function runEvaluation(
  engine: Engine,
  plan: EvaluationPlan,
  signal: AbortSignal,
  onProgress: (progress: Omit<EvaluationProgress, 'evaluationId'>) => void,
): Promise<EvaluationOutcome> {
  const columns = [BASELINE_COLUMN, ...plan.columns];
  const queries = plannedQueries(plan);
  const warnings = [...plan.dataset.warnings];
  const unjudged = plan.dataset.queries.filter((q) => !isEvaluable(q.judgments)).length;
  if (unjudged > 0) {
    warnings.push(
      `${unjudged} ${unjudged === 1 ? 'query has' : 'queries have'} no judgments and ${unjudged === 1 ? 'was' : 'were'} skipped, as trec_eval skips them`,
    );
  }
  const stats = new Map<string, EvaluationColumn>(
    columns.map(({ id, config }) => [
      id,
      {
        columnId: id,
        name: config.name,
        config,
        baseline: id === BASELINE_ID,
        queries: 0,
        errors: 0,
        latencyMs: 0,
      },
    ]),
  );
  const results: (QueryResult | undefined)[] = new Array<QueryResult | undefined>(queries.length);
  const started = performance.now();
  // The same estimator as downloads and runs: a smoothed rate of queries done, clock started now.
  const timeLeft = trackTimeLeft(() => performance.now());
  timeLeft.observe(0, queries.length);
  let next = 0;
  let done = 0;
  let failed = 0;

  const evaluateQuery = async (query: LabelledQuery): Promise<QueryResult | undefined> => {
    const candidates = query.candidates.slice(0, plan.maxCandidates);
    const base = {
      queryId: query.id,
      query: query.text,
      candidates: candidates.length,
      relevant: relevantCount(query.judgments, plan.threshold),
    };
    const checked = checkRerankInput({
      query: query.text,
      documents: candidates.map(({ id, text }) => ({ id, text })),
    });
    const active = columns.filter(({ id }) => !stats.get(id)!.stopped);
    if (!checked.ok) {
      const message = `query "${query.id}": ${checked.error.message}`;
      return {
        ...base,
        values: {},
        errors: Object.fromEntries(active.map(({ id }) => [id, message])),
      };
    }
    const run = await engine.run(
      { query: checked.value.query, documents: checked.value.documents, columns: active },
      signal,
    );
    if (run.status === 'cancelled' || signal.aborted) return undefined;
    const values: QueryResult['values'] = {};
    const errors: Record<string, string> = {};
    for (const column of run.columns) {
      const stat = stats.get(column.columnId)!;
      stat.latencyMs += column.latencyMs;
      if (column.cost) stat.costUsd = (stat.costUsd ?? 0) + column.cost.usd;
      if (column.status !== 'ok') {
        const message = column.error?.message ?? `column ${column.status}`;
        errors[column.columnId] = message;
        stat.errors++;
        stat.firstError ??= message;
        if (stat.queries === 0 && stat.errors >= STOP_AFTER && !stat.baseline) stat.stopped = true;
        continue;
      }
      stat.queries++;
      const ranking = column.results.map((result) => candidates[result.index]!.id);
      values[column.columnId] = Object.fromEntries(
        Object.entries(evaluateRanking(ranking, query.judgments, plan.metrics, plan.threshold)),
      );
    }
    for (const { id } of columns) {
      if (stats.get(id)!.stopped && !(id in values) && !(id in errors)) {
        errors[id] = `not run: stopped after failing on its first ${STOP_AFTER} queries`;
      }
    }
    return Object.keys(errors).length > 0 ? { ...base, values, errors } : { ...base, values };
  };

  const worker = async () => {
    while (!signal.aborted && next < queries.length) {
      const position = next++;
      const result = await evaluateQuery(queries[position]!);
      if (!result) return;
      results[position] = result;
      done++;
      if (result.errors) failed++;
      const elapsedMs = performance.now() - started;
      const etaMs = timeLeft.observe(done, queries.length);
      onProgress({
        done,
        total: queries.length,
        failed,
        elapsedMs,
        ...(etaMs !== undefined ? { etaMs } : {}),
      });
    }
  };
  const workers = Math.min(plan.concurrency, queries.length);
  // The queries in flight at once all hang their columns' listeners on the one signal.
  allowListeners(signal, workers * columns.length);
  await Promise.all(Array.from({ length: workers }, worker));

  const finished = results.filter((result): result is QueryResult => result !== undefined);
  const status = finished.length < queries.length ? 'cancelled' : 'completed';
  if (status === 'cancelled') {
    warnings.push(
      `cancelled after ${finished.length} of ${queries.length} queries; the figures are over those ${finished.length}`,
    );
  }
  for (const stat of stats.values()) {
    if (stat.stopped)
      warnings.push(
        `"${stat.name}" was stopped after failing on its first ${STOP_AFTER} queries: ${stat.firstError ?? ''}`,
      );
  }
  return {
    status,
    columns: [...stats.values()],
    queries: finished,
    plannedQueries: queries.length,
    warnings,
  };
}
