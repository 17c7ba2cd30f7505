/**
 * `serve --workers 2` as real processes on 127.0.0.1 (the built CLI): both workers answer,
 * SIGTERM drains each of them and the primary exits 0, a killed worker is replaced and the log
 * says so, the log stays whole JSON lines under load, and runs from both workers land in the
 * one history file. Request counts and waits are bounded.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openHistoryDatabase } from '../../history/db';
import { createHistoryStore } from '../../history/store';
import { writeTinyCrossEncoder } from '../../../testkit/models/tiny-cross-encoder';
import { simulatorEnv } from '../../../testkit/provider-env';
import {
  startProviderSimulator,
  type ProviderSimulator,
} from '../../../testkit/provider-simulator';
import {
  agentPerWorker,
  CLI,
  httpCall,
  startServe,
  type ServeProcess,
} from '../../../testkit/harness/serve-process';

const TOKEN = 'workers-token-0123456789';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const DOCUMENTS = ['Berlin is the capital of Germany.', 'Paris is the capital of France.'];

let sim: ProviderSimulator;
let dir: string;
let bm25: string;
let slow: string;
const running: ServeProcess[] = [];

beforeAll(async () => {
  sim = await startProviderSimulator();
  dir = await mkdtemp(path.join(tmpdir(), 'rerank-workers-'));
  bm25 = path.join(dir, 'bm25.rerank.json');
  await writeFile(bm25, JSON.stringify({ version: 1, name: 'bm25', strategy: 'heuristic' }));
  slow = path.join(dir, 'slow.rerank.json');
  await writeFile(
    slow,
    JSON.stringify({
      version: 1,
      name: 'slow',
      strategy: 'dedicated-model',
      provider: 'cohere',
      baseUrl: sim.baseUrl('cohere'),
    }),
  );
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((served) => served.kill()));
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function serve(args: string[], dataDir = dir): Promise<ServeProcess> {
  const served = await startServe(['--workers', '2', ...args], {
    ...simulatorEnv(),
    RERANK_STUDIO_TOKENS: TOKEN,
    RERANK_STUDIO_DATA_DIR: dataDir,
  });
  running.push(served);
  return served;
}

const rerank = (url: string, model: string, query = 'capital of France') => ({
  path: '/v1/rerank',
  headers: AUTH,
  body: JSON.stringify({ model, query, documents: DOCUMENTS }),
});

describe('serve --workers 2', () => {
  it('answers from two workers, each named in /healthz and a header, with the fleet', async () => {
    const served = await serve(['--config', bm25]);
    expect(served.listening).toMatchObject({ workers: 2 });
    expect(served.listening.workerPids).toHaveLength(2);
    const seen = new Set<number>();
    // Each on a connection of its own: the primary hands them out in turn.
    for (let i = 0; i < 10 && seen.size < 2; i++) {
      const health = await httpCall(served.url, { path: '/healthz' });
      const json = JSON.parse(health.body) as Record<string, unknown>;
      expect(health.status).toBe(200);
      expect(json).toMatchObject({ status: 'ok', workers: { wanted: 2, listening: 2 } });
      expect(health.headers['x-rerank-worker']).toBe(String(json.worker));
      seen.add(json.worker as number);
    }
    expect(seen.size).toBe(2);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => httpCall(served.url, rerank(served.url, 'bm25'))),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const rankings = answers.map((a) =>
      (JSON.parse(a.body) as { results: { index: number }[] }).results.map((r) => r.index),
    );
    expect(rankings).toEqual(Array.from({ length: 4 }, () => [1, 0]));
    expect(new Set(answers.map((a) => a.headers['x-rerank-worker'])).size).toBe(2);
  });

  it('drains every worker on SIGTERM (503 on kept-alive health checks), then exits 0', async () => {
    const served = await serve(['--config', slow]);
    const health = await agentPerWorker(served.url, 2);
    const callers = await agentPerWorker(served.url, 2);
    sim.script('cohere', [{ delayMs: 1500 }, { delayMs: 1500 }]);
    const before = sim.requests.length;
    const inFlight = [...callers].map(([worker, agent]) =>
      httpCall(served.url, { ...rerank(served.url, 'slow', `drain ${worker}`), agent }),
    );
    for (let waited = 0; sim.requests.length < before + 2; waited += 10) {
      if (waited > 10_000) throw new Error('the provider never saw both requests');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    served.child.kill('SIGTERM');
    await served.waitForLine((entry) => entry.msg === 'shutting down');
    // Each worker, on the connection its health check kept open, says it is draining.
    for (const [worker, agent] of health) {
      let answer = await httpCall(served.url, { path: '/healthz', agent });
      for (let i = 0; i < 50 && answer.status === 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        answer = await httpCall(served.url, { path: '/healthz', agent });
      }
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 'draining', worker: Number(worker) });
    }
    const answers = await Promise.all(inFlight);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(new Set(answers.map((a) => a.headers['x-rerank-worker']))).toEqual(
      new Set(callers.keys()),
    );
    expect(await served.exited).toBe(0);
    const messages = served.log.map((entry) => entry.msg);
    expect(messages.at(-1)).toBe('stopped');
    const reranks = served.log.filter((e) => e.msg === 'request' && e.path === '/v1/rerank');
    expect(reranks.map((e) => e.status)).toEqual([200, 200]);
    // Both finished after the signal: they were drained, not cut.
    expect(messages.indexOf('shutting down')).toBeLessThan(served.log.indexOf(reranks[0]!));
  });

  it('stops at once when the workers cannot listen, saying why, and exits 2', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const result = spawnSync(
        process.execPath,
        [CLI, 'serve', '--config', bm25, '--port', String(port), '--workers', '2'],
        {
          env: { PATH: process.env.PATH ?? '', RERANK_STUDIO_DATA_DIR: dir },
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(`cannot listen on 127.0.0.1:${port}: EADDRINUSE\n`);
    } finally {
      taken.close();
    }
  });

  it('replaces a worker that dies, and says so in the log', async () => {
    const served = await serve(['--config', bm25]);
    const [victim] = served.listening.workerPids as number[];
    process.kill(victim!, 'SIGKILL');
    const exited = await served.waitForLine((entry) => entry.msg === 'worker exited');
    expect(exited).toMatchObject({ level: 'warn', pid: victim, signal: 'SIGKILL' });
    const replaced = await served.waitForLine((entry) => entry.msg === 'worker listening');
    expect(replaced).toMatchObject({ replaces: exited.worker });
    expect(replaced.pid).not.toBe(victim);
    // Serving throughout; the fleet is whole again, and the new worker answers.
    const seen = new Set<string>();
    for (let i = 0; i < 10 && !seen.has(String(replaced.worker)); i++) {
      const answer = await httpCall(served.url, rerank(served.url, 'bm25'));
      expect(answer.status).toBe(200);
      seen.add(String(answer.headers['x-rerank-worker']));
    }
    expect(seen).toContain(String(replaced.worker));
    const health = JSON.parse((await httpCall(served.url, { path: '/healthz' })).body) as {
      workers: unknown;
    };
    expect(health.workers).toEqual({ wanted: 2, listening: 2 });
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
  });

  it('keeps every log line whole under load, lines longer than a pipe write included', async () => {
    const served = await serve(['--config', bm25]);
    // A 404 logs its path: 12,000 characters make lines longer than PIPE_BUF (4,096 bytes),
    // which two processes writing to one pipe could interleave.
    const long = `/${'x'.repeat(12_000)}`;
    const sent = { long: 0, short: 0 };
    for (let batch = 0; batch < 8; batch++) {
      // A log reader that stalls (as log shippers do), so the pipe fills and writes of a
      // line can be split: the case where two writers would interleave.
      served.child.stdout!.pause();
      const resumed = new Promise((resolve) => setTimeout(resolve, 150)).then(() =>
        served.child.stdout!.resume(),
      );
      await Promise.all([
        resumed,
        ...Array.from({ length: 40 }, (_, i) => {
          const isLong = i % 4 !== 0;
          sent[isLong ? 'long' : 'short']++;
          return httpCall(
            served.url,
            isLong ? { path: long, headers: AUTH } : rerank(served.url, 'bm25'),
          );
        }),
      ]);
    }
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
    for (const line of served.raw) {
      expect(() => JSON.parse(line) as unknown, line.slice(0, 200)).not.toThrow();
    }
    const requests = served.log.filter((e) => e.msg === 'request');
    expect(requests.filter((e) => e.path === long)).toHaveLength(sent.long);
    expect(requests.filter((e) => e.path === '/v1/rerank')).toHaveLength(sent.short);
    expect(new Set(requests.map((e) => e.worker))).toEqual(new Set([1, 2]));
  });

  it('saves the runs of both workers in the one history file, each before its answer', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'rerank-workers-history-'));
    try {
      const served = await serve(['--config', bm25, '--history', dataDir], dataDir);
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          httpCall(served.url, rerank(served.url, 'bm25', `q${i}`)),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 12 }, () => 200));
      expect(new Set(answers.map((a) => a.headers['x-rerank-worker'])).size).toBe(2);
      // Read while the server runs: answered means committed.
      const { db } = openHistoryDatabase(path.join(dataDir, 'history.db'));
      try {
        const store = createHistoryStore(db);
        for (const answer of answers) {
          const run = store.getRun(String(answer.headers['x-request-id']));
          expect(run?.source).toBe('server');
        }
      } finally {
        db.close();
      }
      served.child.kill('SIGTERM');
      expect(await served.exited).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('runs a local model in one inference worker, in the primary, for both workers', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'rerank-workers-local-'));
    try {
      const folder = writeTinyCrossEncoder(path.join(dataDir, 'tiny'));
      const imported = spawnSync(
        process.execPath,
        [CLI, 'models', 'import', folder, '--id', 'tests/tiny'],
        {
          env: {
            PATH: process.env.PATH ?? '',
            RERANK_STUDIO_DATA_DIR: dataDir,
            RERANK_STUDIO_KEYCHAIN: 'off',
          },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(imported.status, imported.stderr).toBe(0);
      const config = path.join(dataDir, 'tiny.rerank.json');
      await writeFile(
        config,
        JSON.stringify({
          version: 1,
          name: 'tiny',
          strategy: 'dedicated-model',
          provider: 'local',
          model: 'tests/tiny',
          params: { maxLength: 128 },
        }),
      );
      const served = await serve(['--config', config], dataDir);
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => httpCall(served.url, rerank(served.url, 'tiny'))),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      expect(new Set(answers.map((a) => a.headers['x-rerank-worker'])).size).toBe(2);
      const rankings = answers.map((a) => JSON.parse(a.body) as { results: unknown[] });
      for (const ranking of rankings) expect(ranking.results).toEqual(rankings[0]!.results);
      // onnxruntime's library is mapped into the primary only: one session, not one per worker.
      const loaded = (pid: number) =>
        readFileSync(`/proc/${pid}/maps`, 'utf8').includes('onnxruntime');
      expect(loaded(served.child.pid!)).toBe(true);
      for (const pid of served.listening.workerPids as number[]) expect(loaded(pid)).toBe(false);
      served.child.kill('SIGTERM');
      expect(await served.exited).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
