/**
 * The web host: the renderer and the contract over HTTP on 127.0.0.1 only.
 *
 * - Every operation is `POST /api/<operation name>` with a JSON body; the answer is the same
 *   `{ ok, value | error }` envelope the IPC transport returns, with a matching HTTP status.
 * - Events stream as Server-Sent Events from `GET /api/events`.
 * - `/api/*` needs `Authorization: Bearer <token>`; the token is random per launch and reaches
 *   the page in the URL fragment, which browsers never send to a server or a Referer.
 * - The Host header must name this loopback origin (blocks DNS rebinding), and so must an
 *   absolute-form request-target (RFC 9112 §3.2.2: its authority stands in for Host); a
 *   cross-origin `Origin` is refused, and no CORS headers are ever sent.
 * - A client gets {@link DEFAULT_WEB_TIMEOUTS} to send a request, then 408.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dispatch } from '../../../shared/contract/dispatch';
import { MAX_REQUEST_BYTES } from '../../../shared/rerank/limits';
import type { ErrorCode } from '../../../shared/util/result';
import { formatBytes } from '../../../shared/util/unicode';
import { SECURITY_HEADERS } from '../../platform/csp';
import { resolveStaticFile } from '../../platform/static-files';
import type { Services } from '../../composition/compose';
import { logBug } from '../../log/log';
import {
  BodyTooLargeError,
  ClientGoneError,
  readBody,
  requestTimeoutOptions,
  sendJson,
  sendText,
  targetAuthority,
  tokenMatches,
  type RequestTimeouts,
} from './http-util';

/** JSON adds escapes and field names around the text the validator counts; allow for them. */
const MAX_BODY_BYTES = MAX_REQUEST_BYTES + 2 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

/**
 * The page on this machine sends a request in milliseconds; 10 s for headers and 60 s for a
 * body (a 20 MiB rerank request) only cut off a client that holds connections open on purpose.
 */
export const DEFAULT_WEB_TIMEOUTS: RequestTimeouts = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
};

export interface WebHostOptions {
  services: Services;
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  token?: string;
  /** How long a client may take to send its request (default {@link DEFAULT_WEB_TIMEOUTS}). */
  timeouts?: RequestTimeouts;
}

export interface WebHost {
  port: number;
  token: string;
  /** The URL to open: origin plus `#token=…`. */
  url: string;
  origin: string;
  close(): Promise<void>;
}

const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  unknown_operation: 404,
  not_found: 404,
  conflict: 409,
  cancelled: 409,
  unsupported: 422,
  // 402 Payment Required is the nearest word for "this would spend more than you allowed".
  over_budget: 402,
  upstream: 502,
  internal: 500,
};

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const sseClients = new Set<ServerResponse>();
  let port = 0;

  const timeouts = requestTimeoutOptions(options.timeouts ?? DEFAULT_WEB_TIMEOUTS);
  const server: Server = createServer(timeouts, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      logBug('web host', error);
      if (!res.headersSent)
        sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'internal error' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    const authority = targetAuthority(req.url ?? '');
    if (
      !allowedHosts.includes(req.headers.host ?? '') ||
      (authority !== undefined && !allowedHosts.includes(authority))
    ) {
      sendText(
        res,
        403,
        'forbidden: this server only answers requests addressed to its loopback origin',
      );
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.some((host) => origin === `http://${host}`)) {
      sendText(res, 403, 'forbidden: cross-origin requests are not accepted');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);

    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      if (!tokenMatches(req.headers.authorization, token)) {
        sendJson(res, 401, {
          ok: false,
          error: {
            code: 'invalid_request',
            message: 'missing or wrong token: open the URL the web host printed',
          },
        });
        return;
      }
      if (url.pathname === '/api/events') {
        if (req.method !== 'GET') return void sendText(res, 405, 'use GET for /api/events');
        openEventStream(req, res);
        return;
      }
      if (req.method !== 'POST') return void sendText(res, 405, 'use POST for /api/<operation>');
      let name: string;
      try {
        name = decodeURIComponent(url.pathname.slice('/api/'.length));
      } catch {
        // `%ff` and the like: not UTF-8, so no operation's name.
        sendJson(res, 400, {
          ok: false,
          error: {
            code: 'invalid_request',
            message: 'the operation name in the path is not valid percent-encoded UTF-8',
          },
        });
        return;
      }
      await handleOperation(name, req, res);
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD')
      return void sendText(res, 405, 'method not allowed');
    const file = await resolveStaticFile(options.rendererDir, url.pathname);
    if (!file) return void sendText(res, 404, 'not found');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.contentType,
      'Content-Length': file.size,
      'Cache-Control': file.contentType.startsWith('text/html') ? 'no-store' : 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file.filePath).pipe(res);
  }

  async function handleOperation(name: string, req: IncomingMessage, res: ServerResponse) {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) {
      sendJson(res, 415, {
        ok: false,
        error: { code: 'invalid_request', message: 'Content-Type must be application/json' },
      });
      return;
    }
    let body: string;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof ClientGoneError) return;
      if (!(error instanceof BodyTooLargeError)) throw error;
      res.setHeader('Connection', 'close');
      sendJson(res, 413, {
        ok: false,
        error: {
          code: 'invalid_request',
          message: `request is too large for rerank: the body is over ${formatBytes(MAX_BODY_BYTES)} (limit ${formatBytes(MAX_REQUEST_BYTES)} of text)`,
        },
      });
      req.resume();
      return;
    }
    let payload: unknown;
    try {
      payload = body.trim() === '' ? {} : JSON.parse(body);
    } catch (error) {
      sendJson(res, 400, {
        ok: false,
        error: {
          code: 'invalid_request',
          message: `request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
        },
      });
      return;
    }
    const result = await dispatch(options.services.handlers, name, payload, logBug);
    sendJson(res, result.ok ? 200 : STATUS[result.error.code], result);
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse) {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    // A readiness signal: the client starts runs only once it is subscribed.
    res.write('event: ready\ndata: {}\n\n');
    sseClients.add(res);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const unsubscribe = options.services.events.subscribe((event, payload) => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      sseClients.delete(res);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    port,
    token,
    origin,
    url: `${origin}/#token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sseClients) client.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
