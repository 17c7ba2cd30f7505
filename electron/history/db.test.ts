/**
 * Opening the history file for real: settings, migrations with their backup, a newer file
 * refused untouched, damaged files quarantined. Every case uses its own file in a temp folder.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryError, openHistoryDatabase, SCHEMA_VERSION } from './db';
import { checkIntegrity } from './integrity';
import { all, first } from './sqlite';
import {
  openStore,
  sampleRun,
  tempFolder,
  writeDamagedHistory,
} from '../../testkit/fixtures/history';

const { dir, cleanup } = tempFolder('history-db');
afterAll(cleanup);
let n = 0;
/** A new subfolder per test, so listings show only that test's files. */
const fileIn = () => {
  const folder = path.join(dir, `case-${++n}`);
  mkdirSync(folder);
  return path.join(folder, 'history.db');
};
const NOW = new Date(Date.UTC(2025, 5, 1, 12, 0, 0, 7));
const STAMP = '2025-06-01T12-00-00-007Z';

/** Writes runs as the v1 code did: a frozen copy, so the test keeps proving v1 → latest. */
function writeV1Run(db: Database.Database, id: string, createdAt: number) {
  db.prepare(
    `INSERT INTO runs (id, created_at, source, status, query, instruction, document_count,
       column_count, duration_ms, documents, request)
     VALUES (?, ?, 'cli', 'completed', ?, NULL, 1, 1, 12.5, ?, '{"topN":3}')`,
  ).run([id, createdAt, `golden retriever ${id}`, JSON.stringify([{ text: 'Dogs shed fur.' }])]);
  const config = { version: 1, name: 'bm25', strategy: 'heuristic' };
  const result = {
    columnId: 'c1',
    name: 'bm25',
    status: 'ok',
    results: [],
    latencyMs: 1,
    warnings: [],
  };
  db.prepare(
    `INSERT INTO columns (run_id, position, column_id, name, strategy, provider, model, config,
       config_key, status, latency_ms, error_message, result)
     VALUES (?, 0, 'c1', 'bm25', 'heuristic', NULL, NULL, ?, 'k', 'ok', 1, NULL, ?)`,
  ).run([id, JSON.stringify(config), JSON.stringify(result)]);
}

