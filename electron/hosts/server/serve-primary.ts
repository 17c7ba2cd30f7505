/**
 * The primary of `serve --workers N`: forks N workers with node:cluster, which share one
 * listening socket (the primary accepts and hands connections out round-robin, Node's default
 * on Linux), and supervises them.
 *
 * Why processes (node:cluster) and not worker_threads: Node 20 cannot share a listening socket
 * between threads (no SO_REUSEPORT before Node 22.12, and a server handle cannot be
 * transferred to a thread), so threads would need the main thread to parse every request and
 * forward it, which is the one-core bottleneck again. Processes also isolate a crash: a worker
 * killed by a native fault (onnxruntime, libsql) takes its own requests down, not the others'.
 *
 * The primary is the only writer of stdout (the workers send whole JSON lines; their own
 * stdout goes to stderr), so no line is ever interleaved with another process's; the only
 * writer of the history file; and the host of the one inference worker (cluster-relays.ts).
 * A worker that dies is replaced and the log says so; SIGTERM or SIGINT drains every worker
 * (each answers 503 to /healthz on its kept-alive connections while it finishes its requests)
 * and the primary exits 0 once all have stopped.
 */
import cluster, { type Worker } from 'node:cluster';
import { reportHistoryError } from '../../composition/compose';
import { createHistoryRecorder, type HistoryRecorder } from '../../history/recorder';
import type { StartWorker } from '../../inference/client';
import { CliInputError, EXIT } from '../cli/io';
import {
  SERVE_WORKER_ENV,
  type FleetStatus,
  type ToPrimary,
  type ToWorker,
  type WorkerStart,
} from './cluster-messages';
import { shareInference } from './cluster-relays';
import type { ServerLog } from './log';

export interface PrimaryOptions {
  workers: number;
  /** What each worker is told to serve, less its id. */
  start: Omit<WorkerStart, 'type' | 'id' | 'inference' | 'history'>;
  historyDir: string | undefined;
  inferenceWorker: StartWorker | undefined;
  log: ServerLog;
  /** Writes whole lines as they are (the workers' log lines) through the primary's writer. */
  writeLines: (text: string) => void;
  /** Extra fields of the `listening` line. */
  listening: Record<string, string | boolean | string[]>;
  /** Resolves on SIGTERM or SIGINT with the signal's name. */
  stopSignal: Promise<string>;
  /** How long a worker may take to drain before it is killed (its drain timeout, plus slack). */
  drainTimeoutMs?: number;
}

/** A worker that died within this long of starting is replaced after a pause (a crash loop). */
const QUICK_DEATH_MS = 5_000;
const RESTART_PAUSE_MS = 1_000;

interface Member {
  worker: Worker;
  id: number;
  startedAt: number;
  listening: boolean;
  url?: string;
  stopped: boolean;
  replaces?: number;
}

