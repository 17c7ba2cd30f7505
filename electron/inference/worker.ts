/**
 * The inference worker: loads models (one ONNX session per model and settings, kept warm for
 * the next request) and scores one request at a time, away from the host's event loop. It runs
 * as a worker thread under Node and as a utility process in the desktop app; only the way
 * messages arrive differs. A model that fails to load is forgotten, so a fixed file is retried;
 * the worker itself keeps running.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import {
  Cancelled,
  loadCrossEncoder,
  ModelError,
  modelType,
  ONNX_FILES,
  pairDocumentRoom,
  scorePairs,
  type LoadedCrossEncoder,
  type ModelRef,
} from './cross-encoder';
import { loadQwen3Reranker, qwen3DocumentRoom, scoreQwen3 } from './qwen3';
import { scoreWindows, windowSettings } from './windows';
import type { WorkerReply, WorkerRequest } from './protocol';

interface Port {
  listen(handler: (message: WorkerRequest) => void): void;
  post(message: WorkerReply): void;
}

interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

function connect(): Port {
  const electron = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (electron) {
    return {
      listen: (handler) => electron.on('message', (event) => handler(event.data as WorkerRequest)),
      post: (message) => electron.postMessage(message),
    };
  }
  const thread = parentPort;
  if (!thread) throw new Error('the inference worker runs as a worker thread or a utility process');
  return {
    listen: (handler) => thread.on('message', handler),
    post: (message) => thread.postMessage(message),
  };
}

const port = connect();
/** A loaded model and whether it is a Qwen3-style generative reranker. */
interface Loaded {
  encoder: LoadedCrossEncoder;
  generative: boolean;
}
const models = new Map<string, Promise<Loaded>>();
const cancelled = new Set<number>();
let queue: Promise<void> = Promise.resolve();

/**
 * A session is reused while its files are the same: the key holds the ONNX file's size and
 * modification time, so a model deleted and replaced under the same id (imported or
 * downloaded again) is loaded afresh, and the stale session is dropped.
 */
function keyOf(ref: ModelRef): string {
  const file = path.join(ref.root, ref.id, ONNX_FILES[ref.dtype]);
  const stamp = existsSync(file) ? statSync(file) : undefined;
  return JSON.stringify([ref.root, ref.id, ref.dtype, ref.threads, stamp?.size, stamp?.mtimeMs]);
}

function load(ref: ModelRef): Promise<Loaded> {
  const key = keyOf(ref);
  let loading = models.get(key);
  if (!loading) {
    const prefix = JSON.stringify([ref.root, ref.id, ref.dtype, ref.threads]).slice(0, -1);
    for (const stale of [...models.keys()].filter((k) => k.startsWith(prefix))) {
      const dropped = models.get(stale);
      models.delete(stale);
      void dropped?.then(({ encoder }) => encoder.model.dispose()).catch(() => undefined);
    }
    const generative = modelType(ref) === 'qwen3';
    loading = (generative ? loadQwen3Reranker(ref) : loadCrossEncoder(ref)).then((encoder) => ({
      encoder,
      generative,
    }));
    models.set(key, loading);
    loading.catch(() => models.delete(key));
  }
  return loading;
}

async function score(request: Extract<WorkerRequest, { type: 'score' }>): Promise<WorkerReply> {
  const { id } = request;
  try {
    if (cancelled.has(id)) throw new Cancelled('cancelled');
    const started = performance.now();
    const { encoder, generative } = await load(request.model);
    const loaded = performance.now();
    const options = {
      maxLength: request.maxLength,
      batchSize: request.batchSize,
      cancelled: () => cancelled.has(id),
      onBatch: (progress: { done: number; total: number }) =>
        port.post({ type: 'progress', id, ...progress }),
    };
    const { query, instruction, longDocuments } = request;
    const run = (documents: readonly string[]) =>
      generative
        ? scoreQwen3(encoder, query, instruction, documents, options)
        : scorePairs(encoder, query, documents, options);
    let output;
    if (longDocuments) {
      const room = generative
        ? qwen3DocumentRoom(encoder, query, instruction, request.maxLength)
        : pairDocumentRoom(encoder, query, request.maxLength);
      // No room: let the scorer refuse with its message about the query's length.
      output =
        room > 0
          ? await scoreWindows(
              encoder.encode,
              request.documents,
              windowSettings(longDocuments, room),
              run,
            )
          : await run(request.documents);
    } else output = await run(request.documents);
    return {
      type: 'scored',
      id,
      output,
      instructionAware: generative,
      loadMs: loaded - started,
      inferenceMs: performance.now() - loaded,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const kind =
      error instanceof Cancelled ? 'cancelled' : error instanceof ModelError ? 'model' : 'internal';
    return { type: 'failed', id, kind, message };
  } finally {
    cancelled.delete(id);
  }
}

port.listen((message) => {
  if (message.type === 'cancel') {
    cancelled.add(message.id);
    return;
  }
  queue = queue.then(async () => port.post(await score(message)));
});
