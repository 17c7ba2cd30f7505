import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { WireExchange } from '../../shared/contract/schemas';
import {
  createHttpTransport,
  type HttpTransport,
  type HttpTransportOptions,
} from './http-transport';
import type { TransportFailure, TransportRequest, TransportResult } from './types';

const KEY = 'sk-test-9f8e7d6c5b4a3210-LAST';

interface Hit {
  n: number;
  req: IncomingMessage;
  body: string;
}
type Handler = (res: ServerResponse, hit: Hit) => void;

const servers: Server[] = [];
const transports: HttpTransport[] = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((transport) => transport.close()));
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

/** A loopback server; `hits` are the requests it has seen, in order. */
async function serve(handler: Handler) {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const hit = { n: hits.length + 1, req, body };
      hits.push(hit);
      handler(res, hit);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1/rerank`, hits, port };
}

function json(res: ServerResponse, status: number, body: unknown, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function transport(options?: HttpTransportOptions): HttpTransport {
  const created = createHttpTransport(options);
  transports.push(created);
  return created;
}

function request(url: string, overrides: Partial<TransportRequest> = {}): TransportRequest {
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

function failure(result: TransportResult): TransportFailure {
  if (result.ok) throw new Error(`expected a failure, got ${result.status}`);
  return result;
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work;
  return { value, ms: performance.now() - start };
}

/** A port nothing listens on: bind one, then let it go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('http transport', () => {
  it('returns a 2xx response with one wire record', async () => {
    const server = await serve((res) => json(res, 200, { results: [] }, { 'x-request-id': 'r1' }));
    const result = await transport().send(request(server.url));
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 1, body: '{"results":[]}' });
    expect(result.ok && result.headers['x-request-id']).toBe('r1');
    expect(server.hits[0]?.req.method).toBe('POST');
    expect(server.hits[0]?.body).toBe('{"query":"q","documents":["a","b"]}');
    expect(result.wire).toHaveLength(1);
    const [record] = result.wire.map((w) => WireExchange.parse(w));
    expect(record).toMatchObject({ attempt: 1, method: 'POST', url: server.url, status: 200 });
    expect(record?.requestHeaders['authorization']).toBe('Bearer ••••LAST');
    expect(record?.curlAuth).toBeUndefined();
  });

  it.each([429, 500, 502, 503, 408])('retries %i three times, then fails', async (status) => {
    const server = await serve((res) => json(res, status, { message: 'busy' }));
    const result = failure(await transport().send(request(server.url)));
    expect(result).toMatchObject({ kind: 'http', status, attempts: 4 });
    expect(result.message).toBe(`cohere answered ${status}: busy (4 attempts)`);
    expect(server.hits).toHaveLength(4);
    expect(result.wire.map((w) => [w.attempt, w.status])).toEqual(
      [1, 2, 3, 4].map((n) => [n, status]),
    );
  });

  it.each([
    [400, { message: 'documents must not be empty' }, 'documents must not be empty'],
    [401, { message: 'invalid api token' }, 'invalid api token'],
    [403, { error: { message: 'forbidden for this key' } }, 'forbidden for this key'],
    [404, { detail: 'Not Found' }, 'Not Found'],
    [422, { detail: [{ loc: ['body'], msg: 'field required' }] }, 'field required'],
    [409, {}, 'Conflict'],
  ])('never retries %i', async (status, body, said) => {
    const server = await serve((res) => json(res, status, body));
    const result = failure(await transport().send(request(server.url)));
    expect(result).toMatchObject({ kind: 'http', status, attempts: 1 });
    expect(result.message).toBe(`cohere answered ${status}: ${said}`);
    expect(JSON.parse(result.body ?? '')).toEqual(body);
    expect(server.hits).toHaveLength(1);
  });

  it('succeeds on a retry, and clamps maxRetries to 3', async () => {
    const flaky = await serve((res, hit) => json(res, hit.n < 3 ? 503 : 200, {}));
    const ok = await transport().send(request(flaky.url));
    expect(ok).toMatchObject({ ok: true, attempts: 3 });

    const down = await serve((res) => json(res, 500, {}));
    const many = await transport().send(
      request(down.url, { retry: { maxRetries: 10, baseDelayMs: 5 } }),
    );
    expect(many.attempts).toBe(4);
    const none = await transport().send(
      request(down.url, { retry: { maxRetries: 0, baseDelayMs: 5 } }),
    );
    expect(none.attempts).toBe(1);
  });

  it('draws backoff delays with full jitter', async () => {
    const sleeps: number[] = [];
    const sleep = (ms: number) => {
      sleeps.push(ms);
      return Promise.resolve();
    };
    const server = await serve((res) => json(res, 500, {}));
    const retry = { baseDelayMs: 100, capDelayMs: 300 };
    await transport({ sleep, random: () => 0.5 }).send(request(server.url, { retry }));
    expect(sleeps).toEqual([50, 100, 150]);
  });

  it('honours Retry-After in seconds', async () => {
    const server = await serve((res, hit) =>
      hit.n === 1 ? json(res, 429, {}, { 'retry-after': '1' }) : json(res, 200, {}),
    );
    const { value, ms } = await timed(transport().send(request(server.url)));
    expect(value).toMatchObject({ ok: true, attempts: 2 });
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(2000);
  });

  it('honours Retry-After as an HTTP-date', async () => {
    const sleeps: number[] = [];
    const sleep = (ms: number) => {
      sleeps.push(ms);
      return Promise.resolve();
    };
    const now = () => Date.parse('Wed, 21 Oct 2015 07:27:57 GMT');
    const server = await serve((res, hit) =>
      hit.n === 1
        ? json(res, 503, {}, { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' })
        : json(res, 200, {}),
    );
    const result = await transport({ now, sleep }).send(request(server.url));
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(sleeps).toEqual([3000]);
  });

  it('fails at once when Retry-After is longer than allowed, with the provider’s message', async () => {
    const server = await serve((res) =>
      json(res, 429, { error: { message: 'trial key limit reached' } }, { 'retry-after': '120' }),
    );
    const { value, ms } = await timed(transport().send(request(server.url)));
    const result = failure(value);
    expect(result).toMatchObject({ kind: 'retry-after-too-long', status: 429, attempts: 1 });
    expect(result.message).toContain('trial key limit reached');
    expect(result.message).toContain('cohere answered 429');
    expect(server.hits).toHaveLength(1);
    expect(ms).toBeLessThan(500);
  });

  it('retries a refused connection, then reports a network failure', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1/rerank`;
    const result = failure(await transport().send(request(url)));
    expect(result).toMatchObject({ kind: 'network', attempts: 4 });
    expect(result.message).toMatch(/^cohere could not be reached: .*ECONNREFUSED.*\(4 attempts\)$/);
    expect(result.wire.every((w) => w.error?.includes('ECONNREFUSED'))).toBe(true);
  });

  it('retries when the server drops the connection', async () => {
    const dropping = await serve((res) => res.socket?.destroy());
    const result = failure(await transport().send(request(dropping.url)));
    expect(result).toMatchObject({ kind: 'network', attempts: 4 });
    expect(dropping.hits).toHaveLength(4);

    const flaky = await serve((res, hit) =>
      hit.n < 3 ? res.socket?.destroy() : json(res, 200, {}),
    );
    expect(await transport().send(request(flaky.url))).toMatchObject({ ok: true, attempts: 3 });
  });

  it('times out a slow server, retrying the timeout', async () => {
    const server = await serve(() => {}); // never answers
    const { value, ms } = await timed(
      transport().send(
        request(server.url, {
          timeouts: { totalMs: 150 },
          retry: { maxRetries: 1, baseDelayMs: 5 },
        }),
      ),
    );
    const result = failure(value);
    expect(result).toMatchObject({ kind: 'timeout', attempts: 2 });
    expect(result.message).toBe('cohere timed out after 150 ms (2 attempts)');
    expect(server.hits).toHaveLength(2);
    expect(ms).toBeGreaterThanOrEqual(290);
  });

  it('cancels a request in flight within 200 ms', async () => {
    const server = await serve(() => {});
    const controller = new AbortController();
    const pending = transport().send(request(server.url, { signal: controller.signal }));
    while (server.hits.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const { value, ms } = await timed((controller.abort(), pending));
    expect(failure(value)).toMatchObject({ kind: 'cancelled', attempts: 1 });
    expect(value.wire[0]?.error).toBe('cancelled');
    expect(ms).toBeLessThan(200);
  });

  it('cancels during a backoff sleep', async () => {
    const server = await serve((res) => json(res, 503, {}));
    const controller = new AbortController();
    const retry = { baseDelayMs: 10_000, capDelayMs: 10_000 };
    const sending = transport({ random: () => 1 }).send(
      request(server.url, { signal: controller.signal, retry }),
    );
    while (server.hits.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { value, ms } = await timed((controller.abort(), sending));
    expect(failure(value)).toMatchObject({ kind: 'cancelled', attempts: 1 });
    expect(ms).toBeLessThan(200);
  });

  it('cancels while waiting for a concurrency slot', async () => {
    const server = await serve(() => {});
    const shared = transport();
    const rateLimit = { requestsPerMinute: 0, concurrency: 1 };
    const first = new AbortController();
    const holding = shared.send(request(server.url, { rateLimit, signal: first.signal }));
    const second = new AbortController();
    const queued = shared.send(request(server.url, { rateLimit, signal: second.signal }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    second.abort();
    expect(await queued).toMatchObject({ ok: false, kind: 'cancelled', attempts: 0 });
    expect(server.hits).toHaveLength(1);
    first.abort();
    expect(await holding).toMatchObject({ kind: 'cancelled' });
  });

  it('keeps requests in flight within the concurrency limit, per limiter key', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const server = await serve((res) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        json(res, 200, {});
      }, 30);
    });
    const shared = transport();
    const rateLimit = { requestsPerMinute: 0, concurrency: 2 };
    const results = await Promise.all(
      Array.from({ length: 8 }, () => shared.send(request(server.url, { rateLimit }))),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(maxInFlight).toBe(2);

    maxInFlight = 0;
    const one = { requestsPerMinute: 0, concurrency: 1 };
    await Promise.all(
      ['a', 'a', 'b', 'b'].map((limiterKey) =>
        shared.send(request(server.url, { limiterKey, rateLimit: one })),
      ),
    );
    expect(maxInFlight).toBe(2);
  });

  it('takes a rate token for every attempt, retries included', async () => {
    const sleeps: number[] = [];
    const sleep = (ms: number) => {
      sleeps.push(ms);
      return Promise.resolve();
    };
    const server = await serve((res, hit) => json(res, hit.n === 1 ? 503 : 200, {}));
    const rateLimit = { requestsPerMinute: 60, concurrency: 4 };
    const t = transport({ sleep, now: () => 0, random: () => 0 });
    expect(await t.send(request(server.url, { rateLimit }))).toMatchObject({ attempts: 2 });
    expect(sleeps).toEqual([0, 1000]); // backoff, then the wait for the retry's token
  });

  it('calls the sign hook before every attempt', async () => {
    const server = await serve((res, hit) => json(res, hit.n < 3 ? 503 : 200, {}));
    const seen: { url: string; body: string; headers: Record<string, string> }[] = [];
    const sign = (req: { url: string; body: string; headers: Record<string, string> }) => {
      seen.push(req);
      return Promise.resolve({
        'x-amz-date': `2015083${seen.length}T000000Z`,
        Authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE7Q2R/20150830/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'ab'.repeat(32)}`,
      });
    };
    const result = await transport().send(request(server.url, { sign }));
    expect(result).toMatchObject({ ok: true, attempts: 3 });
    expect(seen).toHaveLength(3);
    expect(seen[0]).toMatchObject({ url: server.url, body: request(server.url).body });
    expect(server.hits.map((h) => h.req.headers['x-amz-date'])).toEqual([
      '20150831T000000Z',
      '20150832T000000Z',
      '20150833T000000Z',
    ]);
    // The signed Authorization replaces the caller's, whatever the case of its name.
    expect(server.hits[0]?.req.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
    const wired = result.wire[2]?.requestHeaders['Authorization'];
    expect(wired).toContain('Credential=••••7Q2R/20150830/');
    expect(wired).toContain('Signature=••••abab');
    expect(wired).not.toContain('AKIDEXAMPLE');
  });

  it('never lets a secret into the wire record or the failure message', async () => {
    const echo: Handler = (res, hit) =>
      json(
        res,
        401,
        { message: `invalid api token ${KEY}`, headers: hit.req.headers, body: hit.body },
        { 'x-echo-key': KEY, 'set-cookie': `session=${KEY}` },
      );
    const server = await serve(echo);
    const result = failure(
      await transport().send(
        request(`${server.url}?api_key=${KEY}`, {
          headers: { authorization: `Bearer ${KEY}`, 'x-api-key': KEY },
          body: JSON.stringify({ query: `q ${KEY}`, documents: ['a'] }),
        }),
      ),
    );
    expect(server.hits[0]?.body).toContain(KEY); // the real request carried it
    const visible = JSON.stringify([result.message, result.body, result.wire]);
    expect(visible).not.toContain(KEY);
    expect(visible).not.toContain(KEY.slice(0, -4));
    expect(result.message).toBe('cohere answered 401: invalid api token ••••LAST');
    expect(result.wire[0]?.requestHeaders).toEqual({
      authorization: 'Bearer ••••LAST',
      'x-api-key': '••••LAST',
    });
    expect(result.wire[0]?.url).toBe(`${server.url}?api_key=••••LAST`);
  });

  it('cuts wire bodies to the cap and marks them truncated', async () => {
    const big = 'é'.repeat(3000); // 2 bytes each in UTF-8
    const server = await serve((res) => json(res, 200, { text: big }));
    const body = JSON.stringify({ query: big });
    const result = await transport({ maxWireBodyBytes: 1024 }).send(request(server.url, { body }));
    expect(server.hits[0]?.body).toBe(body);
    expect(result.ok && JSON.parse(result.body)).toEqual({ text: big });
    const [record] = result.wire;
    expect(record?.truncated).toBe(true);
    for (const cut of [record?.requestBody ?? '', record?.responseBody ?? '']) {
      expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(1024);
      expect(Buffer.byteLength(cut)).toBeGreaterThan(1000);
      expect(cut).not.toContain('\uFFFD');
    }
  });

  it('does not follow redirects, and sends no body with GET', async () => {
    const server = await serve((res, hit) =>
      hit.req.method === 'GET'
        ? json(res, 200, { body: hit.body })
        : res.writeHead(302, { location: '/elsewhere' }).end(),
    );
    const moved = failure(await transport().send(request(server.url)));
    expect(moved).toMatchObject({ kind: 'http', status: 302, attempts: 1 });
    const get = await transport().send(request(server.url, { method: 'GET' }));
    expect(get).toMatchObject({ ok: true, body: '{"body":""}' });
    expect(get.wire[0]?.requestBody).toBe('');
  });

  it('refuses a malformed URL without sending anything', async () => {
    const result = failure(await transport().send(request('not a url')));
    expect(result).toMatchObject({ kind: 'network', attempts: 0, wire: [] });
    expect(result.message).toContain('invalid URL');
  });
});
