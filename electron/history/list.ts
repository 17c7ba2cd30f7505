/**
 * The history list: filters, full-text search and keyset pagination, newest first.
 *
 * A run's `seq` is its place in time (migrations.ts, v3), so newest first is rowid order, both
 * in `runs` and in the full-text index. A search walks the index's matches from the newest and
 * stops at the page's end: a word that is in every run costs as little as a rare one, however
 * many runs there are. Pages are cut by position, not by OFFSET: the cursor is the last run
 * shown, and the next page starts strictly after it, so page 100 costs what page 1 does and
 * runs saved while the user scrolls can neither repeat a run nor skip one.
 */
import { ftsQuery } from './fts-query';
import { SEQ_PER_MS } from './migrations';
import type { RunRow } from './records';
import type {
  ListRunsQuery,
  RunColumnSummary,
  RunPage,
  RunSummary,
} from '../../shared/history/saved-run';
import { all, HistoryError, type HistoryDb, type SqlValue } from './sqlite';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

interface ListRow extends RunRow {
  seq: number;
}

export function listRuns(db: HistoryDb, query: ListRunsQuery = {}): RunPage {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new HistoryError(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  const match = query.text === undefined ? undefined : ftsQuery(query.text);
  // Searching, the full-text index drives the walk and its rowid is the run's seq.
  const seq = match ? 'f.rowid' : 'r.seq';
  const where: string[] = [];
  const params: SqlValue[] = [];
  const add = (condition: string, ...values: SqlValue[]) => {
    where.push(condition);
    params.push(...values);
  };

  if (match) add('runs_fts MATCH ?', match);
  if (query.from !== undefined) add(`${seq} >= ?`, checkTime(query.from, 'from') * SEQ_PER_MS);
  if (query.to !== undefined) add(`${seq} < ?`, checkTime(query.to, 'to') * SEQ_PER_MS);
  if (query.cursor !== undefined) add(`${seq} < ?`, decodeCursor(query.cursor));
  if (query.status !== undefined) add('r.status = ?', query.status);
  if (query.source !== undefined) add('r.source = ?', query.source);
  if (query.starred !== undefined) add('r.starred = ?', query.starred ? 1 : 0);
  // The unary + keeps SQLite from answering these through the provider or strategy index,
  // which lists every column of that provider for every run looked at; each run's own columns
  // (the primary key's run_id prefix) are two or three rows.
  if (query.provider !== undefined) {
    add(
      'EXISTS (SELECT 1 FROM columns c WHERE c.run_id = r.id AND +c.provider = ?)',
      query.provider,
    );
  }
  if (query.strategy !== undefined) {
    add(
      'EXISTS (SELECT 1 FROM columns c WHERE c.run_id = r.id AND +c.strategy = ?)',
      query.strategy,
    );
  }

  // One row more than asked says whether there is a next page without counting.
  const rows = all<ListRow>(
    db,
    `SELECT r.seq, r.id, r.created_at, r.source, r.status, r.query, r.instruction,
       r.document_count, r.column_count, r.duration_ms, r.starred
     FROM ${match ? 'runs_fts f JOIN runs r ON r.seq = f.rowid' : 'runs r'}
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${seq} DESC
     LIMIT ?`,
    [...params, limit + 1],
  );
  const page = rows.slice(0, limit);
  const columns = columnsOf(
    db,
    page.map((row) => row.id),
  );
  const runs = page.map((row) => summary(row, columns.get(row.id) ?? []));
  const lastRow = page.at(-1);
  return rows.length > limit && lastRow
    ? { runs, nextCursor: encodeCursor(lastRow.seq) }
    : { runs };
}

interface ColumnRow {
  run_id: string;
  column_id: string;
  name: string;
  strategy: string;
  provider: string | null;
  model: string | null;
  status: RunColumnSummary['status'];
  latency_ms: number;
}

/** The page's columns in one query (the ids travel as one JSON array parameter). */
function columnsOf(db: HistoryDb, ids: string[]): Map<string, RunColumnSummary[]> {
  const byRun = new Map<string, RunColumnSummary[]>();
  if (ids.length === 0) return byRun;
  const rows = all<ColumnRow>(
    db,
    `SELECT run_id, column_id, name, strategy, provider, model, status, latency_ms
     FROM columns WHERE run_id IN (SELECT value FROM json_each(?))
     ORDER BY run_id, position`,
    [JSON.stringify(ids)],
  );
  for (const row of rows) {
    const list = byRun.get(row.run_id) ?? [];
    list.push({
      columnId: row.column_id,
      name: row.name,
      strategy: row.strategy,
      ...(row.provider !== null ? { provider: row.provider } : {}),
      ...(row.model !== null ? { model: row.model } : {}),
      status: row.status,
      latencyMs: row.latency_ms,
    });
    byRun.set(row.run_id, list);
  }
  return byRun;
}

function summary(row: RunRow, columns: RunColumnSummary[]): RunSummary {
  return {
    id: row.id,
    createdAt: row.created_at,
    source: row.source,
    status: row.status,
    query: row.query,
    ...(row.instruction !== null ? { instruction: row.instruction } : {}),
    documentCount: row.document_count,
    columnCount: row.column_count,
    ...(row.duration_ms !== null ? { durationMs: row.duration_ms } : {}),
    starred: row.starred === 1,
    columns,
  };
}

function checkTime(value: number, field: string): number {
  if (!Number.isFinite(value)) {
    throw new HistoryError(`${field} must be a time in milliseconds since 1970`);
  }
  return value;
}

/** Opaque to callers: base64url of the last shown run's place in the order. */
function encodeCursor(seq: number): string {
  return Buffer.from(JSON.stringify({ after: seq })).toString('base64url');
}

function decodeCursor(cursor: string): number {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof value === 'object' && value !== null && 'after' in value) {
      const { after } = value;
      if (Number.isSafeInteger(after)) return after as number;
    }
  } catch {
    // Not base64 JSON: reported below like any other cursor the history did not give out.
  }
  throw new HistoryError(
    'cursor is not one the history gave out: pass nextCursor from the previous page, or no cursor for the first page',
  );
}
