/**
 * One worker of `serve --workers N` (a process forked by the primary through node:cluster):
 * waits for what to serve, serves it on the port every worker shares, and drains on SIGTERM,
 * SIGINT or the primary's word. Its log lines, saved runs and local-model requests go to the
 * primary over the IPC channel (cluster-relays.ts): the primary is the only writer of stdout
 * and of the history file, and holds the one inference worker.
 */
import cluster from 'node:cluster';
import { createServices } from '../../composition/compose';
import { EXIT } from '../cli/io';
import type { FleetStatus, ToPrimary, ToWorker, WorkerStart } from './cluster-messages';
import { relayedInference, remoteHistory, type PrimaryChannel } from './cluster-relays';
import { batchedWriter, jsonLinesLog } from './log';
import { startRerankServer } from './rerank-server';

/** Whether this process is a worker forked by `serve --workers N`. */
export function isServeWorker(env: Readonly<Record<string, string | undefined>>): boolean {
  return cluster.isWorker && env.RERANK_STUDIO_SERVE_WORKER === '1';
}

function processChannel(): PrimaryChannel {
  return {
    send(message: ToPrimary, written?: () => void) {
      // The channel closes when the primary dies; cluster then exits this process anyway.
      if (process.connected) process.send!(message, undefined, undefined, () => written?.());
    },
    on(listener) {
      const typed = (message: unknown) => listener(message as ToWorker);
      process.on('message', typed);
      return () => void process.off('message', typed);
    },
  };
}

export async function serveWorker(env: Readonly<Record<string, string | undefined>>) {
  const channel = processChannel();
  let drain: () => void = () => {};
  const drained = new Promise<void>((resolve) => (drain = resolve));
  let fleet: FleetStatus = { wanted: 0, listening: 0 };
  const started = new Promise<WorkerStart | undefined>((resolve) => {
    channel.on((message) => {
      if (message.type === 'start') resolve(message);
      else if (message.type === 'fleet') fleet = message.fleet;
      else if (message.type === 'drain') {
        resolve(undefined);
        drain();
      }
    });
  });
  channel.send({ type: 'ready' });
  // Ctrl-C in a terminal signals the whole process group, workers included.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => drain());
  const start = await Promise.race([started, drained.then(() => undefined)]);
  if (!start) return exit(channel);

  const out = batchedWriter((text) => channel.send({ type: 'log', text }));
  const services = createServices({
    host: 'server',
    dataDir: start.dataDir,
    env,
    keychain: false,
    ...(start.inference ? { inferenceWorker: relayedInference(channel) } : {}),
    historyDir: false,
    ...(start.history ? { historyRecorder: remoteHistory(channel) } : {}),
  });
  const server = await startRerankServer({
    services,
    pipelines: start.pipelines,
    tokens: start.tokens,
    host: start.host,
    port: start.port,
    maxBodyBytes: start.maxBodyBytes,
    concurrency: start.concurrency,
    queue: start.queue,
    timeouts: start.timeouts,
    log: jsonLinesLog(out.write),
    worker: { id: start.id, fleet: () => fleet },
  }).catch(async (error: unknown) => {
    await services.close();
    const { code } = error as NodeJS.ErrnoException;
    channel.send({
      type: 'failed',
      message: error instanceof Error ? error.message : String(error),
      ...(code ? { code } : {}),
    });
    return undefined;
  });
  if (!server) return exit(channel, EXIT.failed);
  channel.send({ type: 'listening', url: server.url });

  await drained;
  await server.close();
  await services.close();
  out.flush();
  return exit(channel);
}

/**
 * Says `stopped` (after every log line, on the same ordered channel) and leaves the cluster;
 * the process then ends when its last handle closes.
 */
function exit(channel: PrimaryChannel, code: number = EXIT.ok): Promise<number> {
  if (!process.connected) return Promise.resolve(code);
  return new Promise((resolve) => {
    cluster.worker!.once('disconnect', () => resolve(code));
    // Once written (the log lines before it too): closing the channel earlier could cancel
    // writes still queued. disconnect() marks the exit as deliberate, so the primary does
    // not replace this worker.
    channel.send({ type: 'stopped' }, () => cluster.worker!.disconnect());
  });
}
