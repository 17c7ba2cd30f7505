/**
 * The few ways the history talks to libsql, in one place, because libsql 0.5.29 looks like
 * better-sqlite3 but differs where it hurts:
 *
 * - binding a JavaScript boolean panics in Rust and aborts the whole process, so parameters are
 *   typed {@link SqlValue} (no booleans) and flags are bound as 0/1;
 * - a single `null` argument is taken for a named-parameter object and throws, so parameters
 *   always travel as one array;
 * - `get()` rows carry an extra enumerable `_metadata` field, so rows are read with `all()`;
 * - `backup()` throws "not implemented" (copies use `VACUUM INTO`);
 * - `close()` does not release a connection that ever prepared a statement until the garbage
 *   collector finalises those statements (tursodatabase/libsql-js#228): see `db.ts` for why
 *   that matters before a file is moved.
 */
import Database from 'libsql';

export type HistoryDb = Database.Database;
type Statement = Database.Statement;

/** A problem with the history that the user can act on, in words that name the file. */
export class HistoryError extends Error {
  override name = 'HistoryError';
}

export type SqlValue = string | number | null;

export function connect(file: string, busyTimeoutMs: number): HistoryDb {
  return new Database(file, { timeout: busyTimeoutMs });
}

/**
 * Statements are prepared once per connection and SQL text: preparing is not free, and each
 * libsql statement also pins the connection until it is collected, so a bounded set is kinder.
 */
const statements = new WeakMap<HistoryDb, Map<string, Statement>>();

function prepared(db: HistoryDb, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map<string, Statement>()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}

export function all<Row>(db: HistoryDb, sql: string, params: readonly SqlValue[] = []): Row[] {
  return prepared(db, sql).all([...params]) as Row[];
}

export function first<Row>(
  db: HistoryDb,
  sql: string,
  params: readonly SqlValue[] = [],
): Row | undefined {
  return all<Row>(db, sql, params)[0];
}

export function run(db: HistoryDb, sql: string, params: readonly SqlValue[] = []): number {
  return prepared(db, sql).run([...params]).changes;
}

/**
 * Runs `body` in one write transaction: all of it is committed or none. IMMEDIATE takes the
 * write lock up front, so two connections cannot both read and then deadlock upgrading.
 * libsql's own `transaction()` issues ROLLBACK blindly, which throws "no transaction is active"
 * (hiding the real error) when SQLite already rolled back on its own; this checks first.
 */
export function inTransaction<T>(db: HistoryDb, body: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = body();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** Like {@link inTransaction}, nested inside one: an entry that fails undoes only itself. */
export function inSavepoint<T>(db: HistoryDb, body: () => T): T {
  db.exec('SAVEPOINT entry');
  try {
    const result = body();
    db.exec('RELEASE entry');
    return result;
  } catch (error) {
    db.exec('ROLLBACK TO entry');
    db.exec('RELEASE entry');
    throw error;
  }
}

/** SQLite's error code (`SQLITE_CORRUPT`, `SQLITE_CONSTRAINT_UNIQUE`, …), if it is one. */
export function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
