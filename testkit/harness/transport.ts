/** Helpers of the transport tests: loopback servers and transports, closed after each test. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach } from 'vitest';
import { countSignal } from '../count-signal';
import {
  createHttpTransport,
  type HttpTransport,
  type HttpTransportOptions,
} from '../../electron/transport/http-transport';
import type {
  TransportFailure,
  TransportRequest,
  TransportResult,
} from '../../electron/transport/types';

export const KEY = 'sk-test-9f8e7d6c5b4a3210-LAST';

interface Hit {
  n: number;
  req: IncomingMessage;
  body: string;
}
export type Handler = (res: ServerResponse, hit: Hit) => void;

const servers: Server[] = [];
const transports: HttpTransport[] = [];

/** Closes every server and transport a test made. Call at the top of a test file. */
export function useTestServers(): void {
  afterEach(async () => {
    await Promise.all(transports.splice(0).map((transport) => transport.close()));
    await Promise.all(
      servers.splice(0).map((server) => {
        server.closeAllConnections();
        return new Promise((resolve) => server.close(resolve));
      }),
    );
  });
}

/**
 * A loopback server; `hits` are the requests it has seen, in order, and `arrived(n)` resolves
 * once it has read the n-th one whole (a signal to act on, instead of polling or sleeping).
 */
export async function serve(handler: Handler) {
  const hits: Hit[] = [];
  const arrivals = countSignal(() => hits.length);
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const hit = { n: hits.length + 1, req, body };
      hits.push(hit);
      arrivals.changed();
      handler(res, hit);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1/rerank`, hits, port, arrived: arrivals.reached };
}

export function json(res: ServerResponse, status: number, body: unknown, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function transport(options?: HttpTransportOptions): HttpTransport {
  const created = createHttpTransport(options);
  transports.push(created);
  return created;
}

export function request(url: string, overrides: Partial<TransportRequest> = {}): TransportRequest {
  return {
    provider: 'cohere',
    limiterKey: 'cohere',
    rateLimit: { requestsPerMinute: 0, concurrency: 8 },
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ query: 'q', documents: ['a', 'b'] }),
    retry: { baseDelayMs: 5, capDelayMs: 20 },
    signal: new AbortController().signal,
    secrets: [KEY],
    ...overrides,
  };
}

export function failure(result: TransportResult): TransportFailure {
  if (result.ok) throw new Error(`expected a failure, got ${result.status}`);
  return result;
}

export async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work;
  return { value, ms: performance.now() - start };
}

/** A port nothing listens on: bind one, then let it go. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
