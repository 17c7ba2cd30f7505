/**
 * The host's side of the inference worker: starts it on first use, sends scoring requests,
 * cancels them, and survives it dying (pending requests fail with a clear message; the next
 * request starts a new worker). The host's event loop only posts messages and reads replies.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BatchProgress, ModelRef, ScoreOutput } from './cross-encoder';
import type { WorkerReply, WorkerRequest } from './protocol';
import type { WindowRequest } from './windows';

/** A running worker, whatever starts it (a worker thread here, a utility process in Electron). */
export interface WorkerHandle {
  post(message: WorkerRequest): void;
  onMessage(listener: (message: WorkerReply) => void): void;
  /** Called once when the worker stops, with why. */
  onExit(listener: (reason: string) => void): void;
  stop(): Promise<void>;
}

export type StartWorker = () => WorkerHandle;

/** Starts the worker bundle (`inference-worker.mjs`) as a Node worker thread. */
export function workerThread(file: string): StartWorker {
  return () => {
    const worker = new Worker(file);
    let exited = false;
    return {
      post: (message) => worker.postMessage(message),
      onMessage: (listener) => worker.on('message', listener),
      onExit: (listener) => {
        const once = (reason: string) => {
          if (exited) return;
          exited = true;
          listener(reason);
        };
        worker.on('error', (error) => once(error.message));
        worker.on('exit', (code) => once(`exit code ${code}`));
      },
      stop: async () => {
        await worker.terminate();
      },
    };
  };
}

/** The worker bundle beside a host's bundle (`out/node/`), when the build made one. */
export function bundledWorker(hostModuleUrl: string): StartWorker | undefined {
  const file = fileURLToPath(new URL('./inference-worker.mjs', hostModuleUrl));
  return existsSync(file) ? workerThread(file) : undefined;
}

export interface ScoreRequest {
  model: ModelRef;
  query: string;
  instruction?: string;
  documents: string[];
  maxLength: number;
  batchSize: number;
  longDocuments?: WindowRequest;
}

export interface ScoreCallbacks {
  /** Tokens computed of the total, before the first batch and after each (in order). */
  onProgress?: (progress: BatchProgress) => void;
}

export interface ScoreResult extends ScoreOutput {
  instructionAware: boolean;
  loadMs: number;
  inferenceMs: number;
}

/** A failure reported by the worker; `kind` says whose it is. */
export class InferenceError extends Error {
  constructor(
    message: string,
    readonly kind: 'model' | 'cancelled' | 'internal' | 'worker',
  ) {
    super(message);
    this.name = 'InferenceError';
  }
}

export interface LocalInference {
  score(
    request: ScoreRequest,
    signal: AbortSignal,
    callbacks?: ScoreCallbacks,
  ): Promise<ScoreResult>;
  close(): Promise<void>;
}

export function createLocalInference(start: StartWorker): LocalInference {
  let worker: WorkerHandle | undefined;
  let nextId = 1;
  const pending = new Map<
    number,
    {
      resolve: (r: ScoreResult) => void;
      reject: (e: Error) => void;
      onProgress?: ScoreCallbacks['onProgress'];
    }
  >();

  const running = (): WorkerHandle => {
    if (worker) return worker;
    const started = start();
    started.onMessage((reply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      if (reply.type === 'progress') {
        waiting.onProgress?.({ done: reply.done, total: reply.total });
        return;
      }
      pending.delete(reply.id);
      if (reply.type === 'scored') {
        waiting.resolve({
          ...reply.output,
          instructionAware: reply.instructionAware,
          loadMs: reply.loadMs,
          inferenceMs: reply.inferenceMs,
        });
      } else waiting.reject(new InferenceError(reply.message, reply.kind));
    });
    started.onExit((reason) => {
      if (worker === started) worker = undefined;
      const error = new InferenceError(
        `the local inference worker stopped (${reason}); the next run starts a new one`,
        'worker',
      );
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });
    worker = started;
    return started;
  };

  return {
    score(request, signal, callbacks = {}) {
      if (signal.aborted) return Promise.reject(new InferenceError('cancelled', 'cancelled'));
      const handle = running();
      const id = nextId++;
      return new Promise<ScoreResult>((resolve, reject) => {
        const onAbort = () => {
          if (!pending.delete(id)) return;
          handle.post({ type: 'cancel', id });
          reject(new InferenceError('cancelled', 'cancelled'));
        };
        pending.set(id, {
          resolve: (result) => {
            signal.removeEventListener('abort', onAbort);
            resolve(result);
          },
          reject: (error) => {
            signal.removeEventListener('abort', onAbort);
            reject(error);
          },
          ...(callbacks.onProgress ? { onProgress: callbacks.onProgress } : {}),
        });
        signal.addEventListener('abort', onAbort, { once: true });
        handle.post({ type: 'score', id, ...request });
      });
    },
    async close() {
      const stopping = worker;
      worker = undefined;
      await stopping?.stop();
    },
  };
}
