/**
 * A saved run as rows and back. Writing is the only place that knows the column layout, so
 * `saveRun` and `importRuns` cannot drift apart; neither opens a transaction (their callers
 * do, one per run or one per import).
 */
import type { PipelineConfig } from '../../shared/pipeline/config';
import type { ColumnResult } from '../../shared/contract/schemas';
import { configKey } from './config-key';
import type {
  RunSource,
  RunStatus,
  SavedDocument,
  SavedRun,
  SavedRunInput,
} from '../../shared/history/saved-run';
import { SEQ_PER_MS } from './migrations';
import { all, first, HistoryError, run, type HistoryDb } from './sqlite';

/** Request-level fields with no column of their own; new ones need no migration. */
interface RequestExtras {
  topN?: number;
  warnings?: string[];
}

/**
 * The `seq` of a new run: its place in time (see SEQ_PER_MS), after the runs already saved in
 * the same millisecond.
 */
function nextSeq(db: HistoryDb, createdAt: number): number {
  const base = createdAt * SEQ_PER_MS;
  const last = first<{ seq: number | null }>(
    db,
    'SELECT max(seq) AS seq FROM runs WHERE seq >= ? AND seq < ?',
    [base, base + SEQ_PER_MS],
  )?.seq;
  const seq = last === null || last === undefined ? base : last + 1;
  if (seq >= base + SEQ_PER_MS) {
    throw new HistoryError(
      `more than ${SEQ_PER_MS} runs were created at the same millisecond (${new Date(createdAt).toISOString()})`,
    );
  }
  return seq;
}

export function insertRun(db: HistoryDb, saved: SavedRunInput, starred = false): void {
  const extras: RequestExtras = { topN: saved.topN, warnings: saved.warnings };
  if (!Number.isSafeInteger(saved.createdAt * SEQ_PER_MS) || saved.createdAt < 0) {
    throw new HistoryError(
      `run "${saved.id}" has a creation time out of range: ${saved.createdAt}`,
    );
  }
  run(
    db,
    `INSERT INTO runs (seq, id, created_at, source, status, query, instruction, document_count,
       column_count, duration_ms, documents, request, starred)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      nextSeq(db, saved.createdAt),
      saved.id,
      saved.createdAt,
      saved.source,
      saved.status,
      saved.query,
      saved.instruction ?? null,
      saved.documents.length,
      saved.columns.length,
      saved.durationMs ?? null,
      JSON.stringify(saved.documents),
      JSON.stringify(extras),
      starred ? 1 : 0,
    ],
  );
  saved.columns.forEach(({ config, result }, position) => {
    run(
      db,
      `INSERT INTO columns (run_id, position, column_id, name, strategy, provider, model,
         config, config_key, status, latency_ms, error_message, result)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        saved.id,
        position,
        result.columnId,
        result.name,
        config.strategy,
        config.provider ?? null,
        config.model ?? null,
        JSON.stringify(config),
        configKey(config),
        result.status,
        result.latencyMs,
        result.error?.message ?? null,
        // Wire exchanges included: bodies are capped upstream, and they are the user's record.
        JSON.stringify(result),
      ],
    );
  });
}

export interface RunRow {
  id: string;
  created_at: number;
  source: RunSource;
  status: RunStatus;
  query: string;
  instruction: string | null;
  document_count: number;
  column_count: number;
  duration_ms: number | null;
  starred: number;
}

interface FullRunRow extends RunRow {
  documents: string;
  request: string;
}

export function readRun(db: HistoryDb, id: string): SavedRun | undefined {
  const row = first<FullRunRow>(
    db,
    `SELECT id, created_at, source, status, query, instruction, document_count, column_count,
       duration_ms, starred, documents, request
     FROM runs WHERE id = ?`,
    [id],
  );
  if (!row) return undefined;
  const columns = all<{ config: string; result: string }>(
    db,
    'SELECT config, result FROM columns WHERE run_id = ? ORDER BY position',
    [id],
  );
  const extras = JSON.parse(row.request) as RequestExtras;
  return {
    id: row.id,
    createdAt: row.created_at,
    source: row.source,
    status: row.status,
    query: row.query,
    ...(row.instruction !== null ? { instruction: row.instruction } : {}),
    documents: JSON.parse(row.documents) as SavedDocument[],
    columns: columns.map((column) => ({
      config: JSON.parse(column.config) as PipelineConfig,
      result: JSON.parse(column.result) as ColumnResult,
    })),
    ...(extras.topN !== undefined ? { topN: extras.topN } : {}),
    ...(row.duration_ms !== null ? { durationMs: row.duration_ms } : {}),
    ...(extras.warnings !== undefined ? { warnings: extras.warnings } : {}),
    starred: row.starred === 1,
  };
}

export function runExists(db: HistoryDb, id: string): boolean {
  return first(db, 'SELECT 1 AS found FROM runs WHERE id = ?', [id]) !== undefined;
}
