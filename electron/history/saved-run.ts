/**
 * What the run history keeps, as zod schemas and the types inferred from them. The schemas
 * check runs that come from outside (an imported export file); runs the engine hands to
 * `saveRun` are trusted to match the types, with the database's CHECK constraints as the
 * backstop. The contract can reuse these shapes when `history:*` operations are wired.
 */
import { z } from 'zod';
import { PipelineConfig } from '../../shared/pipeline/config';
import { ColumnResult, RunId } from '../../shared/contract/schemas';

export const RUN_SOURCES = ['playground', 'evaluation', 'cli', 'server'] as const;
export type RunSource = (typeof RUN_SOURCES)[number];

/**
 * `incomplete` is for a run that ended without finishing every column for another reason
 * than a cancel (the host quit, a column crashed the engine).
 */
export const RUN_STATUSES = ['completed', 'cancelled', 'incomplete'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A document as the caller gave it; its position in the list is its index in results. */
export const SavedDocument = z.object({
  text: z.string(),
  id: z.union([z.string(), z.number()]).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type SavedDocument = z.output<typeof SavedDocument>;

/** One column: the secret-free config it ran and what it produced (wire exchanges included). */
export const SavedColumn = z.object({ config: PipelineConfig, result: ColumnResult });
export type SavedColumn = z.output<typeof SavedColumn>;

export const SavedRunInput = z.object({
  /** The run's `runId`. */
  id: RunId,
  /** When the run started, in milliseconds since the epoch. */
  createdAt: z.int().min(0),
  source: z.enum(RUN_SOURCES),
  status: z.enum(RUN_STATUSES),
  query: z.string(),
  instruction: z.string().optional(),
  documents: z.array(SavedDocument),
  columns: z.array(SavedColumn),
  topN: z.int().min(1).optional(),
  /** Wall-clock time of the whole run. */
  durationMs: z.number().min(0).optional(),
  /** Request-level notes (clamped top N, repaired text). */
  warnings: z.array(z.string()).optional(),
});
export type SavedRunInput = z.output<typeof SavedRunInput>;

/** A run as the history gives it back: what was saved, plus what the user did with it since. */
export const SavedRun = SavedRunInput.extend({ starred: z.boolean() });
export type SavedRun = z.output<typeof SavedRun>;

/** An entry of an export file: `starred` may be missing (it defaults to false). */
export const ImportedRun = SavedRunInput.extend({ starred: z.boolean().optional() });

export interface RunColumnSummary {
  columnId: string;
  name: string;
  strategy: string;
  provider?: string;
  model?: string;
  status: ColumnResult['status'];
  latencyMs: number;
}

/** What a history list shows: no documents, no results, so a page of 50 stays small. */
export interface RunSummary {
  id: string;
  createdAt: number;
  source: RunSource;
  status: RunStatus;
  query: string;
  instruction?: string;
  documentCount: number;
  columnCount: number;
  durationMs?: number;
  starred: boolean;
  columns: RunColumnSummary[];
}

export interface ListRunsQuery {
  /** Words searched in the query, the instruction and the documents' text. */
  text?: string;
  /** Runs created at or after this time (ms since the epoch). */
  from?: number;
  /** Runs created before this time (exclusive, so a day is `[midnight, next midnight)`). */
  to?: number;
  /** Runs with at least one column of this provider / strategy (the column's own config). */
  provider?: string;
  strategy?: string;
  status?: RunStatus;
  source?: RunSource;
  starred?: boolean;
  /** Page size, 1–200 (default 50). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface RunPage {
  runs: RunSummary[];
  /** Present when there are more runs after this page. */
  nextCursor?: string;
}

/** Per-config figures, as a reranker console's pipeline list shows them. */
export interface ConfigStats {
  configKey: string;
  name: string;
  strategy: string;
  provider?: string;
  model?: string;
  config: PipelineConfig;
  /** Distinct runs that had a column with this config. */
  runs: number;
  /** Columns with this config (a run can hold the same config twice). */
  columns: number;
  /** Mean latency of the successful columns: a timeout or a cancel would skew it. */
  averageLatencyMs?: number;
  errors: number;
  cancelled: number;
  lastRunAt: number;
}

export const EXPORT_FORMAT = 'rerank-studio-history';
export const EXPORT_VERSION = 1;

export interface HistoryExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  runs: SavedRun[];
}

export interface ImportError {
  /** Position of the entry in the file's `runs` array. */
  index: number;
  id?: string;
  message: string;
}

export interface ImportReport {
  imported: number;
  /** Runs whose id is already in the history. */
  skipped: number;
  errors: ImportError[];
}
