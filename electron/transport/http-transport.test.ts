import { describe, expect, it } from 'vitest';
import { WireExchange } from '../../shared/contract/schemas';
import {
  closedPort,
  failure,
  json,
  request,
  serve,
  timed,
  transport,
  useTestServers,
} from '../../testkit/harness/transport';

useTestServers();

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
    // Two attempts on our side; whether the server saw the second before it was abandoned
    // depends on how busy the machine is, so the server's count is not asserted.
    expect(result.wire).toHaveLength(2);
    expect(result.wire.every((w) => w.error === 'timed out after 150 ms')).toBe(true);
    expect(server.hits.length).toBeGreaterThanOrEqual(1);
    expect(ms).toBeGreaterThanOrEqual(290);
  });
});
