/** The host side of the inference worker: cancel, and a worker that dies. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyCrossEncoder } from '../../testkit/models/tiny-cross-encoder';
import { createLocalInference, workerThread, type ScoreRequest } from './client';
import type { WorkerReply } from './protocol';

const workerFile = path.resolve('out/node/inference-worker.mjs');
const root = mkdtempSync(path.join(tmpdir(), 'rerank-studio-worker-'));
const request = (documents: string[]): ScoreRequest => ({
  model: { root, id: 'tests/tiny', dtype: 'fp32', threads: 1 },
  query: 'heart health',
  documents,
  maxLength: 512,
  batchSize: 8,
});

beforeAll(() => {
  if (!existsSync(workerFile))
    throw new Error(`${workerFile} is missing: run \`npm run build\` first`);
  writeTinyCrossEncoder(path.join(root, 'tests', 'tiny'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('createLocalInference', () => {
  it('cancels a long request before it finishes, and keeps serving', async () => {
    // The worker's own replies, to see it stop rather than only the host stop waiting.
    const replies: WorkerReply[] = [];
    const waiting: { id: number; resolve: (reply: WorkerReply) => void }[] = [];
    const replyTo = (id: number) =>
      new Promise<WorkerReply>((resolve) => {
        const reply = replies.find((r) => r.id === id);
        if (reply) resolve(reply);
        else waiting.push({ id, resolve });
      });
    const start = workerThread(workerFile);
    const inference = createLocalInference(() => {
      const handle = start();
      handle.onMessage((reply) => {
        replies.push(reply);
        for (const w of waiting.filter((w) => w.id === reply.id)) w.resolve(reply);
      });
      return handle;
    });
    try {
      await inference.score(request(['warm up']), new AbortController().signal);
      const controller = new AbortController();
      const many = Array.from(
        { length: 20_000 },
        (_, i) => `heart health document ${i} ${'study '.repeat(i % 60)}`,
      );
      const running = inference.score(request(many), controller.signal);
      // Posted already: the worker reads the cancel after the request, which it has begun
      // by then (it starts a request in the turn it reads it; the model is loaded).
      controller.abort();
      await expect(running).rejects.toMatchObject({ kind: 'cancelled' });
      // The worker answers the request (id 2) cancelled, not with 20,000 scores: it stopped.
      expect(await replyTo(2)).toMatchObject({ type: 'failed', kind: 'cancelled' });
      const after = await inference.score(request(['heart health']), new AbortController().signal);
      expect(after.logits).toHaveLength(1);
    } finally {
      await inference.close();
    }
  });

  it('fails pending requests when the worker dies, and starts a new one next time', async () => {
    const dying = path.join(root, 'dying-worker.mjs');
    writeFileSync(
      dying,
      "import { parentPort } from 'node:worker_threads'; parentPort.on('message', () => process.exit(3));",
    );
    let starts = 0;
    const start = workerThread(dying);
    const inference = createLocalInference(() => {
      starts += 1;
      return start();
    });
    try {
      await expect(inference.score(request(['a']), new AbortController().signal)).rejects.toThrow(
        'the local inference worker stopped (exit code 3); the next run starts a new one',
      );
      await expect(
        inference.score(request(['a']), new AbortController().signal),
      ).rejects.toMatchObject({ kind: 'worker' });
      expect(starts).toBe(2);
    } finally {
      await inference.close();
    }
  });
});
