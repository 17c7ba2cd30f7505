/**
 * `rerank-studio serve --config FILE|DIR [--port 8787] [--host 127.0.0.1] [--history DIR]`:
 * loads the configs, starts the server, logs JSON lines, and on SIGTERM or SIGINT stops
 * accepting, finishes the requests in flight and exits 0.
 *
 * Provider keys come from the environment only (the keychain is off: a server must not depend
 * on a desktop session). Tokens come from RERANK_STUDIO_TOKENS; without any, the server runs
 * only on a loopback address, where only this machine can reach it.
 */
import { parseArgs } from 'node:util';
import { bundledWorker } from '../../inference/client';
import { ensureDataDir, resolveDataDir } from '../../platform/data-dir';
import { createServices } from '../../composition/compose';
import { CliInputError, EXIT, type CliIo } from '../cli/io';
import { loadServedConfigs } from './config-loader';
import { batchedWriter, jsonLinesLog } from './log';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_SERVE_TIMEOUTS, startRerankServer } from './rerank-server';

export const SERVE_USAGE = `serve options:
  --config FILE|DIR   a pipeline config (JSON or YAML), or a folder of them such as the app's
                      pipelines folder; disabled pipelines are skipped (required)
  --port N            port to listen on (default 8787; 0 picks a free one)
  --host ADDRESS      address to bind (default 127.0.0.1; 0.0.0.0 needs RERANK_STUDIO_TOKENS)
  --history DIR       save every request to DIR/history.db (default: not saved)
  --max-body-mb N     refuse larger bodies with 413 (default 5)
  --concurrency N     reranks at once (default 64); --queue N waiting beyond that (default 256),
                      then 429 with Retry-After
  --headers-timeout S, --request-timeout S
                      a client that takes longer to send its headers (default 10) or its
                      whole request (default 60) gets 408 and its connection closed
Environment: RERANK_STUDIO_TOKENS (comma-separated bearer tokens), provider keys
(<PROVIDER>_API_KEY, AWS_* for Bedrock), RERANK_STUDIO_DATA_DIR (local models),
RERANK_STUDIO_MAX_RESPONSE_MB (largest provider or LLM answer read, default 16).
`;

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
  return {
    help: false as const,
    config: values.config,
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
  const services = createServices({
    host: 'server',
    dataDir: await ensureDataDir(resolveDataDir(io.env)),
    env: io.env,
    keychain: false,
    inferenceWorker: bundledWorker(import.meta.url),
    historyDir: options.history ?? false,
  });
  const server = await startRerankServer({
    services,
    pipelines: loaded.pipelines,
    tokens,
    host: options.host,
    port: options.port,
    maxBodyBytes: options.maxBodyBytes,
    concurrency: options.concurrency,
    queue: options.queue,
    timeouts: options.timeouts,
    log,
  }).catch(async (error: unknown) => {
    await services.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new CliInputError(`cannot listen on ${options.host}:${options.port}: ${code}`);
    }
    throw error;
  });
  // An exit however it happens (a crash included) still writes the lines of its last turn.
  process.once('exit', out.flush);
  if (tokens.length === 0) {
    log('warn', 'no RERANK_STUDIO_TOKENS: any process on this machine can call the server');
  }
  log('info', 'listening', {
    url: server.url,
    pipelines: loaded.pipelines.map((p) => p.key),
    ...(loaded.skipped.length ? { disabled: loaded.skipped } : {}),
    history: options.history ?? false,
  });

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log('info', 'shutting down', { signal });
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await server.close();
  await services.close();
  log('info', 'stopped');
  out.flush();
  process.off('exit', out.flush);
  return EXIT.ok;
}
