/**
 * What the primary of `serve --workers N` and its workers say to each other over the cluster's
 * IPC channel (structured clone: the primary sets `serialization: 'advanced'`). One channel per
 * worker, ordered: a worker's `stopped` arrives after every log line it sent before it.
 */
import type { SavedRunInput } from '../../../shared/history/saved-run';
import type { RecordOutcome } from '../../history/recorder';
import type { WorkerReply, WorkerRequest } from '../../inference/protocol';
import type { RequestTimeouts } from '../web/http-util';
import type { ServedPipeline } from './config-loader';

/** The environment variable the primary sets on the processes it forks. */
export const SERVE_WORKER_ENV = 'RERANK_STUDIO_SERVE_WORKER';

/** What every worker serves: loaded once by the primary, so every worker serves the same. */
export interface WorkerStart {
  type: 'start';
  id: number;
  pipelines: ServedPipeline[];
  tokens: string[];
  host: string;
  port: number;
  maxBodyBytes: number;
  concurrency: number;
  queue: number;
  timeouts: RequestTimeouts;
  /** Whether runs are saved (by the primary, which owns the history file). */
  history: boolean;
  /** Whether the primary can run local models (it has the inference worker bundle). */
  inference: boolean;
  dataDir: string;
}

/** How many workers the primary wants and how many are serving now. */
export interface FleetStatus {
  wanted: number;
  listening: number;
}

export type ToWorker =
  | WorkerStart
  | { type: 'fleet'; fleet: FleetStatus }
  | { type: 'drain' }
  | { type: 'history-saved'; id: number; outcome: RecordOutcome }
  | { type: 'inference-reply'; reply: WorkerReply }
  | { type: 'inference-exit'; reason: string };

export type ToPrimary =
  /**
   * Listening for the primary's messages now: a message that arrives before a listener is lost,
   * and an ES module entry attaches its listener a while after cluster's own `online`.
   */
  | { type: 'ready' }
  | { type: 'listening'; url: string }
  /** Could not start (the port taken, say): the primary stops and says why. */
  | { type: 'failed'; message: string; code?: string }
  /** Whole JSON lines, already redacted by the worker that wrote them. */
  | { type: 'log'; text: string }
  | { type: 'history'; id: number; run: SavedRunInput }
  | { type: 'inference'; request: WorkerRequest }
  /** Drained and about to exit; every line it logged was sent before this. */
  | { type: 'stopped' };