describe('openHistoryDatabase', () => {
  it('creates the file at the latest schema with WAL, NORMAL sync, foreign keys and a busy timeout', () => {
    const file = fileIn();
    const { db, notices, version } = openHistoryDatabase(file, { busyTimeoutMs: 2500 });
    expect({ notices, version }).toEqual({ notices: [], version: SCHEMA_VERSION });
    expect(first(db, 'PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
    expect(first(db, 'PRAGMA synchronous')).toEqual({ synchronous: 1 }); // NORMAL
    expect(first(db, 'PRAGMA foreign_keys')).toEqual({ foreign_keys: 1 });
    expect(first(db, 'PRAGMA busy_timeout')).toEqual({ timeout: 2500 });
    expect(first(db, 'PRAGMA user_version')).toEqual({ user_version: SCHEMA_VERSION });
    const names = all<{ name: string }>(
      db,
      "SELECT name FROM sqlite_schema WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'runs_fts_%' ORDER BY name",
    ).map((row) => row.name);
    expect(names).toEqual([
      'columns',
      'columns_config_key',
      'columns_provider',
      'columns_strategy',
      'evaluation_columns',
      'evaluation_columns_config_key',
      'evaluation_queries',
      'evaluations',
      'evaluations_created',
      'runs',
      'runs_fts',
      'runs_source_status',
      'runs_starred',
      'runs_unindexed',
    ]);
    db.close();
    // Reopening an up-to-date file changes nothing and makes no backup.
    expect(openHistoryDatabase(file).notices).toEqual([]);
    expect(readdirSync(path.dirname(file)).filter((name) => name.includes('backup'))).toEqual([]);
  });

  it('migrates a v1 file to the latest schema after copying it to <file>.backup-v1', () => {
    const file = fileIn();
    const v1 = openHistoryDatabase(file, { targetVersion: 1 });
    expect(v1.version).toBe(1);
    expect(all(v1.db, "SELECT 1 FROM pragma_table_info('runs') WHERE name = 'starred'")).toEqual(
      [],
    );
    writeV1Run(v1.db, 'old-1', 1000);
    writeV1Run(v1.db, 'old-2', 2000);
    v1.db.close();

    const { db, store, notices, version } = openStore(file);
    expect(version).toBe(SCHEMA_VERSION);
    const backup = `${file}.backup-v1`;
    expect(notices).toEqual([
      `The run history ${file} was upgraded from schema v1 to v${SCHEMA_VERSION}; the previous file was kept as ${backup}.`,
    ]);
    expect(store.getRun('old-1')).toStrictEqual({
      id: 'old-1',
      createdAt: 1000,
      source: 'cli',
      status: 'completed',
      query: 'golden retriever old-1',
      documents: [{ text: 'Dogs shed fur.' }],
      columns: [
        {
          config: { version: 1, name: 'bm25', strategy: 'heuristic' },
          result: {
            columnId: 'c1',
            name: 'bm25',
            status: 'ok',
            results: [],
            latencyMs: 1,
            warnings: [],
          },
        },
      ],
      topN: 3,
      durationMs: 12.5,
      starred: false,
    });
    // The v1 full-text entries survived, and v2's star works on old runs.
    expect(store.listRuns({ text: 'retriever' }).runs.map((r) => r.id)).toEqual(['old-2', 'old-1']);
    expect(store.setStarred('old-1', true)).toBe(true);
    expect(store.listRuns({ starred: true }).runs.map((r) => r.id)).toEqual(['old-1']);
    db.close();

    // The backup is a complete v1 database with the old runs.
    const copy = new Database(backup);
    expect(copy.prepare('SELECT id FROM runs ORDER BY id').pluck().all()).toEqual([
      'old-1',
      'old-2',
    ]);
    expect(copy.prepare('PRAGMA user_version').pluck().all()).toEqual([1]);
  });

  it('renumbers v2 runs into time order (v3), so the newest-first walk and search agree', () => {
    const file = fileIn();
    const v2 = openHistoryDatabase(file, { targetVersion: 2 });
    // Saved out of time order (an import of older runs), two of them in the same millisecond.
    writeV1Run(v2.db, 'late', 5000);
    writeV1Run(v2.db, 'early', 1000);
    writeV1Run(v2.db, 'tie-b', 3000);
    writeV1Run(v2.db, 'tie-a', 3000);
    v2.db.close();

    const { db, store } = openStore(file);
    const order = ['late', 'tie-b', 'tie-a', 'early'];
    expect(
      all<{ id: string }>(db, 'SELECT id FROM runs ORDER BY seq DESC').map((r) => r.id),
    ).toEqual(order);
    // Every run kept its search entry under its new seq.
    expect(store.listRuns({ text: 'retriever' }).runs.map((r) => r.id)).toEqual(order);
    expect(store.listRuns({ text: 'tie-a' }).runs.map((r) => r.id)).toEqual(['tie-a']);
    expect(store.listRuns().runs.map((r) => r.id)).toEqual(order);
    // A run saved now lands after the others of its millisecond.
    store.saveRun(sampleRun({ id: 'tie-c', createdAt: 3000 }));
    expect(store.listRuns({ from: 3000, to: 3001 }).runs.map((r) => r.id)).toEqual([
      'tie-c',
      'tie-b',
      'tie-a',
    ]);
    db.close();
  });

  it('keeps an existing backup and writes the new one beside it', () => {
    const file = fileIn();
    openHistoryDatabase(file, { targetVersion: 1 }).db.close();
    writeFileSync(`${file}.backup-v1`, 'an older backup');
    const { notices } = openHistoryDatabase(file, { now: () => NOW });
    expect(readFileSync(`${file}.backup-v1`, 'utf8')).toBe('an older backup');
    expect(existsSync(`${file}.backup-v1-${STAMP}`)).toBe(true);
    expect(notices[0]).toContain(`kept as ${file}.backup-v1-${STAMP}.`);
  });

  it('leaves the file at the last good version when a migration step fails', () => {
    const file = fileIn();
    const v1 = openHistoryDatabase(file, { targetVersion: 1 });
    // Something in the way of v2's index: the whole v2 step must roll back.
    v1.db.exec('CREATE INDEX runs_starred ON runs (query)');
    v1.db.close();
    expect(() => openHistoryDatabase(file)).toThrow(
      new HistoryError(
        `Upgrading the run history ${file} to schema v2 failed: index runs_starred already exists. The file was left at v1; the copy made before upgrading is ${file}.backup-v1.`,
      ),
    );
    const after = new Database(file);
    expect(after.prepare('PRAGMA user_version').pluck().all()).toEqual([1]);
    expect(
      after.prepare("SELECT name FROM pragma_table_info('runs') WHERE name = 'starred'").all(),
    ).toEqual([]);
  });

  it('refuses a file written by a newer Rerank Studio and does not touch it', () => {
    const file = fileIn();
    const raw = new Database(file);
    raw.exec('CREATE TABLE future (x); INSERT INTO future VALUES (1); PRAGMA user_version = 99');
    raw.close();
    const before = readFileSync(file);
    expect(() => openHistoryDatabase(file)).toThrow(
      `The run history ${file} was written by a newer Rerank Studio (history schema v99; this version reads up to v${SCHEMA_VERSION}). Update Rerank Studio to open it; the file was left untouched.`,
    );
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(path.dirname(file))).toEqual(['history.db']);
  });

  it('refuses a newer file in WAL mode, as this app leaves it, without changing its bytes', () => {
    const file = fileIn();
    const { db, store } = openStore(file);
    store.saveRun(sampleRun());
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const before = readFileSync(file);
    expect(() => openHistoryDatabase(file)).toThrow(/written by a newer Rerank Studio/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(path.dirname(file)).filter((name) => /backup|corrupt/.test(name))).toEqual(
      [],
    );
  });

  it('refuses, not quarantines, a newer file whose schema this SQLite cannot parse', () => {
    const file = fileIn();
    const raw = new Database(file);
    // As if a future Rerank Studio used SQL syntax this SQLite does not know.
    raw.exec(`CREATE TABLE keep (x); PRAGMA user_version = 99; PRAGMA writable_schema = ON;
      INSERT INTO sqlite_schema (type, name, tbl_name, rootpage, sql)
        VALUES ('table', 'fut', 'fut', 0, 'CREATE TABLE fut (x) WITH FUTURE SYNTAX');
      PRAGMA writable_schema = OFF;`);
    raw.close();
    const before = readFileSync(file);
    expect(() => openHistoryDatabase(file)).toThrow(
      /written by a newer Rerank Studio \(history schema v99;/,
    );
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(path.dirname(file))).toEqual(['history.db']);
  });

  it('quarantines a file that is not a database and starts afresh', () => {
    const file = fileIn();
    const garbage = Buffer.from('this is not SQLite, just bytes that landed here '.repeat(200));
    writeFileSync(file, garbage);
    const { db, store, notices } = openStore(file, { now: () => NOW });
    const moved = `${file}.corrupt-${STAMP}`;
    expect(notices).toEqual([
      `The run history ${file} could not be read (it is not a SQLite database); it was moved to ${moved} and a new, empty history was started.`,
    ]);
    expect(readFileSync(moved).equals(garbage)).toBe(true);
    expect(store.listRuns().runs).toEqual([]);
    store.saveRun(sampleRun());
    expect(store.getRun('run-1')?.query).toBe(sampleRun().query);
    expect(first(db, 'PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
  });

  it('quarantines a database whose pages were damaged', () => {
    const file = fileIn();
    const bytes = writeDamagedHistory(file);

    const { store, notices } = openStore(file, { now: () => NOW });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      new RegExp(
        `^The run history .*history\\.db could not be read \\((SQLite reports it is malformed|it failed SQLite's integrity check)\\); it was moved to .*history\\.db\\.corrupt-${STAMP}`,
      ),
    );
    expect(readFileSync(`${file}.corrupt-${STAMP}`).equals(bytes)).toBe(true);
    expect(store.listRuns().runs).toEqual([]);
  });

  it('with check "schema" opens a file whose pages are damaged, leaving them to checkIntegrity', async () => {
    const file = fileIn();
    writeDamagedHistory(file);
    const opened = openHistoryDatabase(file, { check: 'schema' });
    expect(opened.notices).toEqual([]);
    // Depending on which pages the check reaches first, SQLite lists the damage or stops at it.
    expect(await checkIntegrity(file)).toMatch(
      /^(SQLite reports it is malformed|it failed SQLite's integrity check)$/,
    );
    opened.db.close();
    const sound = fileIn();
    openStore(sound).db.close();
    expect(await checkIntegrity(sound)).toBeUndefined();
  });

  it('says which file it could not open when the path is a folder', () => {
    const file = fileIn();
    openHistoryDatabase(path.join(file, 'inner.db'), { targetVersion: 0 }).db.close();
    expect(() => openHistoryDatabase(file)).toThrow(
      `Could not open the run history ${file}: it is a folder, not a file`,
    );
    expect(existsSync(path.join(file, 'inner.db'))).toBe(true);
  });

  it('rejects a target version it does not know', () => {
    expect(() => openHistoryDatabase(fileIn(), { targetVersion: SCHEMA_VERSION + 1 })).toThrow(
      `targetVersion must be an integer from 0 to ${SCHEMA_VERSION}`,
    );
  });
});
