/**
 * `serve` under the findings of issue 18: an absolute-form request line (RFC 9112 §3.2.2),
 * clients that send their request a byte at a time, and a drain a load balancer can observe
 * (503 from /healthz on the connection it keeps open). Real server, real sockets, 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineConfig } from '../../../shared/pipeline/config';
import { recentProblems } from '../../log/log';
import { simulatorEnv } from '../../../testkit/provider-env';
import {
  startProviderSimulator,
  type ProviderSimulator,
} from '../../../testkit/provider-simulator';
import { openRawConnection, slowClient } from '../../../testkit/raw-client';
import { serve, TOKEN, type Served } from '../../../testkit/harness/server';

const BM25: PipelineConfig = { version: 1, name: 'bm25', strategy: 'heuristic' };
const DOCUMENTS = ['Berlin is the capital of Germany.', 'Paris is the capital of France.'];
/** Small deadlines, so a slow client is cut within the test's time. */
const TIMEOUTS = { headersTimeoutMs: 300, requestTimeoutMs: 600 };

const bugs = () => recentProblems().filter((problem) => problem.kind === 'bug').length;

let sim: ProviderSimulator;
beforeAll(async () => {
  sim = await startProviderSimulator();
});
afterAll(() => sim.close());

describe('serve and its clients', () => {
  let served: Served;
  let port: number;
  beforeAll(async () => {
    served = await serve([BM25], { timeouts: TIMEOUTS });
    port = served.server.port;
  });
  afterAll(() => served.close());

  it('accepts an absolute-form request line', async () => {
    const connection = await openRawConnection(port);
    try {
      const health = await connection.send(
        `GET http://127.0.0.1:${port}/healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
      );
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', pipelines: 1 });
      const body = JSON.stringify({
        model: 'bm25',
        query: 'capital of France',
        documents: DOCUMENTS,
      });
      const rerank = await connection.send(
        [
          `POST HTTP://127.0.0.1:${port}/v1/rerank?trace=1 HTTP/1.1`,
          `Host: 127.0.0.1:${port}`,
          `Authorization: Bearer ${TOKEN}`,
          'Content-Type: application/json',
          `Content-Length: ${Buffer.byteLength(body)}`,
          '',
          body,
        ].join('\r\n'),
      );
      expect(rerank.status).toBe(200);
      expect((JSON.parse(rerank.body) as { results: { index: number }[] }).results[0]!.index).toBe(
        1,
      );
    } finally {
      connection.destroy();
    }
  });

  it('answers a client that trickles its headers with 408 and closes, after the deadline', async () => {
    const result = await slowClient({ port, path: '/v1/rerank', token: TOKEN, part: 'headers' });
    expect(result.status).toBe(408);
    expect(result.closedAfterMs).toBeGreaterThanOrEqual(TIMEOUTS.headersTimeoutMs - 20);
  });

  it('answers a client that trickles its body with 408 and closes, and logs no bug', async () => {
    const before = bugs();
    const result = await slowClient({ port, path: '/v1/rerank', token: TOKEN, part: 'body' });
    expect(result.status).toBe(408);
    expect(result.closedAfterMs).toBeGreaterThanOrEqual(TIMEOUTS.requestTimeoutMs - 20);
    expect(bugs()).toBe(before);
  });
});

describe('a draining server', () => {
  it('answers 503 on a kept-alive health check (and 200 to /livez) until the request in flight is done', async () => {
    const slow: PipelineConfig = {
      version: 1,
      name: 'slow',
      strategy: 'dedicated-model',
      provider: 'cohere',
      baseUrl: sim.baseUrl('cohere'),
    };
    const served = await serve([slow], { env: simulatorEnv() });
    const { port } = served.server;
    const healthz = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`;
    const balancer = await openRawConnection(port);
    // The upstream holds the rerank until released: both polls below fall inside the drain.
    let release = () => {};
    try {
      expect((await balancer.send(healthz)).status).toBe(200);
      sim.script('cohere', [{ until: new Promise<void>((resolve) => (release = resolve)) }]);
      const before = sim.requests.length;
      const inFlight = served.call('/v1/rerank', {
        model: 'slow',
        query: 'drain',
        documents: DOCUMENTS,
      });
      await sim.received(before + 1);
      expect(JSON.stringify(sim.requests.at(-1)?.body)).toContain('drain');
      const closing = served.server.close();

      const first = await balancer.send(healthz);
      expect(first.status).toBe(503);
      expect(JSON.parse(first.body)).toMatchObject({ status: 'draining' });
      expect(first.headers).not.toMatch(/\r\nconnection: close/i);
      const second = await balancer.send(healthz);
      expect(second.status).toBe(503);
      // Liveness is not readiness: a draining server is alive (a probe must not restart it).
      const alive = await balancer.send(healthz.replace('/healthz', '/livez'));
      expect(alive.status).toBe(200);
      await expect(fetch(`${served.server.url}/healthz`)).rejects.toThrow(); // no new connections

      release();
      expect((await inFlight).status).toBe(200);
      await closing;
      await balancer.closed;
      expect(balancer.isOpen()).toBe(false);
    } finally {
      release();
      balancer.destroy();
      await served.close();
    }
  });
});
