/** Messages between a host and its inference worker. Plain data: structured-clone safe. */
import type { BatchProgress, ModelRef, ScoreOutput } from './cross-encoder';
import type { WindowRequest } from './windows';

export type WorkerRequest =
  | {
      type: 'score';
      id: number;
      model: ModelRef;
      query: string;
      /** For instruction-aware models (Qwen3-Reranker); others ignore it. */
      instruction?: string;
      documents: string[];
      maxLength: number;
      batchSize: number;
      /** Score window by window (./windows.ts); absent: each document cut at `maxLength`. */
      longDocuments?: WindowRequest;
    }
  | { type: 'cancel'; id: number };

export type WorkerReply =
  /** Sent before the first batch and after each: tokens computed of the request's total. */
  | ({ type: 'progress'; id: number } & BatchProgress)
  | {
      type: 'scored';
      id: number;
      output: ScoreOutput;
      /** Whether the model read the instruction. */
      instructionAware: boolean;
      loadMs: number;
      inferenceMs: number;
    }
  /** `model`: a file is missing or unreadable; `input`: the request cannot be scored as asked. */
  | { type: 'failed'; id: number; kind: 'model' | 'cancelled' | 'internal'; message: string };
