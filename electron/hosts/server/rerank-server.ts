/**
 * `rerank-studio serve`: saved pipeline configs behind a Cohere-compatible HTTP API.
 *
 *   POST /v1/rerank, /v2/rerank   Cohere SDK-shaped; `model` names a pipeline key
 *   POST /v1/rerank/:key          one pipeline per route (Cognipeer console's client API)
 *   GET  /v1/rerankers[/:key]     what is served
 *   GET  /healthz                 readiness (503 while draining), no auth; under
 *                                 `--workers N` also this worker's id and the fleet's state
 *   GET  /livez                   liveness: 200 while the process runs, draining included
 *
 * Request-targets may be in origin form (`/healthz`) or absolute form (`http://host/healthz`),
 * which RFC 9112 §3.2.2 says a server MUST accept. A client gets {@link DEFAULT_SERVE_TIMEOUTS}
 * to send its request, then 408.
 *
 * Draining (SIGTERM): the listener closes at once, so new connections are refused; connections
 * already open stay open until the requests in flight have finished (at most the drain
 * timeout), and `/healthz` on them answers 503 `{"status":"draining"}`, so a load balancer
 * that keeps its health-check connection alive sees the 503 rather than only a refusal.
 *
 * Every rerank goes through the same `rerank:run` handler as the app (validation messages,
 * engine, fallbacks, cache, history), so a config served here ranks exactly as its column does.
 * Status codes: 401 no or wrong token, 404 unknown pipeline or route, 400 invalid request,
 * 413 body over the limit, 429 queue full (with Retry-After), 502 provider failed, 500 a
 * pipeline that cannot run as configured. Errors are `{ "message": … }`, as Cohere's are.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Server as NetServer, type AddressInfo } from 'node:net';
import type { ParsedRequest } from '../../../shared/contract';
import { checkRerankInput } from '../../../shared/rerank/validation';
import type { ErrorCode } from '../../../shared/util/result';
import { formatBytes } from '../../../shared/util/unicode';
import type { Services } from '../../composition/compose';
import { logBug } from '../../log/log';
import {
  BodyTooLargeError,
  bearerCheck,
  ClientGoneError,
  readBody,
  requestTimeoutOptions,
  sendJson,
  targetPath,
  type RequestTimeouts,
} from '../web/http-util';
import { createAdmission } from './admission';
import { readRerankBody, rerankResponse } from './cohere-shape';
import type { FleetStatus } from './cluster-messages';
import type { ServedPipeline } from './config-loader';
import type { ServerLog } from './log';

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * 10 s for headers is ample on any network a rerank API is called over; 60 s for the whole
 * request lets a 5 MiB body arrive at under 1 Mbit/s.
 */
export const DEFAULT_SERVE_TIMEOUTS: RequestTimeouts = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
};

export interface RerankServerOptions {
  services: Services;
  pipelines: readonly ServedPipeline[];
  /** Accepted bearer tokens; empty means no authentication (the caller allows it on loopback only). */
  tokens: readonly string[];
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  maxBodyBytes?: number;
  /** Reranks running at once, and waiting beyond that, before 429. */
  concurrency?: number;
  queue?: number;
  /** How long SIGTERM waits for requests in flight. */
  drainTimeoutMs?: number;
  /** How long a client may take to send its request (default {@link DEFAULT_SERVE_TIMEOUTS}). */
  timeouts?: RequestTimeouts;
  log: ServerLog;
  /**
   * Set in a worker of `serve --workers N`: its id goes in `/healthz` and in an
   * `X-Rerank-Worker` header on every answer, and `/healthz` reports the fleet.
   */
  worker?: { id: number; fleet: () => FleetStatus };
}

export interface RerankServer {
  url: string;
  port: number;
  /** Stops accepting, finishes what is in flight (up to the drain timeout), then closes. */
  close(): Promise<void>;
}

