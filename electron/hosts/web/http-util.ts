/** Small HTTP helpers for the loopback web host (Node's `http`, no framework needed). */
import { hash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerOptions, ServerResponse } from 'node:http';

/** The headers every JSON answer has; a caller's of the same name gives way to these. */
const JSON_HEADERS = new Set([
  'content-type',
  'content-length',
  'cache-control',
  'x-content-type-options',
]);

/** `headers`: more to send with it (given in one go: cheaper than `setHeader` for each). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: Readonly<Record<string, string>>,
): void {
  const json = JSON.stringify(body);
  // A flat [name, value, …] list, as writeHead takes it: spreading the caller's headers into an
  // object of hyphenated names cost ~3.6 µs a response (V8's slow path for such literals), the
  // list ~0.1 µs. As before, ours win over a caller's of the same name.
  const fields: (string | number)[] = [
    'Content-Type',
    'application/json; charset=utf-8',
    'Content-Length',
    Buffer.byteLength(json),
    'Cache-Control',
    'no-store',
    'X-Content-Type-Options',
    'nosniff',
  ];
  if (headers) {
    for (const name of Object.keys(headers)) {
      if (!JSON_HEADERS.has(name.toLowerCase())) fields.push(name, headers[name]!);
    }
  }
  res.writeHead(status, fields);
  res.end(json);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

/** Constant-time comparison of a presented bearer token with the launch token. */
export function tokenMatches(header: string | undefined, token: string): boolean {
  return bearerCheck([token])(header);
}

/**
 * {@link tokenMatches} against any of `tokens`, for a server that checks every request: the
 * tokens' digests are taken once, the presented one once per request.
 */
export function bearerCheck(tokens: readonly string[]): (header: string | undefined) => boolean {
  // Digests of equal length, so the comparison takes the same time whatever was presented.
  const digest = (value: string) => hash('sha256', value, 'buffer');
  const accepted = tokens.map(digest);
  return (header) => {
    const match = /^Bearer (\S+)$/.exec(header ?? '');
    if (!match) return false;
    const presented = digest(match[1]!);
    return accepted.some((token) => timingSafeEqual(presented, token));
  };
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

/**
 * A request the client abandoned, or the server cut off (a request deadline's 408): reading
 * its body failed because the connection is gone. Nothing to answer, and not a bug.
 */
export class ClientGoneError extends Error {}

/**
 * Reads a request body up to `limit` bytes; rejects as soon as it is exceeded, or with
 * {@link ClientGoneError} if the connection ends first.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', (error) => reject(new ClientGoneError(error.message, { cause: error })));
    req.on('close', () => {
      if (!req.complete) reject(new ClientGoneError('the connection closed before the body ended'));
    });
  });
}

/** How long a client may take to send a request, on either server. */
export interface RequestTimeouts {
  /** From connecting (or the previous response) to the end of the request's headers. */
  headersTimeoutMs: number;
  /** From connecting (or the previous response) to the end of the request's body. */
  requestTimeoutMs: number;
}

/**
 * Node's server options for {@link RequestTimeouts}: a client that sends its headers or body
 * slowly (slowloris) gets 408 and its connection closed, instead of holding a socket and a
 * parser for the 300 s Node allows by default. Node checks the deadlines every
 * `connectionsCheckingInterval` (30 s by default, longer than the deadlines themselves): a
 * quarter of the headers deadline here, at most 1 s, so a deadline holds to within 25 %.
 * Both deadlines end when the request has arrived: a long response (an event stream, a slow
 * rerank) is not cut.
 */
export function requestTimeoutOptions(timeouts: RequestTimeouts): ServerOptions {
  const { headersTimeoutMs, requestTimeoutMs } = timeouts;
  if (!(headersTimeoutMs > 0 && requestTimeoutMs >= headersTimeoutMs)) {
    throw new RangeError(
      `request timeouts: headers (${headersTimeoutMs} ms) must be above 0 and at most the whole request's (${requestTimeoutMs} ms)`,
    );
  }
  return {
    headersTimeout: headersTimeoutMs,
    requestTimeout: requestTimeoutMs,
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(headersTimeoutMs / 4))),
  };
}

/**
 * The path of a request-target, in origin form (`/healthz?x`) or absolute form
 * (`http://host/healthz?x`), which RFC 9112 §3.2.2 says a server MUST accept; without the
 * query. Undefined for a target that is neither (`*`, `host:port`).
 */
export function targetPath(target: string): string | undefined {
  let path = target;
  if (!target.startsWith('/')) {
    const absolute = /^https?:\/\/[^/?#]*/i.exec(target);
    if (!absolute) return undefined;
    path = target.slice(absolute[0].length) || '/';
    if (!path.startsWith('/')) path = `/${path}`;
  }
  const query = path.search(/[?#]/);
  return query === -1 ? path : path.slice(0, query);
}

/** The authority of an absolute-form request-target (`host:port`), lowercased; else undefined. */
export function targetAuthority(target: string): string | undefined {
  return /^https?:\/\/([^/?#]*)/i.exec(target)?.[1]?.toLowerCase();
}
