/**
 * The run history: every rerank run saved once, when it ends (a cancelled run with status
 * 'cancelled'), then listed, searched, opened, starred, deleted, exported and imported, and
 * summed up per config. Main owns it; other hosts open their own. All calls are synchronous:
 * SQLite answers these in well under a millisecond to a few milliseconds, and an async facade
 * over a synchronous driver would only add interleavings.
 */
import type { PipelineConfig } from '../../shared/pipeline/config';
import { listRuns } from './list';
import { SCHEMA_VERSION } from './migrations';
import { insertRun, readRun } from './records';
import type {
  ConfigStats,
  HistoryExport,
  ImportReport,
  ListRunsQuery,
  RunPage,
  SavedRun,
  SavedRunInput,
} from '../../shared/history/saved-run';
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
import { indexPending, indexPendingInTransaction } from './search-queue';
import { exportRuns, importRuns } from './transfer';
import { createEvaluationStore, type EvaluationStore } from './evaluations';

export interface HistoryStore {
  /**
   * Saves a finished run: its row, its columns and its search entry, all or nothing. With
   * `index: 'later'` the search entry is left to {@link HistoryStore.indexPending}: the run is
   * committed in a tenth of the time (search-queue.ts), and a search still finds it.
   */
  saveRun(run: SavedRunInput, options?: { index?: 'now' | 'later' }): void;
  /** Writes the search entries of runs saved with `index: 'later'`; how many. */
  indexPending(): number;
  /** Newest first; `nextCursor` fetches the next page. */
  listRuns(query?: ListRunsQuery): RunPage;
  getRun(id: string): SavedRun | undefined;
  /** Deletes the run with its columns and search entry; false if there was none. */
  deleteRun(id: string): boolean;
  /** False if there is no such run. */
  setStarred(id: string, starred: boolean): boolean;
  exportRuns(ids?: readonly string[]): HistoryExport;
  importRuns(json: unknown): ImportReport;
  configStats(): ConfigStats[];
  /** Evaluations on labelled data, one record each. */
  evaluations: EvaluationStore;
}

export interface HistoryStoreOptions {
  /** The clock in export files. */
  now?: () => Date;
}

/** `db` comes from `openHistoryDatabase`, which brought it to the current schema. */
export function createHistoryStore(db: HistoryDb, options: HistoryStoreOptions = {}): HistoryStore {
  const { now = () => new Date() } = options;
  const file =
    first<{ file: string }>(db, "SELECT file FROM pragma_database_list WHERE name = 'main'")
      ?.file || 'the in-memory history';
  const version = first<{ user_version: number }>(db, 'PRAGMA user_version')?.user_version;
  if (version !== SCHEMA_VERSION) {
    throw new HistoryError(
      `The run history ${file} is at schema v${String(version)} but this code needs v${SCHEMA_VERSION}: open it with openHistoryDatabase, which upgrades it.`,
    );
  }

  return {
    saveRun(saved, { index = 'now' } = {}) {
      try {
        inTransaction(db, () => {
          insertRun(db, saved);
          if (index === 'now') indexPendingInTransaction(db);
        });
      } catch (error) {
        if (
          sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE' &&
          messageOf(error).includes('runs.id')
        ) {
          throw new HistoryError(`Run "${saved.id}" is already in the run history ${file}.`);
        }
        throw new HistoryError(
          `Could not save run "${saved.id}" to the run history ${file}: ${messageOf(error)}`,
          { cause: error },
        );
      }
    },

    indexPending: () => indexPending(db),
    listRuns(query) {
      // A search must find every saved run, including those whose entry a crash delayed.
      if (query?.text !== undefined) indexPending(db);
      return listRuns(db, query);
    },
    getRun: (id) => readRun(db, id),
    deleteRun: (id) => run(db, 'DELETE FROM runs WHERE id = ?', [id]) > 0,
    setStarred: (id, starred) =>
      run(db, 'UPDATE runs SET starred = ? WHERE id = ?', [starred ? 1 : 0, id]) > 0,
    exportRuns: (ids) => exportRuns(db, ids, now()),
    importRuns(json) {
      const report = importRuns(db, json);
      indexPending(db);
      return report;
    },
    configStats: () => configStats(db),
    evaluations: createEvaluationStore(db, file),
  };
}

interface StatsRow {
  config_key: string;
  name: string;
  strategy: string;
  provider: string | null;
  model: string | null;
  config: string;
  runs: number;
  columns: number;
  average_latency_ms: number | null;
  errors: number;
  cancelled: number;
  last_run_at: number;
  last_error: string | null;
  last_error_at: number | null;
}

/**
 * One line per config key. The name, provider, model and config shown are those of the most
 * recent run (SQLite takes bare columns from the row that gave `max()`); within one key they
 * are the same anyway, as they are part of the hashed config.
 */
function configStats(db: HistoryDb): ConfigStats[] {
  const rows = all<StatsRow>(
    db,
    `SELECT c.config_key, c.name, c.strategy, c.provider, c.model, c.config,
       max(r.created_at) AS last_run_at,
       count(DISTINCT c.run_id) AS runs,
       count(*) AS columns,
       avg(CASE WHEN c.status = 'ok' THEN c.latency_ms END) AS average_latency_ms,
       sum(c.status = 'error') AS errors,
       sum(c.status = 'cancelled') AS cancelled,
       (SELECT e.error_message FROM columns e JOIN runs er ON er.id = e.run_id
         WHERE e.config_key = c.config_key AND e.status = 'error'
         ORDER BY er.created_at DESC LIMIT 1) AS last_error,
       (SELECT max(er.created_at) FROM columns e JOIN runs er ON er.id = e.run_id
         WHERE e.config_key = c.config_key AND e.status = 'error') AS last_error_at
     FROM columns c JOIN runs r ON r.id = c.run_id
     GROUP BY c.config_key
     ORDER BY last_run_at DESC, c.config_key`,
  );
  return rows.map((row) => ({
    configKey: row.config_key,
    name: row.name,
    strategy: row.strategy,
    ...(row.provider !== null ? { provider: row.provider } : {}),
    ...(row.model !== null ? { model: row.model } : {}),
    config: JSON.parse(row.config) as PipelineConfig,
    runs: row.runs,
    columns: row.columns,
    ...(row.average_latency_ms !== null ? { averageLatencyMs: row.average_latency_ms } : {}),
    errors: row.errors,
    cancelled: row.cancelled,
    lastRunAt: row.last_run_at,
    ...(row.last_error !== null && row.last_error_at !== null
      ? { lastError: { message: row.last_error, at: row.last_error_at } }
      : {}),
  }));
}
