/**
 * `rerank-studio serve --config FILE|DIR [--port 8787] [--host 127.0.0.1] [--history DIR]
 * [--workers N]`: loads the configs, starts the server, logs JSON lines, and on SIGTERM or
 * SIGINT stops accepting, finishes the requests in flight and exits 0.
 *
 * `--workers 1` serves from this process. More (the default is one per core) makes this
 * process the primary of a node:cluster (serve-primary.ts; why processes and not threads is
 * said there), and the forked processes run {@link serveWorker}.
 *
 * Provider keys come from the environment only (the keychain is off: a server must not depend
 * on a desktop session). Tokens come from RERANK_STUDIO_TOKENS; without any, the server runs
 * only on a loopback address, where only this machine can reach it.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { bundledWorker } from '../../inference/client';
import { ensureDataDir, resolveDataDir } from '../../platform/data-dir';
import { createServices } from '../../composition/compose';
import { CliInputError, EXIT, type CliIo } from '../cli/io';
import { loadServedConfigs, type ServedPipeline } from './config-loader';
import { batchedWriter, jsonLinesLog, type LogFields, type ServerLog } from './log';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_SERVE_TIMEOUTS, startRerankServer } from './rerank-server';
import { servePrimary } from './serve-primary';
import { isServeWorker, serveWorker } from './serve-worker';

export const SERVE_USAGE = `serve options:
  --config FILE|DIR   a pipeline config (JSON or YAML), or a folder of them such as the app's
                      pipelines folder; disabled pipelines are skipped (required)
  --port N            port to listen on (default 8787; 0 picks a free one)
  --host ADDRESS      address to bind (default 127.0.0.1; 0.0.0.0 needs RERANK_STUDIO_TOKENS)
  --history DIR       save every request to DIR/history.db (default: not saved)
  --max-body-mb N     refuse larger bodies with 413 (default 5)
  --workers N         processes serving on the same port (default: one per core, here
                      ${availableParallelism()}); 1 serves from this process alone
  --concurrency N     reranks at once per worker (default 64); --queue N waiting beyond that
                      (default 256), then 429 with Retry-After
  --headers-timeout S, --request-timeout S
                      a client that takes longer to send its headers (default 10) or its
                      whole request (default 60) gets 408 and its connection closed
Environment: RERANK_STUDIO_TOKENS (comma-separated bearer tokens), provider keys
(<PROVIDER>_API_KEY, AWS_* for Bedrock), RERANK_STUDIO_DATA_DIR (local models),
RERANK_STUDIO_MAX_RESPONSE_MB (largest provider or LLM answer read, default 16).
`;

const MAX_WORKERS = 256;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

function positiveInt(flag: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new CliInputError(`${flag} must be a whole number of at least ${min} (got "${value}")`);
  }
  return n;
}

/** Parses the flags; the server options, or a usage error. */
export function parseServeArgs(args: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        config: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        history: { type: 'string' },
        'max-body-mb': { type: 'string' },
        concurrency: { type: 'string' },
        queue: { type: 'string' },
        workers: { type: 'string' },
        'headers-timeout': { type: 'string' },
        'request-timeout': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliInputError(`${(error as Error).message}\n\n${SERVE_USAGE}`);
  }
  if (values.help) return { help: true as const };
  if (!values.config) throw new CliInputError(`--config is required\n\n${SERVE_USAGE}`);
  const port = positiveInt('--port', values.port, 8787, 0);
  if (port > 65_535) throw new CliInputError(`--port must be at most 65535 (got "${values.port}")`);
  const maxBodyMb = values['max-body-mb'] === undefined ? undefined : Number(values['max-body-mb']);
  if (maxBodyMb !== undefined && !(maxBodyMb > 0 && maxBodyMb <= 100)) {
    throw new CliInputError(
      `--max-body-mb must be a number from above 0 to 100 (got "${values['max-body-mb']}")`,
    );
  }
  const headersTimeoutMs =
    1000 *
    positiveInt(
      '--headers-timeout',
      values['headers-timeout'],
      DEFAULT_SERVE_TIMEOUTS.headersTimeoutMs / 1000,
    );
  const requestTimeoutMs =
    1000 *
    positiveInt(
      '--request-timeout',
      values['request-timeout'],
      DEFAULT_SERVE_TIMEOUTS.requestTimeoutMs / 1000,
    );
  if (requestTimeoutMs < headersTimeoutMs) {
    throw new CliInputError(
      `--request-timeout (${requestTimeoutMs / 1000}) must be at least --headers-timeout (${headersTimeoutMs / 1000}): the headers are part of the request`,
    );
  }
  const workers = positiveInt('--workers', values.workers, availableParallelism());
  // More processes than this are all overhead: each holds a heap and a copy of the engine.
  if (workers > MAX_WORKERS) {
    throw new CliInputError(`--workers must be at most ${MAX_WORKERS} (got "${values.workers}")`);
  }
  return {
    help: false as const,
    config: values.config,
    workers,
    port,
    host: values.host ?? '127.0.0.1',
    history: values.history,
    maxBodyBytes:
      maxBodyMb === undefined ? DEFAULT_MAX_BODY_BYTES : Math.round(maxBodyMb * 1024 * 1024),
    concurrency: positiveInt('--concurrency', values.concurrency, 64),
    queue: positiveInt('--queue', values.queue, 256, 0),
    timeouts: { headersTimeoutMs, requestTimeoutMs },
  };
}

