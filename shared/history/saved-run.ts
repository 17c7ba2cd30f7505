/**
 * What the run history keeps, as zod schemas and the types inferred from them. The schemas
 * check runs that come from outside (an imported export file); runs the engine hands to
 * `saveRun` are trusted to match the types, with the database's CHECK constraints as the
 * backstop. The `history:*` operations of the contract use the same shapes.
 */
import { z } from 'zod';
import { PipelineConfig } from '../pipeline/config';
import { ColumnResult, ColumnStatus, RunId } from '../contract/schemas';

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

export const RunColumnSummary = z.object({
  columnId: z.string(),
  name: z.string(),
  strategy: z.string(),
  provider: z.string().optional(),
  model: z.string().optional(),
  status: ColumnStatus,
  latencyMs: z.number(),
});
export type RunColumnSummary = z.output<typeof RunColumnSummary>;

/** What a history list shows: no documents, no results, so a page of 50 stays small. */
export const RunSummary = z.object({
  id: z.string(),
  createdAt: z.number(),
  source: z.enum(RUN_SOURCES),
  status: z.enum(RUN_STATUSES),
  query: z.string(),
  instruction: z.string().optional(),
  documentCount: z.int(),
  columnCount: z.int(),
  durationMs: z.number().optional(),
  starred: z.boolean(),
  columns: z.array(RunColumnSummary),
});
export type RunSummary = z.output<typeof RunSummary>;

export const ListRunsQuery = z
  .object({
    /** Words searched in the query, the instruction and the documents' text. */
    text: z.string().max(1000).optional(),
    /** Runs created at or after this time (ms since the epoch). */
    from: z.number().optional(),
    /** Runs created before this time (exclusive, so a day is `[midnight, next midnight)`). */
    to: z.number().optional(),
    /** Runs with at least one column of this provider / strategy (the column's own config). */
    provider: z.string().max(100).optional(),
    strategy: z.string().max(100).optional(),
    status: z.enum(RUN_STATUSES).optional(),
    source: z.enum(RUN_SOURCES).optional(),
    starred: z.boolean().optional(),
    /** Page size, 1–200 (default 50). */
    limit: z.int().min(1).max(200).optional(),
    /** `nextCursor` of the previous page. */
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type ListRunsQuery = z.output<typeof ListRunsQuery>;

export const RunPage = z.object({
  runs: z.array(RunSummary),
  /** Present when there are more runs after this page. */
  nextCursor: z.string().optional(),
  /** What happened to the history file since the app started (a damaged file moved aside). */
  notices: z.array(z.string()).optional(),
});
export type RunPage = z.output<typeof RunPage>;

/** Per-config figures, as a reranker console's pipeline list shows them. */
export const ConfigStats = z.object({
  configKey: z.string(),
  name: z.string(),
  strategy: z.string(),
  provider: z.string().optional(),
  model: z.string().optional(),
  config: PipelineConfig,
  /** Distinct runs that had a column with this config. */
  runs: z.int(),
  /** Columns with this config (a run can hold the same config twice). */
  columns: z.int(),
  /** Mean latency of the successful columns: a timeout or a cancel would skew it. */
  averageLatencyMs: z.number().optional(),
  errors: z.int(),
  cancelled: z.int(),
  lastRunAt: z.number(),
  /** The most recent failure's message and when its run started. */
  lastError: z.object({ message: z.string(), at: z.number() }).optional(),
});
export type ConfigStats = z.output<typeof ConfigStats>;

export const EXPORT_FORMAT = 'rerank-studio-history';
export const EXPORT_VERSION = 1;

export const HistoryExport = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.string(),
  runs: z.array(SavedRun),
});
export type HistoryExport = z.output<typeof HistoryExport>;

export const ImportError = z.object({
  /** Position of the entry in the file's `runs` array. */
  index: z.int(),
  id: z.string().optional(),
  message: z.string(),
});
export type ImportError = z.output<typeof ImportError>;

export const ImportReport = z.object({
  imported: z.int(),
  /** Runs whose id is already in the history. */
  skipped: z.int(),
  errors: z.array(ImportError),
});
export type ImportReport = z.output<typeof ImportReport>;
