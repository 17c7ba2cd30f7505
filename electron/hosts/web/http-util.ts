/** Small HTTP helpers for the loopback web host (Node's `http`, no framework needed). */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** `headers`: more to send with it (given in one go: cheaper than `setHeader` for each). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: Readonly<Record<string, string>>,
): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
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
  const digest = (value: string) => createHash('sha256').update(value).digest();
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

/** Reads a request body up to `limit` bytes; rejects as soon as it is exceeded. */
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
    req.on('error', reject);
  });
}
