/**
 * The history schema step that adds evaluations on labelled data, one record each (never one
 * saved run per query, which would bury the playground's runs under thousands). Kept in its own
 * file, named by what it adds rather than by a version number, so the step reads as a unit and
 * takes whichever place `migrations.ts` lists it at (v3 on this branch; after any step that
 * lands before it, the next). Never edit it once released.
 *
 * - `evaluations` holds the settings and the summary (means, paired tests) as JSON, so the list
 *   needs no per-query rows;
 * - `evaluation_columns` the secret-free configs, with the same strategy/provider/config key
 *   columns as the run history's `columns`, for the same questions ("every evaluation of this
 *   config");
 * - `evaluation_queries` each query's metric values per column (and per-column errors).
 */
import type { HistoryDb } from './sqlite';

export function evaluationsStep(db: HistoryDb): void {
  db.exec(`
    CREATE TABLE evaluations (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('app', 'cli')),
      status TEXT NOT NULL CHECK (status IN ('completed', 'cancelled')),
      dataset_name TEXT NOT NULL,
      dataset TEXT NOT NULL CHECK (json_valid(dataset)),
      settings TEXT NOT NULL CHECK (json_valid(settings)),
      summary TEXT NOT NULL CHECK (json_valid(summary)),
      planned_queries INTEGER NOT NULL,
      completed_queries INTEGER NOT NULL,
      duration_ms REAL NOT NULL,
      warnings TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(warnings))
    );
    CREATE INDEX evaluations_created ON evaluations (created_at DESC, id DESC);

    CREATE TABLE evaluation_columns (
      evaluation_id TEXT NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
      position INTEGER NOT NULL CHECK (position >= 0),
      column_id TEXT NOT NULL,
      name TEXT NOT NULL,
      baseline INTEGER NOT NULL CHECK (baseline IN (0, 1)),
      strategy TEXT NOT NULL,
      provider TEXT,
      model TEXT,
      config TEXT NOT NULL CHECK (json_valid(config)),
      config_key TEXT NOT NULL,
      stats TEXT NOT NULL CHECK (json_valid(stats)),
      PRIMARY KEY (evaluation_id, position)
    );
    CREATE INDEX evaluation_columns_config_key ON evaluation_columns (config_key);

    CREATE TABLE evaluation_queries (
      evaluation_id TEXT NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
      position INTEGER NOT NULL CHECK (position >= 0),
      query_id TEXT NOT NULL,
      query TEXT NOT NULL,
      candidates INTEGER NOT NULL,
      relevant INTEGER NOT NULL,
      metric_values TEXT NOT NULL CHECK (json_valid(metric_values)),
      errors TEXT CHECK (errors IS NULL OR json_valid(errors)),
      PRIMARY KEY (evaluation_id, position)
    );
  `);
}

/**
 * The step that keeps an evaluation's paired tests between every two columns (see
 * shared/evaluation/pairwise.ts) beside its summary: JSON, NULL for evaluations saved before
 * it, whose tests the host works out from their per-query values when one is opened. Working
 * them out on every open would cost, for a large evaluation (16 columns, 1,000 queries), seconds
 * each time; stored, it is one JSON read.
 */
export function evaluationPairwiseStep(db: HistoryDb): void {
  db.exec(`
    ALTER TABLE evaluations ADD COLUMN pairwise TEXT
      CHECK (pairwise IS NULL OR json_valid(pairwise));
  `);
}
