/** Data shapes that cross a process boundary, shared by the operations and the events. */
import { z } from 'zod';
import { PipelineConfig } from '../pipeline/config';

export const AppErrorSchema = z.object({
  code: z.enum([
    'invalid_request',
    'unknown_operation',
    'not_found',
    'conflict',
    'cancelled',
    'unsupported',
    'internal',
  ]),
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
});

export const RunId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'runId must be 1–128 letters, digits, "-" or "_"');

export const ColumnSpec = z.object({
  /** Stable id chosen by the caller, so results can be matched to columns as they stream in. */
  id: z.string().min(1).max(64),
  config: PipelineConfig,
});
export type ColumnSpec = z.output<typeof ColumnSpec>;

/** What a column's native score means, so scores are never compared blindly across columns. */
export const ScoreKind = z.enum(['bm25', 'rank', 'probability', 'logit', 'grade']);
export type ScoreKind = z.output<typeof ScoreKind>;

export const RankedResult = z.object({
  /** Position of the document in the caller's original list. */
  index: z.int().min(0),
  id: z.union([z.string(), z.number()]).optional(),
  /** Score used for ordering (higher is better). */
  score: z.number(),
  /** The reranker's native score, as it reported it. */
  rawScore: z.number(),
});
export type RankedResult = z.output<typeof RankedResult>;

export const ColumnStatus = z.enum(['ok', 'error', 'cancelled']);

export const ColumnResult = z.object({
  columnId: z.string(),
  name: z.string(),
  status: ColumnStatus,
  scoreKind: ScoreKind.optional(),
  results: z.array(RankedResult),
  latencyMs: z.number().min(0),
  warnings: z.array(z.string()),
  error: AppErrorSchema.optional(),
});
export type ColumnResult = z.output<typeof ColumnResult>;
