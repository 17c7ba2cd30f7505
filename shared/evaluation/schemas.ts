/**
 * An evaluation as data: what the runner returns, the history keeps, the panel shows and the
 * exports write. One record per evaluation (never one saved run per query): its settings, its
 * columns with their secret-free configs, each query's metric values per column, the summary
 * (means and paired tests against the baseline) and the paired tests between every two columns.
 *
 * Saved records from before any column could be the baseline load unchanged: they have no
 * `settings.baseline` (the input order was the baseline) and no `pairwise` (the host works it
 * out from the per-query values when one is opened).
 */
import { z } from 'zod';
import { PipelineConfig } from '../pipeline/config';
import { DATASET_FORMATS } from './dataset';

/** The input-order column every evaluation carries. */
export const BASELINE_ID = 'baseline';

export const EVALUATION_SOURCES = ['app', 'cli'] as const;
export const EVALUATION_STATUSES = ['completed', 'cancelled'] as const;

export const EvaluationSettings = z.object({
  /** Canonical metric names, e.g. `ndcg@10`. */
  metrics: z.array(z.string()).min(1),
  /** Grade at or above which a document is relevant for the binary metrics. */
  threshold: z.int(),
  maxQueries: z.int().min(1).optional(),
  maxCandidates: z.int().min(1).optional(),
  /**
   * The column id the others are tested against in the summary. Absent: the input order
   * ({@link BASELINE_ID}), as in every evaluation saved before this setting existed.
   */
  baseline: z.string().optional(),
});
export type EvaluationSettings = z.output<typeof EvaluationSettings>;

export const EvaluationColumn = z.object({
  columnId: z.string(),
  name: z.string(),
  config: PipelineConfig,
  /**
   * True on the input-order column every evaluation carries (id {@link BASELINE_ID}). The name
   * is historical: the baseline of the tests is `settings.baseline`, which may be any column.
   */
  baseline: z.boolean(),
  /** Queries this column produced a ranking for. */
  queries: z.int(),
  /** Queries it failed on, and the first message. */
  errors: z.int(),
  firstError: z.string().optional(),
  /** Set when the column was stopped after failing on every one of its first queries. */
  stopped: z.boolean().optional(),
  /** Summed provider cost, where the provider's calls were priced. */
  costUsd: z.number().optional(),
  /** Summed column latency over the queries. */
  latencyMs: z.number(),
});
export type EvaluationColumn = z.output<typeof EvaluationColumn>;

/** metric name → value */
export const MetricValues = z.record(z.string(), z.number());
export type MetricValues = z.output<typeof MetricValues>;

export const QueryResult = z.object({
  queryId: z.string(),
  query: z.string(),
  candidates: z.int(),
  /** Judged documents with grade ≥ the threshold, among the candidates or not. */
  relevant: z.int(),
  /** Column id → metric values; a column that failed on this query is absent. */
  values: z.record(z.string(), MetricValues),
  /** Column id → why it has no values for this query. */
  errors: z.record(z.string(), z.string()).optional(),
});
export type QueryResult = z.output<typeof QueryResult>;

export const MetricTest = z.object({
  /** Queries where both the column and the baseline have a value. */
  n: z.int(),
  meanDifference: z.number(),
  t: z.number().optional(),
  tTestP: z.number().optional(),
  randomisationP: z.number().optional(),
  exact: z.boolean().optional(),
  wins: z.int(),
  losses: z.int(),
  ties: z.int(),
});
export type MetricTest = z.output<typeof MetricTest>;

/**
 * Columns `a` and `b` compared, metric by metric, on the queries both ranked: differences
 * are a − b, wins are the queries where a is higher. Read one oriented either way with
 * `pairTest` (pairwise.ts).
 */
export const PairComparison = z.object({
  a: z.string(),
  b: z.string(),
  /** metric → the paired tests, unadjusted for multiple comparisons. */
  tests: z.record(z.string(), MetricTest),
});
export type PairComparison = z.output<typeof PairComparison>;

export const ColumnSummary = z.object({
  columnId: z.string(),
  /** metric → mean over the queries this column ranked; absent if it ranked none. */
  means: MetricValues,
  /** metric → paired test against the baseline (absent on the baseline itself). */
  tests: z.record(z.string(), MetricTest).optional(),
});
export type ColumnSummary = z.output<typeof ColumnSummary>;

export const EvaluationDataset = z.object({
  name: z.string(),
  format: z.enum(DATASET_FORMATS),
  /** Queries in the file, evaluable or not. */
  queries: z.int(),
  /** Queries without any judgment, skipped as trec_eval skips them. */
  unjudgedQueries: z.int(),
});

export const Evaluation = z.object({
  id: z.string(),
  createdAt: z.int().min(0),
  source: z.enum(EVALUATION_SOURCES),
  /** `cancelled`: the queries that finished are kept; the others never ran. */
  status: z.enum(EVALUATION_STATUSES),
  dataset: EvaluationDataset,
  settings: EvaluationSettings,
  columns: z.array(EvaluationColumn),
  summary: z.array(ColumnSummary),
  queries: z.array(QueryResult),
  /** Every two columns, once each, in column order (absent in records saved before it). */
  pairwise: z.array(PairComparison).optional(),
  /** Queries planned (after the limit); `queries.length` of them finished. */
  plannedQueries: z.int(),
  durationMs: z.number(),
  warnings: z.array(z.string()),
});
export type Evaluation = z.output<typeof Evaluation>;

/** What the list of saved evaluations shows: no per-query rows. */
export const EvaluationListItem = Evaluation.pick({
  id: true,
  createdAt: true,
  source: true,
  status: true,
  dataset: true,
  settings: true,
  summary: true,
  plannedQueries: true,
  durationMs: true,
}).extend({
  completedQueries: z.int(),
  columns: z.array(z.object({ columnId: z.string(), name: z.string(), baseline: z.boolean() })),
});
export type EvaluationListItem = z.output<typeof EvaluationListItem>;

export const EvaluationProgress = z.object({
  evaluationId: z.string(),
  done: z.int(),
  total: z.int(),
  /** Queries on which at least one column failed. */
  failed: z.int(),
  elapsedMs: z.number(),
  /** Estimated time left, from the average so far; absent before the first query ends. */
  etaMs: z.number().optional(),
});
export type EvaluationProgress = z.output<typeof EvaluationProgress>;