export async function servePrimary(options: PrimaryOptions): Promise<number> {
  const { log, writeLines } = options;
  const members = new Map<number, Member>();
  let nextId = 1;
  let shuttingDown = false;
  const history: HistoryRecorder | undefined = options.historyDir
    ? createHistoryRecorder({ dataDir: options.historyDir, onError: reportHistoryError })
    : undefined;
  const send = (id: number, message: ToWorker) => {
    const worker = members.get(id)?.worker;
    // A worker that died meanwhile: nobody waits for the answer.
    if (worker?.isConnected()) worker.send(message, undefined, () => {});
  };
  const inference = options.inferenceWorker
    ? shareInference(options.inferenceWorker, send, () => members.keys())
    : undefined;

  const fleet = (): FleetStatus => ({
    wanted: options.workers,
    listening: [...members.values()].filter((m) => m.listening && !m.stopped).length,
  });
  const tellFleet = () => {
    for (const id of members.keys()) send(id, { type: 'fleet', fleet: fleet() });
  };

  let startupDone: (error?: Error) => void = () => {};
  const startup = new Promise<void>((resolve, reject) => {
    startupDone = (error) => (error ? reject(error) : resolve());
  });
  let allStopped: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (allStopped = resolve));
  let started = false;
  let cleanExit = true;

  cluster.setupPrimary({
    // Structured clone: runs and inference requests cross as they are, with no JSON round trip.
    serialization: 'advanced',
    // A worker's stray stdout goes to stderr: stdout carries the primary's JSON lines only.
    stdio: ['ignore', 2, 'inherit', 'ipc'],
  });

  const fork = (replaces?: number): Member => {
    const id = nextId++;
    const worker = cluster.fork({ [SERVE_WORKER_ENV]: '1' });
    const member: Member = {
      worker,
      id,
      startedAt: Date.now(),
      listening: false,
      stopped: false,
      ...(replaces !== undefined ? { replaces } : {}),
    };
    members.set(id, member);
    worker.on('message', (message: ToPrimary) => onMessage(member, message));
    worker.on('exit', (code, signal) => onExit(member, code, signal));
    return member;
  };

  const onMessage = (member: Member, message: ToPrimary) => {
    switch (message.type) {
      case 'ready':
        // Told to drain before it could hear it: it drains now, having served nothing.
        if (shuttingDown) return send(member.id, { type: 'drain' });
        send(member.id, {
          type: 'start',
          id: member.id,
          ...options.start,
          history: history !== undefined,
          inference: inference !== undefined,
        });
        // A worker that joins later learns the fleet at once, not at its next change.
        return send(member.id, { type: 'fleet', fleet: fleet() });
      case 'log':
        // Whole lines, already redacted; the primary's writer batches them with its own.
        return writeLines(message.text);
      case 'listening':
        member.listening = true;
        member.url = message.url;
        tellFleet();
        if (started) {
          log('info', 'worker listening', {
            worker: member.id,
            pid: member.worker.process.pid,
            replaces: member.replaces,
          });
        } else if (fleet().listening === options.workers) {
          started = true;
          startupDone();
        }
        return;
      case 'failed':
        if (!started) {
          startupDone(
            message.code
              ? Object.assign(new Error(message.message), { code: message.code })
              : new Error(message.message),
          );
        } else
          log('error', 'worker failed to start', { worker: member.id, error: message.message });
        return;
      case 'history':
        void history!
          .record(message.run)
          .then((outcome) => send(member.id, { type: 'history-saved', id: message.id, outcome }));
        return;
      case 'inference':
        return inference?.request(member.id, message.request);
      case 'stopped':
        member.stopped = true;
        return;
    }
  };

  const onExit = (member: Member, code: number | null, signal: string | null) => {
    members.delete(member.id);
    inference?.forget(member.id);
    if (shuttingDown || !started) {
      if (!member.stopped || code !== 0) cleanExit = false;
      if (!started && !shuttingDown && !member.listening) {
        startupDone(new Error(`worker ${member.id} exited (${signal ?? code}) before listening`));
      }
      if (members.size === 0) allStopped();
      return;
    }
    tellFleet();
    const quick = Date.now() - member.startedAt < QUICK_DEATH_MS;
    const replace = () => {
      if (shuttingDown) return;
      const next = fork(member.id);
      log('info', 'worker started', {
        worker: next.id,
        pid: next.worker.process.pid,
        replaces: member.id,
      });
    };
    log('warn', 'worker exited', {
      worker: member.id,
      pid: member.worker.process.pid,
      ...(code !== null ? { code } : {}),
      ...(signal ? { signal } : {}),
      replacement: quick ? `in ${RESTART_PAUSE_MS} ms` : 'now',
    });
    if (quick) setTimeout(replace, RESTART_PAUSE_MS).unref();
    else replace();
  };

  const shutdown = () => {
    shuttingDown = true;
    if (members.size === 0) return allStopped();
    for (const id of members.keys()) send(id, { type: 'drain' });
    // A worker that cannot drain in time (stuck, or its channel broken) is killed.
    setTimeout(
      () => {
        for (const { worker } of members.values()) worker.process.kill('SIGKILL');
      },
      (options.drainTimeoutMs ?? 30_000) + 5_000,
    ).unref();
  };

  for (let i = 0; i < options.workers; i++) fork();
  const startFailed = await Promise.race([
    startup.then(() => undefined),
    options.stopSignal.then(() => undefined),
  ]).catch((error: Error) => error);
  if (startFailed) {
    shutdown();
    await stopped;
    await Promise.all([history?.close(), inference?.close()]);
    const { code } = startFailed as NodeJS.ErrnoException;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new CliInputError(
        `cannot listen on ${options.start.host}:${options.start.port}: ${code}`,
      );
    }
    throw startFailed;
  }
  if (started) {
    const serving = [...members.values()];
    log('info', 'listening', {
      // Every worker listens on the same socket: any one's URL is the server's.
      url: serving[0]!.url,
      ...options.listening,
      workers: options.workers,
      workerPids: serving.map((m) => m.worker.process.pid ?? 0),
    });
  }
  const signal = await options.stopSignal;
  log('info', 'shutting down', { signal });
  shutdown();
  await stopped;
  await Promise.all([history?.close(), inference?.close()]);
  log('info', 'stopped');
  return cleanExit ? EXIT.ok : EXIT.failed;
}
