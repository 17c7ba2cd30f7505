/**
 * The history schema, one step per version (`PRAGMA user_version` says which ran last).
 * `openHistoryDatabase` runs each pending step in its own transaction, after copying an
 * existing file aside. Never edit a step once released: add the next one, because users'
 * files were built by the old text.
 */
import type { HistoryDb } from './sqlite';
import { evaluationPairwiseStep, evaluationsStep } from './evaluation-schema';
import { searchQueueStep } from './search-queue';

/**
 * v1: runs, their columns and the full-text index.
 *
 * - `runs.seq` is an explicit INTEGER PRIMARY KEY (a rowid alias) and `id` is UNIQUE rather
 *   than the primary key: VACUUM may renumber the hidden rowid of a table without one, which
 *   would silently detach every run from its full-text entry.
 * - `runs_fts` is contentless (`content=''`, `contentless_delete=1`, SQLite 3.43+): the text it
 *   indexes is derived (documents' `text` fields pulled from the JSON, not the JSON itself, so
 *   searching "metadata" does not match every run) and stored nowhere twice. Triggers keep it in
 *   step with `runs` for every writer: save, import, delete (since `searchQueueStep`, a new
 *   run's entry is written just after the run: see search-queue.ts).
 * - JSON columns are checked with `json_valid` so a bad write fails loudly, not on reading.
 */
const v1 = (db: HistoryDb) =>
  db.exec(`
    CREATE TABLE runs (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('playground', 'evaluation', 'cli', 'server')),
      status TEXT NOT NULL CHECK (status IN ('completed', 'cancelled', 'incomplete')),
      query TEXT NOT NULL,
      instruction TEXT,
      document_count INTEGER NOT NULL,
      column_count INTEGER NOT NULL,
      duration_ms REAL,
      documents TEXT NOT NULL CHECK (json_valid(documents)),
      request TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(request))
    );
    CREATE INDEX runs_created ON runs (created_at DESC, id DESC);
    CREATE INDEX runs_source_status ON runs (source, status, created_at DESC);

    CREATE TABLE columns (
      run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      position INTEGER NOT NULL CHECK (position >= 0),
      column_id TEXT NOT NULL,
      name TEXT NOT NULL,
      strategy TEXT NOT NULL,
      provider TEXT,
      model TEXT,
      config TEXT NOT NULL CHECK (json_valid(config)),
      config_key TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'cancelled')),
      latency_ms REAL NOT NULL,
      error_message TEXT,
      result TEXT NOT NULL CHECK (json_valid(result)),
      PRIMARY KEY (run_id, position)
    );
    CREATE INDEX columns_provider ON columns (provider);
    CREATE INDEX columns_strategy ON columns (strategy);
    CREATE INDEX columns_config_key ON columns (config_key);

    CREATE VIRTUAL TABLE runs_fts USING fts5 (
      query, instruction, documents,
      content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER runs_fts_insert AFTER INSERT ON runs BEGIN
      INSERT INTO runs_fts (rowid, query, instruction, documents) VALUES (
        new.seq, new.query, new.instruction,
        (SELECT group_concat(json_extract(value, '$.text'), char(10)) FROM json_each(new.documents))
      );
    END;
    CREATE TRIGGER runs_fts_update AFTER UPDATE OF query, instruction, documents ON runs BEGIN
      DELETE FROM runs_fts WHERE rowid = old.seq;
      INSERT INTO runs_fts (rowid, query, instruction, documents) VALUES (
        new.seq, new.query, new.instruction,
        (SELECT group_concat(json_extract(value, '$.text'), char(10)) FROM json_each(new.documents))
      );
    END;
    CREATE TRIGGER runs_fts_delete AFTER DELETE ON runs BEGIN
      DELETE FROM runs_fts WHERE rowid = old.seq;
    END;
  `);

/**
 * v2: a star, so the runs worth keeping can be found again among hundreds of experiments.
 * The partial index serves "starred, newest first" without growing for unstarred runs.
 */
const v2 = (db: HistoryDb) =>
  db.exec(`
    ALTER TABLE runs ADD COLUMN starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1));
    CREATE INDEX runs_starred ON runs (created_at DESC, id DESC) WHERE starred = 1;
  `);

/**
 * How many runs one millisecond can hold: `seq` is `created_at * SEQ_PER_MS` plus the run's
 * place among runs created in the same millisecond.
 */
export const SEQ_PER_MS = 1024;

/**
 * v3: `seq` becomes the run's place in time, so the newest-first order is rowid order for the
 * runs table and for the full-text index alike. A page of search results is then read straight
 * off the index, newest first, stopping after 50 matches, instead of collecting every match of
 * a common word (tens of thousands of runs) and sorting them; a date range is a rowid range.
 * The full-text entries are keyed by `seq`, so the index is rebuilt (a contentless index has no
 * text to move: it is extracted from the runs again), now with prefix indexes for 2 to 4
 * characters: the word being typed in the search box matches as a prefix, and without them a
 * prefix is answered by merging the entries of every word that starts with it, which for "ex"
 * means most runs. The created_at index is unused from here on.
 */
const v3 = (db: HistoryDb) =>
  db.exec(`
    UPDATE runs SET seq = created_at * ${SEQ_PER_MS} + (
      SELECT count(*) FROM runs o WHERE o.created_at = runs.created_at AND o.id < runs.id
    );
    DROP TABLE runs_fts;
    CREATE VIRTUAL TABLE runs_fts USING fts5 (
      query, instruction, documents,
      content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2',
      prefix = '2 3 4'
    );
    INSERT INTO runs_fts (rowid, query, instruction, documents)
      SELECT seq, query, instruction,
        (SELECT group_concat(json_extract(value, '$.text'), char(10)) FROM json_each(documents))
      FROM runs;
    DROP INDEX runs_created;
    DROP INDEX runs_starred;
    CREATE INDEX runs_starred ON runs (seq) WHERE starred = 1;
  `);

/** `MIGRATIONS[n - 1]` upgrades a version n - 1 database to version n. */
export const MIGRATIONS: readonly ((db: HistoryDb) => void)[] = [
  v1,
  v2,
  v3,
  evaluationsStep,
  searchQueueStep,
  evaluationPairwiseStep,
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;
