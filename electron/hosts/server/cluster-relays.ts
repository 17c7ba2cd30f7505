/**
 * The two things every worker of `serve --workers N` hands to the primary rather than doing
 * itself, and the primary's side of each:
 *
 * - Local inference: one inference worker (one ONNX session per model) in the primary, shared
 *   by every worker. N copies would hold N copies of each model in memory, and N sessions each
 *   using every core for its intra-op threads would fight over the same cores.
 * - The run history: one writer, the primary. Several processes could share the SQLite file in
 *   WAL mode (busy_timeout serialises their writers), but opening it also migrates the schema,
 *   starts the integrity check and, on damage, moves the file aside: one process must own it.
 */
import type { SavedRunInput } from '../../../shared/history/saved-run';
import type { HistoryRecorder, RecordOutcome } from '../../history/recorder';
import type { StartWorker, WorkerHandle } from '../../inference/client';
import type { WorkerReply, WorkerRequest } from '../../inference/protocol';
import type { ToPrimary, ToWorker } from './cluster-messages';

/** A worker's side of its IPC channel. */
export interface PrimaryChannel {
  /** `written` is called once the message has left this process. */
  send(message: ToPrimary, written?: () => void): void;
  /** Adds a listener; returns its removal. */
  on(listener: (message: ToWorker) => void): () => void;
}

/** The inference worker of the primary, as if it were this process's own. */
export function relayedInference(channel: PrimaryChannel): StartWorker {
  return (): WorkerHandle => {
    const replies: ((reply: WorkerReply) => void)[] = [];
    let exited: ((reason: string) => void) | undefined;
    let stopped = false;
    const off = channel.on((message) => {
      if (stopped) return;
      if (message.type === 'inference-reply')
        for (const listener of replies) listener(message.reply);
      if (message.type === 'inference-exit') {
        stopped = true;
        off();
        exited?.(message.reason);
      }
    });
    return {
      post: (request) => channel.send({ type: 'inference', request }),
      onMessage: (listener) => void replies.push(listener),
      onExit: (listener) => void (exited = listener),
      stop: () => {
        // The primary owns the worker; this process only stops listening to it.
        stopped = true;
        off();
        return Promise.resolve();
      },
    };
  };
}

/**
 * A recorder whose saves the primary commits. `record` settles when the primary has committed
 * the run (or says why it could not), so an answered run survives this worker's crash.
 */
export function remoteHistory(channel: PrimaryChannel): HistoryRecorder {
  let nextId = 1;
  const waiting = new Map<number, (outcome: RecordOutcome) => void>();
  channel.on((message) => {
    if (message.type !== 'history-saved') return;
    waiting.get(message.id)?.(message.outcome);
    waiting.delete(message.id);
  });
  const inFlight = new Set<Promise<RecordOutcome>>();
  const settled = async () => {
    await Promise.all([...inFlight]);
  };
  return {
    record(run: SavedRunInput) {
      const id = nextId++;
      const outcome = new Promise<RecordOutcome>((resolve) => {
        waiting.set(id, resolve);
        channel.send({ type: 'history', id, run });
      });
      inFlight.add(outcome);
      void outcome.then(() => inFlight.delete(outcome));
      return outcome;
    },
    store: () =>
      Promise.reject(
        new Error('the run history is kept by the primary process of `serve --workers`'),
      ),
    notices: () => [],
    checked: settled,
    close: settled,
  };
}

/** The primary's side of the shared inference worker. */
export interface SharedInference {
  /** Passes a worker's request on, with an id unique across workers. */
  request(workerId: number, request: WorkerRequest): void;
  /** Cancels what a worker that stopped was waiting for. */
  forget(workerId: number): void;
  close(): Promise<void>;
}

export function shareInference(
  start: StartWorker,
  reply: (workerId: number, message: ToWorker) => void,
  workers: () => Iterable<number>,
): SharedInference {
  let worker: WorkerHandle | undefined;
  let nextId = 1;
  /** Shared id to the worker that asked and its own id. */
  const owners = new Map<number, { workerId: number; id: number }>();
  const shared = new Map<string, number>();
  const keyOf = (workerId: number, id: number) => `${workerId}:${id}`;

  const running = () => {
    if (worker) return worker;
    const started = start();
    started.onMessage((message) => {
      const owner = owners.get(message.id);
      if (!owner) return;
      // Progress reports come before the answer: only 'scored' or 'failed' ends a request.
      if (message.type !== 'progress') {
        owners.delete(message.id);
        shared.delete(keyOf(owner.workerId, owner.id));
      }
      reply(owner.workerId, { type: 'inference-reply', reply: { ...message, id: owner.id } });
    });
    started.onExit((reason) => {
      if (worker === started) worker = undefined;
      owners.clear();
      shared.clear();
      // Every worker's client fails what it waits for and starts afresh on its next request.
      for (const id of workers()) reply(id, { type: 'inference-exit', reason });
    });
    worker = started;
    return started;
  };

  return {
    request(workerId, request) {
      if (request.type === 'cancel') {
        const id = shared.get(keyOf(workerId, request.id));
        if (id !== undefined) worker?.post({ type: 'cancel', id });
        return;
      }
      const id = nextId++;
      owners.set(id, { workerId, id: request.id });
      shared.set(keyOf(workerId, request.id), id);
      running().post({ ...request, id });
    },
    forget(workerId) {
      for (const [id, owner] of owners) {
        if (owner.workerId !== workerId) continue;
        owners.delete(id);
        shared.delete(keyOf(workerId, owner.id));
        worker?.post({ type: 'cancel', id });
      }
    },
    async close() {
      const stopping = worker;
      worker = undefined;
      await stopping?.stop();
    },
  };
}
