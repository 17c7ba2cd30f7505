/**
 * Opening the run-history file: health check, quarantine of a damaged file, refusal of a file
 * from a newer app, backup, then migrations. The history is the user's record of every
 * experiment, so each path here prefers keeping bytes (moved aside, copied, left alone) to
 * losing them, and says what it did in a sentence that names the file.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import {
  connect,
  first,
  HistoryError,
  inTransaction,
  messageOf,
  run,
  sqliteCode,
  type HistoryDb,
} from './sqlite';

export { MIGRATIONS, SCHEMA_VERSION } from './migrations';

/** Why a file that `quick_check` did not pass was moved aside. */
export const FAILED_CHECK = "it failed SQLite's integrity check";
export { HistoryError, type HistoryDb } from './sqlite';

export interface OpenHistoryOptions {
  /** Migrate no further than this version (tests build an old file this way). */
  targetVersion?: number;
  /** How long a statement waits for another connection's lock before failing. */
  busyTimeoutMs?: number;
  /** The clock in quarantine and backup names. */
  now?: () => Date;
  /**
   * `full` (the default) runs `PRAGMA quick_check` before anything else, which reads every
   * page: about a second per 300 MB. `schema` only reads the schema, which still catches a
   * file that is not a database or whose schema is damaged; the caller then checks the pages
   * off its event loop ({@link checkIntegrity}) and calls {@link quarantineDamaged} if asked to.
   */
  check?: 'full' | 'schema';
}

export interface OpenedHistory {
  db: HistoryDb;
  /** What happened to the file on the way (quarantined, upgraded), for the user to read. */
  notices: string[];
  version: number;
}

/**
 * Opens (creating if needed) the history database at `file` and brings it to the current
 * schema. Throws {@link HistoryError} for a file this app must not touch (written by a newer
 * Rerank Studio) or cannot open (permissions, a folder in the way, locked).
 */
export function openHistoryDatabase(file: string, options: OpenHistoryOptions = {}): OpenedHistory {
  const { busyTimeoutMs = 5000, now = () => new Date() } = options;
  const target = options.targetVersion ?? SCHEMA_VERSION;
  if (!Number.isInteger(target) || target < 0 || target > SCHEMA_VERSION) {
    throw new RangeError(`targetVersion must be an integer from 0 to ${SCHEMA_VERSION}`);
  }
  const notices: string[] = [];
  mkdirSync(path.dirname(file), { recursive: true });

  let db = open(file, busyTimeoutMs);
  const damage = checkHealth(db, file, options.check ?? 'full');
  if (damage) {
    // The check used exec() only, so this close really releases the file (see checkHealth).
    db.close();
    // A newer app may use SQL this SQLite cannot parse, which reads as a malformed schema:
    // the version in the file header tells that file apart from a damaged one.
    const version = headerVersion(file);
    if (version !== undefined && version > SCHEMA_VERSION) throw newerFile(file, version);
    notices.push(quarantineDamaged(file, damage, now()));
    db = open(file, busyTimeoutMs);
  }

  try {
    const version = userVersion(db);
    if (version > SCHEMA_VERSION) throw newerFile(file, version);
    // Only now may the file change: journal_mode=WAL rewrites its header.
    configure(db, file, busyTimeoutMs, notices);
    if (version < target) migrate(db, file, version, target, now(), notices);
    return { db, notices, version: Math.max(version, target) };
  } catch (error) {
    db.close();
    throw error;
  }
}

function open(file: string, busyTimeoutMs: number): HistoryDb {
  try {
    return connect(file, busyTimeoutMs);
  } catch (error) {
    // libsql says only `ConnectionFailed(... : 14)` (SQLITE_CANTOPEN): name the usual cause.
    const reason = statSync(file, { throwIfNoEntry: false })?.isDirectory()
      ? 'it is a folder, not a file'
      : messageOf(error);
    throw new HistoryError(`Could not open the run history ${file}: ${reason}`);
  }
}

/**
 * Moves a damaged history aside (no connection may have it open) and says so in a sentence;
 * the next open starts a new, empty history.
 */
export function quarantineDamaged(file: string, damage: string, at: Date): string {
  const moved = quarantine(file, at);
  return `The run history ${file} could not be read (${damage}); it was moved to ${moved} and a new, empty history was started.`;
}

/**
 * Runs `PRAGMA quick_check` (or, for `schema`, reads only the schema) and returns why the file
 * is damaged, or undefined if it is sound.
 * Statements prepared on a libsql connection keep it open after `close()` until they are
 * garbage-collected; a stale connection to a file we then move would, when finally closed,
 * delete `<file>-wal` by name, which by then belongs to the fresh database. So this check uses
 * `exec()` alone: a CHECK constraint on a temporary table turns any answer but "ok" into an
 * error. Not a database at all (SQLITE_NOTADB) and a malformed schema (SQLITE_CORRUPT) surface
 * here too, as the first statement reads the schema.
 */
