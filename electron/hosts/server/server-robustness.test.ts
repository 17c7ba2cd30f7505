/**
 * The server under abuse and at the end of its life: 1,000 generated malformed bodies (seeded,
 * bounded) all answered 4xx with the server still serving; a full queue answered 429 with
 * Retry-After; the real `cohere-ai` SDK as a client; and the built CLI's `serve` finishing a
 * request in flight (a slow loopback provider) after SIGTERM, then exiting 0.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { CohereClient, CohereClientV2, CohereError } from 'cohere-ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineConfig } from '../../../shared/pipeline/config';
import { simulatorEnv } from '../../../testkit/provider-env';
import {
  startProviderSimulator,
  type ProviderSimulator,
} from '../../../testkit/provider-simulator';
import { mulberry32 } from '../../../testkit/random';
import { serve, TOKEN, type Served } from '../../../testkit/harness/server';

const BM25: PipelineConfig = { version: 1, name: 'bm25', strategy: 'heuristic' };
const DOCUMENTS = ['Berlin is the capital of Germany.', 'Paris is the capital of France.'];

let sim: ProviderSimulator;
beforeAll(async () => {
  sim = await startProviderSimulator();
});
afterAll(() => sim.close());

/** A malformed body of one of many kinds, from the seeded generator. */
function malformed(random: () => number, i: number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  // Values wrong wherever they go (null means "not set" for optional fields, a lone surrogate
  // would be repaired and 1e9 clamped, so none of those).
  const junk = () => pick([0, -1, 1.5, '', ' ', [], {}, [null], { text: 1 }]);
  const valid = { model: 'bm25', query: 'capital', documents: DOCUMENTS };
  const text = JSON.stringify(valid);
  switch (i % 10) {
    case 0: // truncated JSON
      return text.slice(0, Math.floor(random() * (text.length - 1)));
    case 1: // random bytes
      return Array.from({ length: 1 + Math.floor(random() * 40) }, () =>
        String.fromCharCode(Math.floor(random() * 256)),
      ).join('');
    case 2: // not an object
      return JSON.stringify(pick([[], [valid], 'text', 42, null, true]));
    case 3: // a field of the wrong type
      return JSON.stringify({
        ...valid,
        [pick(['model', 'query', 'documents', 'top_n', 'return_documents', 'topN'])]: junk(),
      });
    case 4: // a document of the wrong shape
      return JSON.stringify({ ...valid, documents: [DOCUMENTS[0], junk()] });
    case 5: // a field missing
      return JSON.stringify({ ...valid, [pick(['query', 'documents'])]: undefined });
    case 6: // an unknown pipeline
      return JSON.stringify({ ...valid, model: `m${Math.floor(random() * 1e6)}` });
    case 7: // top_n out of range or disagreeing
      return JSON.stringify({
        ...valid,
        top_n: pick([0, -3, 2.5, '2', true]),
        ...(random() < 0.5 ? { topN: 7 } : {}),
      });
    case 8: // deep nesting
      return `${'['.repeat(1 + Math.floor(random() * 5000))}`;
    default: // valid JSON, garbage fields only
      return JSON.stringify({ [`f${i}`]: junk(), documents: junk() });
  }
}

