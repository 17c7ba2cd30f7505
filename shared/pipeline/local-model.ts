/**
 * The `params` of a local model column (`strategy: 'dedicated-model'`, `provider: 'local'`):
 * the ranges the UI refuses input outside of, and the defaults a new column starts from. The
 * host checks the same ranges when the column runs (electron/engine/strategies/local-model.ts);
 * the renderer's store tests run both sides against each other at the edges.
 */
import { z } from 'zod';

export const LOCAL_MODEL_DTYPES = ['fp32', 'q8'] as const;
export type LocalModelDtype = (typeof LOCAL_MODEL_DTYPES)[number];

/** The numeric settings, each a whole number in its range. */
export const LOCAL_MODEL_RANGES = {
  /** Tokens per query–document pair; longer documents are cut (and reported). */
  maxLength: { min: 16, max: 8192 },
  /** Pairs per inference call. */
  batchSize: { min: 1, max: 512 },
  /** ONNX Runtime threads. */
  threads: { min: 1, max: 64 },
} as const;
export type LocalModelNumber = keyof typeof LOCAL_MODEL_RANGES;

export const LOCAL_MODEL_DEFAULTS: Readonly<LocalModelParams> = {
  dtype: 'fp32',
  maxLength: 512,
  // From the benchmark's sweep: MiniLM-L-6 is ~40% faster at 8 than at 32, TinyBERT-L-2 3–6%.
  batchSize: 8,
  threads: 4,
};

const whole = ({ min, max }: { min: number; max: number }) => z.int().min(min).max(max);

export interface LocalModelParams {
  dtype: LocalModelDtype;
  maxLength: number;
  batchSize: number;
  threads: number;
}

export const LocalModelParams: z.ZodType<LocalModelParams, Partial<LocalModelParams>> = z
  .object({
    dtype: z.enum(LOCAL_MODEL_DTYPES).default(LOCAL_MODEL_DEFAULTS.dtype),
    maxLength: whole(LOCAL_MODEL_RANGES.maxLength).default(LOCAL_MODEL_DEFAULTS.maxLength),
    batchSize: whole(LOCAL_MODEL_RANGES.batchSize).default(LOCAL_MODEL_DEFAULTS.batchSize),
    threads: whole(LOCAL_MODEL_RANGES.threads).default(LOCAL_MODEL_DEFAULTS.threads),
  })
  .strict();