export function tokensFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return (env.RERANK_STUDIO_TOKENS ?? '')
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token.length > 0);
}

export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  // A forked worker gets what to serve from its primary, not from its arguments.
  if (isServeWorker(io.env)) return serveWorker(io.env);
  const options = parseServeArgs(args);
  if (options.help) {
    io.stdout(SERVE_USAGE);
    return EXIT.ok;
  }
  const tokens = tokensFromEnv(io.env);
  if (tokens.length === 0 && !LOOPBACK.test(options.host)) {
    throw new CliInputError(
      `refusing to listen on ${options.host} without authentication: set RERANK_STUDIO_TOKENS (comma-separated bearer tokens)`,
    );
  }
  const loaded = await loadServedConfigs(options.config);
  if (!loaded.ok) throw new CliInputError(loaded.errors.join('\n'));

  const out = batchedWriter((text) => io.stdout(text));
  const log = jsonLinesLog(out.write);
  const stopSignal = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  // An exit however it happens (a crash included) still writes the lines of its last turn.
  process.once('exit', out.flush);
  if (tokens.length === 0) {
    log('warn', 'no RERANK_STUDIO_TOKENS: any process on this machine can call the server');
  }
  const dataDir = await ensureDataDir(resolveDataDir(io.env));
  const listening = {
    pipelines: loaded.pipelines.map((p) => p.key),
    ...(loaded.skipped.length ? { disabled: loaded.skipped } : {}),
    history: options.history ?? false,
  };
  const served = { ...options, pipelines: loaded.pipelines, tokens, dataDir, log, env: io.env };
  const code = await (
    options.workers === 1
      ? serveHere(served, listening, stopSignal)
      : servePrimary({
          workers: options.workers,
          start: {
            pipelines: loaded.pipelines,
            tokens,
            host: options.host,
            port: options.port,
            maxBodyBytes: options.maxBodyBytes,
            concurrency: options.concurrency,
            queue: options.queue,
            timeouts: options.timeouts,
            dataDir,
          },
          historyDir: options.history,
          inferenceWorker: bundledWorker(import.meta.url),
          log,
          writeLines: out.write,
          listening,
          stopSignal,
        })
  ).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new CliInputError(`cannot listen on ${options.host}:${options.port}: ${code}`);
    }
    throw error;
  });
  out.flush();
  process.off('exit', out.flush);
  return code;
}

/** `--workers 1`: this process serves, as every `serve` did before workers. */
async function serveHere(
  options: Exclude<ReturnType<typeof parseServeArgs>, { help: true }> & {
    pipelines: ServedPipeline[];
    tokens: string[];
    dataDir: string;
    log: ServerLog;
    env: CliIo['env'];
  },
  listening: LogFields,
  stopSignal: Promise<string>,
): Promise<number> {
  const { log } = options;
  const services = createServices({
    host: 'server',
    dataDir: options.dataDir,
    env: options.env,
    keychain: false,
    inferenceWorker: bundledWorker(import.meta.url),
    historyDir: options.history ?? false,
  });
  const server = await startRerankServer({
    services,
    pipelines: options.pipelines,
    tokens: options.tokens,
    host: options.host,
    port: options.port,
    maxBodyBytes: options.maxBodyBytes,
    concurrency: options.concurrency,
    queue: options.queue,
    timeouts: options.timeouts,
    log,
  }).catch(async (error: unknown) => {
    await services.close();
    throw error;
  });
  log('info', 'listening', { url: server.url, ...listening });
  log('info', 'shutting down', { signal: await stopSignal });
  await server.close();
  await services.close();
  log('info', 'stopped');
  return EXIT.ok;
}
