/**
 * A local-model run long enough to report progress: many documents through the real inference
 * worker (the built `out/node/inference-worker.mjs`), on a random-weight TinyBERT-L2 shape.
 * Nothing here reads the wall clock: the events are checked for order, for less work left each
 * time, and for an estimate once the first batch has given a rate.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../shared/contract';
import { dispatch } from '../../../shared/contract/dispatch';
import { workerThread } from '../../inference/client';
import { createServices, type Services } from '../../composition/compose';
import { writeBertCrossEncoder } from '../../../testkit/models/bert-cross-encoder';
import { TINYBERT_L2 } from '../../../testkit/models/bert-graph';
import {
  LONG_RUN_CONFIG,
  LONG_RUN_MODEL,
  LONG_RUN_WORDS,
  longRunDocuments,
} from '../../../testkit/fixtures/long-run';

const workerFile = path.resolve('out/node/inference-worker.mjs');
const dataDir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-local-progress-'));
let services: Services;
const progress: EventPayload<'run:progress'>[] = [];

beforeAll(() => {
  if (!existsSync(workerFile))
    throw new Error(`${workerFile} is missing: run \`npm run build\` first`);
  writeBertCrossEncoder(path.join(dataDir, 'models', ...LONG_RUN_MODEL.split('/')), {
    shape: TINYBERT_L2,
    tokenizer: { words: LONG_RUN_WORDS },
    quantization: false,
  });
  services = createServices({
    host: 'test',
    dataDir,
    env: {},
    inferenceWorker: workerThread(workerFile),
  });
  services.events.subscribe((event, payload) => {
    if (event === 'run:progress') progress.push(payload as EventPayload<'run:progress'>);
  });
});
afterAll(async () => {
  await services.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a local-model run over many documents', () => {
  it('reports tokens computed after every batch, with the time left from the batches so far', async () => {
    // 240 documents of 3 to 62 words, 8 to a batch: 30 batches.
    const documents = longRunDocuments(240);
    const result = await dispatch(services.handlers, 'rerank:run', {
      runId: 'progress-1',
      query: 'heart health',
      documents,
      columns: [{ id: 'c', config: LONG_RUN_CONFIG }],
    });
    expect(result.ok).toBe(true);
    const types = progress.map((e) => e.type);
    expect(types[0]).toBe('column-started');
    // The column's result, then the run's end (rerank:run's answer may overtake both over HTTP).
    expect(types.slice(-2)).toEqual(['column-finished', 'run-finished']);
    const steps = progress.flatMap((e) => (e.type === 'column-progress' ? [e] : []));
    // Once before the first batch, then once per batch.
    expect(steps).toHaveLength(31);
    expect(new Set(steps.map((s) => `${s.unit} ${s.total} ${s.runId} ${s.columnId}`))).toEqual(
      new Set([`tokens ${steps[0]!.total} progress-1 c`]),
    );
    expect(steps[0]).toMatchObject({ done: 0 });
    expect(steps[0]!.etaMs).toBeUndefined();
    expect(steps.at(-1)).toMatchObject({ done: steps[0]!.total, etaMs: 0 });
    const left = steps.map((s) => s.total - s.done);
    for (let i = 1; i < left.length; i++) expect(left[i]).toBeLessThan(left[i - 1]!);
    // From the first batch on, there is a rate and so an estimate.
    expect(steps.slice(1).every((s) => typeof s.etaMs === 'number' && s.etaMs >= 0)).toBe(true);
    // The tokens counted are the padded batches': at least the real tokens the column read.
    const column = (result as { value: { columns: { usage?: { inputTokens?: number } }[] } }).value
      .columns[0]!;
    expect(steps[0]!.total).toBeGreaterThanOrEqual(column.usage!.inputTokens!);
  });
});
