/**
 * Saved evaluations in the history file (see evaluation-schema.ts): save one whole, list newest first without
 * their per-query rows, open one exactly as it was, delete. Each save is one transaction.
 */
import type { PipelineConfig } from '../../shared/pipeline/config';
import type {
  ColumnSummary,
  Evaluation,
  PairComparison,
  EvaluationColumn,
  EvaluationListItem,
  EvaluationSettings,
  MetricValues,
} from '../../shared/evaluation/schemas';
import { configKey } from './config-key';
import {
  all,
  first,
  HistoryError,
  inTransaction,
  messageOf,
  run,
  sqliteCode,
  type HistoryDb,
} from './sqlite';

export interface EvaluationStore {
  save(evaluation: Evaluation): void;
  /** Newest first. */
  list(limit?: number): EvaluationListItem[];
  get(id: string): Evaluation | undefined;
  delete(id: string): boolean;
}

type ColumnStats = Omit<EvaluationColumn, 'columnId' | 'name' | 'config' | 'baseline'>;

interface EvaluationRow {
  id: string;
  created_at: number;
  source: Evaluation['source'];
  status: Evaluation['status'];
  dataset: string;
  settings: string;
  summary: string;
  planned_queries: number;
  completed_queries: number;
  duration_ms: number;
  warnings: string;
  /** NULL for evaluations saved before pairwise tests were kept. */
  pairwise: string | null;
}

interface ColumnRow {
  evaluation_id: string;
  column_id: string;
  name: string;
  baseline: number;
  config: string;
  stats: string;
}

export function createEvaluationStore(db: HistoryDb, file: string): EvaluationStore {
  const columnsOf = (ids: readonly string[]) => {
    const byId = new Map<string, ColumnRow[]>();
    if (ids.length === 0) return byId;
    const rows = all<ColumnRow>(
      db,
      `SELECT evaluation_id, column_id, name, baseline, config, stats FROM evaluation_columns
       WHERE evaluation_id IN (${ids.map(() => '?').join(', ')}) ORDER BY evaluation_id, position`,
      ids,
    );
    for (const row of rows) {
      const list = byId.get(row.evaluation_id) ?? [];
      list.push(row);
      byId.set(row.evaluation_id, list);
    }
    return byId;
  };
  const head = (row: Omit<EvaluationRow, 'pairwise'>) => ({
    id: row.id,
    createdAt: row.created_at,
    source: row.source,
    status: row.status,
    dataset: JSON.parse(row.dataset) as Evaluation['dataset'],
    settings: JSON.parse(row.settings) as EvaluationSettings,
    summary: JSON.parse(row.summary) as ColumnSummary[],
    plannedQueries: row.planned_queries,
    durationMs: row.duration_ms,
  });

  return {
    save(evaluation) {
      try {
        inTransaction(db, () => insert(db, evaluation));
      } catch (error) {
        if (sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new HistoryError(
            `Evaluation "${evaluation.id}" is already in the run history ${file}.`,
          );
        }
        throw new HistoryError(
          `Could not save evaluation "${evaluation.id}" to the run history ${file}: ${messageOf(error)}`,
          { cause: error },
        );
      }
    },

    list(limit = 100) {
      // Not the pairwise tests: up to a few hundred kB each, and the list never shows them.
      const rows = all<Omit<EvaluationRow, 'pairwise'>>(
        db,
        `SELECT id, created_at, source, status, dataset, settings, summary, planned_queries,
           completed_queries, duration_ms, warnings
         FROM evaluations ORDER BY created_at DESC, id DESC LIMIT ?`,
        [limit],
      );
      const columns = columnsOf(rows.map((row) => row.id));
      return rows.map((row) => ({
        ...head(row),
        completedQueries: row.completed_queries,
        columns: (columns.get(row.id) ?? []).map((c) => ({
          columnId: c.column_id,
          name: c.name,
          baseline: c.baseline === 1,
        })),
      }));
    },

    get(id) {
      const row = first<EvaluationRow>(db, 'SELECT * FROM evaluations WHERE id = ?', [id]);
      if (!row) return undefined;
      const queries = all<{
        query_id: string;
        query: string;
        candidates: number;
        relevant: number;
        metric_values: string;
        errors: string | null;
      }>(
        db,
        `SELECT query_id, query, candidates, relevant, metric_values, errors
         FROM evaluation_queries WHERE evaluation_id = ? ORDER BY position`,
        [id],
      );
      return {
        ...head(row),
        columns: (columnsOf([id]).get(id) ?? []).map((c) => ({
          columnId: c.column_id,
          name: c.name,
          config: JSON.parse(c.config) as PipelineConfig,
          baseline: c.baseline === 1,
          ...(JSON.parse(c.stats) as ColumnStats),
        })),
        queries: queries.map((q) => ({
          queryId: q.query_id,
          query: q.query,
          candidates: q.candidates,
          relevant: q.relevant,
          values: JSON.parse(q.metric_values) as Record<string, MetricValues>,
          ...(q.errors !== null ? { errors: JSON.parse(q.errors) as Record<string, string> } : {}),
        })),
        ...(row.pairwise !== null
          ? { pairwise: JSON.parse(row.pairwise) as PairComparison[] }
          : {}),
        warnings: JSON.parse(row.warnings) as string[],
      };
    },

    delete: (id) => run(db, 'DELETE FROM evaluations WHERE id = ?', [id]) > 0,
  };
}

function insert(db: HistoryDb, evaluation: Evaluation): void {
  run(
    db,
    `INSERT INTO evaluations (id, created_at, source, status, dataset_name, dataset, settings,
       summary, planned_queries, completed_queries, duration_ms, warnings, pairwise)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      evaluation.id,
      evaluation.createdAt,
      evaluation.source,
      evaluation.status,
      evaluation.dataset.name,
      JSON.stringify(evaluation.dataset),
      JSON.stringify(evaluation.settings),
      JSON.stringify(evaluation.summary),
      evaluation.plannedQueries,
      evaluation.queries.length,
      evaluation.durationMs,
      JSON.stringify(evaluation.warnings),
      evaluation.pairwise ? JSON.stringify(evaluation.pairwise) : null,
    ],
  );
  evaluation.columns.forEach(({ columnId, name, config, baseline, ...stats }, position) => {
    run(
      db,
      `INSERT INTO evaluation_columns (evaluation_id, position, column_id, name, baseline,
         strategy, provider, model, config, config_key, stats)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        evaluation.id,
        position,
        columnId,
        name,
        baseline ? 1 : 0,
        config.strategy,
        config.provider ?? null,
        config.model ?? null,
        JSON.stringify(config),
        configKey(config),
        JSON.stringify(stats),
      ],
    );
  });
  evaluation.queries.forEach((query, position) => {
    run(
      db,
      `INSERT INTO evaluation_queries (evaluation_id, position, query_id, query, candidates,
         relevant, metric_values, errors)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        evaluation.id,
        position,
        query.queryId,
        query.query,
        query.candidates,
        query.relevant,
        JSON.stringify(query.values),
        query.errors ? JSON.stringify(query.errors) : null,
      ],
    );
  });
}