describe('a served pipeline under bad input and load', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve([BM25]);
  });
  afterAll(() => served.close());

  it('answers 1,000 malformed bodies with 4xx, and still serves afterwards', async () => {
    const random = mulberry32(20_261_202);
    const statuses = new Map<number, number>();
    for (let batch = 0; batch < 50; batch++) {
      const replies = await Promise.all(
        Array.from({ length: 20 }, async (_, j) => {
          const n = batch * 20 + j;
          const body = malformed(random, n);
          // The per-pipeline route ignores `model`: bodies whose fault may be the model go to
          // the shared routes.
          const shared = [3, 6, 9].includes(n % 10) || n % 3 !== 2;
          const route = shared ? (n % 2 === 0 ? '/v1/rerank' : '/v2/rerank') : '/v1/rerank/bm25';
          const response = await fetch(`${served.server.url}${route}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
            body,
          });
          const json = (await response.json()) as { message?: unknown };
          expect(typeof json.message, `${response.status} ${route} ${body.slice(0, 200)}`).toBe(
            'string',
          );
          return response.status;
        }),
      );
      for (const status of replies) statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(1000);
    for (const status of statuses.keys())
      expect(status >= 400 && status < 500, `status ${status}`).toBe(true);
    expect((await served.call('/healthz', undefined, { token: null })).status).toBe(200);
    const ok = await served.call('/v1/rerank', {
      model: 'bm25',
      query: 'capital of France',
      documents: DOCUMENTS,
    });
    expect(ok.status).toBe(200);
  });
});

describe('a full queue', () => {
  it('is answered 429 with Retry-After, and the queued requests still finish', async () => {
    const slow: PipelineConfig = {
      version: 1,
      name: 'slow',
      strategy: 'dedicated-model',
      provider: 'cohere',
      baseUrl: sim.baseUrl('cohere'),
    };
    const served = await serve([slow], { env: simulatorEnv(), concurrency: 1, queue: 1 });
    // The first rerank is held upstream until the third has been turned away.
    let release = () => {};
    try {
      sim.script('cohere', [{ until: new Promise<void>((resolve) => (release = resolve)) }]);
      const send = (i: number) =>
        served.call('/v1/rerank', { model: 'slow', query: `q${i}`, documents: DOCUMENTS });
      const load = async () =>
        (await served.call('/healthz', undefined, { token: null })).json.load as number;
      const first = send(1);
      // Until the first is running, so the second queues and the third finds the queue full.
      while ((await load()) < 1) await new Promise((resolve) => setImmediate(resolve));
      const second = send(2);
      while ((await load()) < 2) await new Promise((resolve) => setImmediate(resolve));
      const third = await send(3);
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).toBe('1');
      expect(third.json.message).toBe('too many requests in flight: retry shortly');
      release();
      expect((await first).status).toBe(200);
      expect((await second).status).toBe(200);
    } finally {
      release();
      await served.close();
    }
  });
});

describe('the cohere-ai SDK pointed at the server', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve([BM25]);
  });
  afterAll(() => served.close());

  it('reranks with CohereClient (v1) and CohereClientV2, and sees our errors as its own', async () => {
    const v1 = new CohereClient({ token: TOKEN, environment: served.server.url, maxRetries: 0 });
    const one = await v1.rerank({
      model: 'bm25',
      query: 'capital of France',
      documents: DOCUMENTS,
      topN: 1,
      returnDocuments: true,
    });
    expect(one.results).toEqual([
      { index: 1, relevanceScore: expect.any(Number) as number, document: { text: DOCUMENTS[1] } },
    ]);
    expect(one.id).toMatch(/^[0-9a-f-]{36}$/);

    const v2 = new CohereClientV2({ token: TOKEN, environment: served.server.url, maxRetries: 0 });
    const two = await v2.rerank({
      model: 'bm25',
      query: 'capital of France',
      documents: DOCUMENTS,
    });
    expect(two.results.map((r) => r.index)).toEqual([1, 0]);

    const unknown = await v2
      .rerank({ model: 'nope', query: 'q', documents: DOCUMENTS })
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(CohereError);
    expect((unknown as CohereError).statusCode).toBe(404);
    const unauthorized = new CohereClientV2({
      token: 'wrong-token-1',
      environment: served.server.url,
      maxRetries: 0,
    });
    const denied = await unauthorized
      .rerank({ model: 'bm25', query: 'q', documents: DOCUMENTS })
      .catch((e: unknown) => e);
    expect((denied as CohereError).statusCode).toBe(401);
  });
});

describe('SIGTERM', () => {
  const bin = path.resolve('bin/rerank-studio.mjs');
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rerank-sigterm-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finishes the request in flight, refuses new connections, and exits 0', async () => {
    expect(existsSync(path.resolve('out/node/cli.mjs')), 'run `npm run build:node` first').toBe(
      true,
    );
    const config = path.join(dir, 'slow.rerank.json');
    await writeFile(
      config,
      JSON.stringify({
        version: 1,
        name: 'slow',
        strategy: 'dedicated-model',
        provider: 'cohere',
        baseUrl: sim.baseUrl('cohere'),
      }),
    );
    const child = spawn(process.execPath, [bin, 'serve', '--config', config, '--port', '0'], {
      env: {
        ...process.env,
        ...simulatorEnv(),
        RERANK_STUDIO_TOKENS: TOKEN,
        RERANK_STUDIO_DATA_DIR: dir,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    const lines = createInterface({ input: child.stdout });
    const log: Record<string, unknown>[] = [];
    let shuttingDown!: () => void;
    const toldShuttingDown = new Promise<void>((resolve) => (shuttingDown = resolve));
    const url = await new Promise<string>((resolve, reject) => {
      lines.on('line', (line) => {
        const entry = JSON.parse(line) as Record<string, unknown>;
        log.push(entry);
        if (entry.msg === 'listening') resolve(entry.url as string);
        if (entry.msg === 'shutting down') shuttingDown();
      });
      child.on('exit', () => reject(new Error('serve exited before listening')));
    });

    // The upstream holds the rerank until the server has taken the SIGTERM.
    let release!: () => void;
    sim.script('cohere', [{ until: new Promise<void>((resolve) => (release = resolve)) }]);
    const before = sim.requests.length;
    const inFlight = fetch(`${url}/v1/rerank`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'slow', query: 'sigterm', documents: DOCUMENTS }),
    });
    await sim.received(before + 1);
    expect(JSON.stringify(sim.requests.at(-1)?.body)).toContain('sigterm');
    child.kill('SIGTERM');
    await toldShuttingDown;
    release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { results: unknown[] }).results).toHaveLength(2);
    expect(await exited).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    expect(log.map((entry) => entry.msg)).toEqual([
      'listening',
      'shutting down',
      'request',
      'stopped',
    ]);
  });
});
