import { describe, expect, it } from 'vitest';
import { maskSecret } from '../../shared/security/redact';
import { abortableSleep, type Sleep } from './rate-limit';
import {
  failure,
  json,
  KEY,
  request,
  serve,
  timed,
  transport,
  useTestServers,
  type Handler,
} from '../../testkit/harness/transport';

useTestServers();

describe('http transport: cancel, limits, signing and the wire record', () => {
  it('cancels a request in flight within 200 ms', async () => {
    const server = await serve(() => {});
    const controller = new AbortController();
    const pending = transport().send(request(server.url, { signal: controller.signal }));
    // In flight: the server has the request and holds the response.
    await server.arrived(1);
    const { value, ms } = await timed((controller.abort(), pending));
    expect(failure(value)).toMatchObject({ kind: 'cancelled', attempts: 1 });
    expect(value.wire[0]?.error).toBe('cancelled');
    expect(ms).toBeLessThan(200);
  });

  it('cancels during a backoff sleep', async () => {
    const server = await serve((res) => json(res, 503, {}));
    const controller = new AbortController();
    const retry = { baseDelayMs: 10_000, capDelayMs: 10_000 };
    // The real abortable sleep, which says when the transport has started it.
    let sleeping!: (ms: number) => void;
    const slept = new Promise<number>((resolve) => (sleeping = resolve));
    const sleep: Sleep = (ms, signal) => {
      sleeping(ms);
      return abortableSleep(ms, signal);
    };
    const sending = transport({ random: () => 1, sleep }).send(
      request(server.url, { signal: controller.signal, retry }),
    );
    expect(await slept).toBe(10_000);
    expect(server.hits).toHaveLength(1);
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
    // The first holds the only slot (its request reached the server); the second, sent
    // after it, waits for that slot. Sent instead, it would come back with 1 attempt.
    await server.arrived(1);
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

  it('does not retry a request that cannot be built (a key pasted with a line break)', async () => {
    const server = await serve((res) => json(res, 200, {}));
    const result = failure(
      await transport().send(
        request(server.url, { headers: { authorization: `Bearer ${KEY}\nx-injected: 1` } }),
      ),
    );
    expect(result).toMatchObject({ kind: 'network', attempts: 1 });
    expect(result.message).toMatch(/^cohere could not send the request: /);
    expect(server.hits).toHaveLength(0);
    expect(JSON.stringify(result)).not.toContain(KEY.slice(0, -4));
  });

  it('records repeated response headers joined, with lower-case names', async () => {
    const server = await serve((res) => {
      res.setHeader('X-Request-Id', 'r-1');
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      json(res, 200, {});
    });
    const result = await transport().send(request(server.url));
    expect(result.ok && result.headers).toMatchObject({ 'x-request-id': 'r-1' });
    expect(result.wire[0]?.responseHeaders?.['x-request-id']).toBe('r-1');
    // Cookies are credentials: the joined value is masked as one.
    expect(result.wire[0]?.responseHeaders?.['set-cookie']).toBe(maskSecret('a=1, b=2'));
  });

  it('refuses a malformed URL without sending anything', async () => {
    const result = failure(await transport().send(request('not a url')));
    expect(result).toMatchObject({ kind: 'network', attempts: 0, wire: [] });
    expect(result.message).toContain('invalid URL');
  });
});