/** A column's failure as an HTTP status: the caller's fault, the provider's, or ours. */
const COLUMN_STATUS: Record<ErrorCode, number> = {
  upstream: 502,
  invalid_request: 500,
  unsupported: 500,
  internal: 500,
  cancelled: 503,
  conflict: 500,
  not_found: 500,
  over_budget: 500,
  unknown_operation: 500,
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export async function startRerankServer(options: RerankServerOptions): Promise<RerankServer> {
  const { services, log, tokens } = options;
  const byKey = new Map(options.pipelines.map((p) => [p.key, p]));
  const keys = [...byKey.keys()];
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const admission = createAdmission(options.concurrency ?? 64, options.queue ?? 256);
  let draining = false;
  let inFlight = 0;
  let settled: (() => void) | undefined;
  const authorized = bearerCheck(tokens);
  const workerId = options.worker ? String(options.worker.id) : undefined;

  const timeouts = requestTimeoutOptions(options.timeouts ?? DEFAULT_SERVE_TIMEOUTS);
  const server = createServer(timeouts, (req, res) => {
    const started = performance.now();
    inFlight++;
    let reranker: string | undefined;
    if (workerId !== undefined) res.setHeader('X-Rerank-Worker', workerId);
    res.on('close', () => {
      inFlight--;
      log('info', 'request', {
        method: req.method,
        path: pathOf(req),
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 100) / 100,
        reranker,
        worker: options.worker?.id,
      });
      if (inFlight === 0) settled?.();
    });
    handle(req, res, (key) => (reranker = key)).catch((error: unknown) => {
      if (error instanceof HttpError)
        return reply(res, error.status, { message: error.message }, error.headers);
      // The client left, or its request deadline passed and Node answered 408: nobody to tell.
      if (error instanceof ClientGoneError) return;
      logBug('server', error);
      reply(res, 500, { message: 'internal error; see the server log' });
    });
  });

  function reply(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    if (res.headersSent) return void res.destroy();
    sendJson(res, status, body, draining ? { ...headers, Connection: 'close' } : headers);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, named: (key: string) => void) {
    const path = pathOf(req);
    if (path === '/healthz') {
      expectMethod(req, 'GET');
      // sendJson, not reply, which closes connections while draining: a kept-alive health
      // check stays open and sees 503 on every poll until the drain ends.
      return void sendJson(res, draining ? 503 : 200, {
        status: draining ? 'draining' : 'ok',
        pipelines: keys.length,
        // Reranks running or queued (in this worker): what a load balancer can watch.
        load: admission.load,
        ...(options.worker ? { worker: options.worker.id, workers: options.worker.fleet() } : {}),
      });
    }
    if (path === '/livez') {
      expectMethod(req, 'GET');
      // Alive while draining: a liveness probe that failed then would restart a pod that is
      // finishing its requests (Kubernetes keeps probing a terminating pod).
      return void sendJson(res, 200, { status: 'alive' });
    }
    const route = routeOf(path);
    if (!route)
      throw new HttpError(
        404,
        `no route ${req.method ?? ''} ${path}: use POST /v1/rerank, POST /v2/rerank, POST /v1/rerank/:key or GET /v1/rerankers`,
      );
    expectMethod(req, route.kind === 'list' || route.kind === 'describe' ? 'GET' : 'POST');
    if (tokens.length > 0 && !authorized(req.headers.authorization)) {
      throw new HttpError(
        401,
        'missing or wrong bearer token: send Authorization: Bearer <one of RERANK_STUDIO_TOKENS>',
        {
          'WWW-Authenticate': 'Bearer realm="rerank-studio"',
        },
      );
    }
    if (route.kind === 'list')
      return reply(res, 200, { rerankers: options.pipelines.map(describe) });
    if (route.kind === 'describe')
      return reply(res, 200, { reranker: describe(pipelineOf(route.key)) });
    if (route.kind === 'key') pipelineOf(route.key);

    const body = await readJson(req, res);
    const fields = readRerankBody(body, route.kind === 'key');
    if (!fields.ok) throw new HttpError(400, fields.message);
    const key = route.kind === 'key' ? route.key : fields.value.model;
    if (key === undefined) {
      throw new HttpError(
        400,
        `model is required: the key of a served pipeline (${keys.join(', ')})`,
      );
    }
    const pipeline = pipelineOf(key);
    named(key);

    const enter = admission.enter();
    if (!enter)
      throw new HttpError(429, 'too many requests in flight: retry shortly', {
        'Retry-After': '1',
      });
    const release = await enter;
    try {
      const id = randomUUID();
      // The caller's fields go through the shared validator (its messages, word for word);
      // the config was validated when the server loaded it, so the run skips parsing it again.
      const checked = checkRerankInput(fields.value);
      if (!checked.ok) throw new HttpError(400, checked.error.message);
      // Fields named one by one, not spread: this path runs for every request.
      const { query, documents, topN, warnings } = checked.value;
      const request: ParsedRequest<'rerank:run'> = {
        runId: id,
        columns: [{ id: key, config: pipeline.config }],
        instruction: undefined,
        answer: 'full',
        query,
        documents,
        topN,
        warnings,
      };
      const result = await services.handlers['rerank:run'](request);
      if (!result.ok) throw new HttpError(500, result.error.message);
      const run = result.value;
      // Narrows the type: a request for the full answer gets it (a summary would be a bug).
      if (run.answer !== 'full') throw new Error('rerank:run answered a summary to `serve`');
      const column = run.columns[0]!;
      if (column.status !== 'ok') {
        const code = column.error?.code ?? 'internal';
        throw new HttpError(
          COLUMN_STATUS[code],
          column.error?.message ?? `rerank ${column.status}`,
        );
      }
      reply(
        res,
        200,
        rerankResponse({
          id,
          apiVersion: route.kind === 'v2' ? '2' : '1',
          key,
          config: pipeline.config,
          column,
          // The validated texts: what was ranked (lone surrogates already repaired).
          ...(fields.value.returnDocuments
            ? { texts: checked.value.documents.map((d) => d.text) }
            : {}),
          latencyMs: run.latencyMs,
          warnings: run.warnings,
        }),
        { 'X-Request-Id': id },
      );
    } finally {
      release();
    }
  }

  function pipelineOf(key: string): ServedPipeline {
    const pipeline = byKey.get(key);
    if (!pipeline)
      throw new HttpError(404, `no pipeline "${key}" is served here (served: ${keys.join(', ')})`);
    return pipeline;
  }

  async function readJson(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    let text: string;
    try {
      text = await readBody(req, maxBody);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      // The rest of the body is not read: the connection cannot be reused.
      res.setHeader('Connection', 'close');
      req.resume();
      throw new HttpError(413, `request body is over the ${formatBytes(maxBody)} limit`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new HttpError(
        400,
        `request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    async close() {
      if (draining) return;
      draining = true;
      const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
      // Stop accepting, but not through http's close, which also drops kept-alive connections
      // at once: a load balancer holding one open polls /healthz on it and sees 503.
      NetServer.prototype.close.call(server);
      const drained = new Promise<void>((resolve) => {
        settled = resolve;
        if (inFlight === 0) resolve();
      });
      const timeout = new Promise<void>((resolve) =>
        setTimeout(resolve, options.drainTimeoutMs ?? 30_000).unref(),
      );
      await Promise.race([drained.then(() => admission.idle()), timeout]);
      server.closeAllConnections();
      // http's close now: it also stops Node's checks of request deadlines.
      server.close();
      await closed;
    },
  };
}

type Route = { kind: 'v1' | 'v2' | 'list' } | { kind: 'key' | 'describe'; key: string };

function routeOf(path: string): Route | undefined {
  if (path === '/v1/rerank') return { kind: 'v1' };
  if (path === '/v2/rerank') return { kind: 'v2' };
  if (path === '/v1/rerankers') return { kind: 'list' };
  const key = /^\/v1\/(rerank|rerankers)\/([^/]+)$/.exec(path);
  if (!key) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(key[2]!);
  } catch {
    return undefined;
  }
  return { kind: key[1] === 'rerank' ? 'key' : 'describe', key: name };
}

function expectMethod(req: IncomingMessage, method: 'GET' | 'POST') {
  if (req.method === method || (method === 'GET' && req.method === 'HEAD')) return;
  throw new HttpError(405, `use ${method} for ${pathOf(req)}`, { Allow: method });
}

function pathOf(req: IncomingMessage): string {
  const target = req.url ?? '/';
  return targetPath(target) ?? target;
}

function describe(pipeline: ServedPipeline) {
  const { config } = pipeline;
  return {
    key: pipeline.key,
    name: config.name,
    ...(config.description ? { description: config.description } : {}),
    strategy: config.strategy,
    ...(config.provider ? { provider: config.provider } : {}),
    ...(config.model ? { model: config.model } : {}),
    status: 'active',
  };
}