function checkHealth(db: HistoryDb, file: string, check: 'full' | 'schema'): string | undefined {
  try {
    db.exec(
      check === 'full'
        ? `CREATE TEMP TABLE history_quick_check (verdict TEXT CHECK (verdict = 'ok'));
           INSERT INTO temp.history_quick_check SELECT quick_check FROM pragma_quick_check;
           DROP TABLE temp.history_quick_check;`
        : // Reading the schema parses every entry of it; the pages are left to checkIntegrity.
          'CREATE TEMP TABLE history_schema_check AS SELECT count(*) AS n FROM sqlite_schema; DROP TABLE temp.history_schema_check;',
    );
    return undefined;
  } catch (error) {
    const code = sqliteCode(error) ?? '';
    if (code === 'SQLITE_NOTADB') return 'it is not a SQLite database';
    if (code.startsWith('SQLITE_CORRUPT')) return 'SQLite reports it is malformed';
    if (code === 'SQLITE_CONSTRAINT_CHECK') return FAILED_CHECK;
    db.close();
    // Locked, unreadable, disk trouble: not damage, so the file stays where it is.
    throw new HistoryError(`Could not read the run history ${file}: ${messageOf(error)}`);
  }
}

/**
 * Moves a damaged file aside, with its WAL and shared-memory files if any are left (closing
 * the checking connection usually folds a WAL back into the file and deletes it, as any
 * SQLite close does), keeping SQLite's naming so the quarantined copy can still be opened,
 * and perhaps recovered, with the sqlite3 tool.
 */
function quarantine(file: string, at: Date): string {
  const moved = freeName(`${file}.corrupt-${stamp(at)}`);
  try {
    renameSync(file, moved);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(file + suffix)) renameSync(file + suffix, moved + suffix);
    }
  } catch (error) {
    throw new HistoryError(
      `The run history ${file} is damaged and could not be moved aside to ${moved}: ${messageOf(error)}`,
    );
  }
  return moved;
}

function newerFile(file: string, version: number): HistoryError {
  return new HistoryError(
    `The run history ${file} was written by a newer Rerank Studio (history schema v${version}; this version reads up to v${SCHEMA_VERSION}). Update Rerank Studio to open it; the file was left untouched.`,
  );
}

/**
 * `user_version` as stored in the file header (big-endian, offset 60), or undefined if the
 * file does not start like a SQLite database. It can lag a change still in the WAL, which
 * is fine for telling a newer file from a damaged one.
 */
function headerVersion(file: string): number | undefined {
  const header = Buffer.alloc(100);
  try {
    const fd = openSync(file, 'r');
    try {
      if (readSync(fd, header, 0, header.length, 0) < header.length) return undefined;
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  if (header.toString('latin1', 0, 16) !== 'SQLite format 3\0') return undefined;
  return header.readUInt32BE(60);
}

function userVersion(db: HistoryDb): number {
  return first<{ user_version: number }>(db, 'PRAGMA user_version')?.user_version ?? 0;
}

/**
 * WAL lets the UI read the history while a run is being saved; NORMAL sync is durable across
 * app crashes in WAL mode (a power cut may lose the last runs, never corrupt the file);
 * foreign keys make deleting a run delete its columns.
 */
function configure(db: HistoryDb, file: string, busyTimeoutMs: number, notices: string[]) {
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  const mode = first<{ journal_mode: string }>(db, 'PRAGMA journal_mode = WAL')?.journal_mode;
  if (mode !== 'wal') {
    // Network drives lack the shared memory WAL needs; SQLite then keeps the old journal.
    notices.push(
      `The run history ${file} cannot use write-ahead logging here (journal mode "${String(mode)}"); it works, but saving a run briefly blocks reading the history.`,
    );
  }
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
}

/**
 * Applies the pending steps, each with its `user_version` bump in one transaction, so a
 * failure leaves the file at the last good version. An existing database is first copied
 * with `VACUUM INTO` (a consistent snapshot, WAL content included; libsql has no `backup()`).
 */
function migrate(
  db: HistoryDb,
  file: string,
  from: number,
  to: number,
  at: Date,
  notices: string[],
) {
  let backup: string | undefined;
  const hasSchema = first<{ n: number }>(db, 'SELECT count(*) AS n FROM sqlite_schema')?.n ?? 0;
  if (from > 0 || hasSchema > 0) {
    backup = existsSync(`${file}.backup-v${from}`)
      ? freeName(`${file}.backup-v${from}-${stamp(at)}`)
      : `${file}.backup-v${from}`;
    try {
      run(db, 'VACUUM INTO ?', [backup]);
    } catch (error) {
      throw new HistoryError(
        `The run history ${file} needs upgrading from v${from} to v${to}, but the safety copy ${backup} could not be written: ${messageOf(error)}. Nothing was changed.`,
      );
    }
  }
  for (let version = from + 1; version <= to; version++) {
    try {
      inTransaction(db, () => {
        MIGRATIONS[version - 1]!(db);
        db.exec(`PRAGMA user_version = ${version}`);
      });
    } catch (error) {
      const kept = backup ? `; the copy made before upgrading is ${backup}` : '';
      throw new HistoryError(
        `Upgrading the run history ${file} to schema v${version} failed: ${messageOf(error)}. The file was left at v${version - 1}${kept}.`,
      );
    }
  }
  if (backup) {
    notices.push(
      `The run history ${file} was upgraded from schema v${from} to v${to}; the previous file was kept as ${backup}.`,
    );
  }
}

/** `2025-11-22T03-51-00-123Z`: sortable, and legal in Windows file names. */
function stamp(at: Date): string {
  return at.toISOString().replace(/[:.]/g, '-');
}

function freeName(base: string): string {
  let name = base;
  for (let n = 2; existsSync(name); n++) name = `${base}-${n}`;
  return name;
}
