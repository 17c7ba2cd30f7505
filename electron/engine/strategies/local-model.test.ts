/**
 * Local models through the contract, the engine and the real inference worker (the built
 * `out/node/inference-worker.mjs` in a worker thread), on models written by the tests.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/contract/dispatch';
import type { OperationResponse } from '../../../shared/contract';
import type { PipelineConfig } from '../../../shared/pipeline/config';
import { column, services, useLocalModelHarness } from '../../../testkit/harness/local-model';
import { writeTinyCrossEncoder } from '../../../testkit/models/tiny-cross-encoder';
import { writeTinyQwen3Reranker } from '../../../testkit/models/tiny-qwen3';
import { writeBertCrossEncoder } from '../../../testkit/models/bert-cross-encoder';
import { SMALL_BERT } from '../../../testkit/models/bert-graph';
import { int8Verdict } from '../../../shared/models/int8-kernel';
import { cpuFeatures } from '../../platform/cpu-features';

const models = useLocalModelHarness((dir) => {
  writeTinyCrossEncoder(path.join(dir, 'tests', 'tiny'));
  writeTinyQwen3Reranker(path.join(dir, 'tests', 'qwen3'));
});

const local = (model: string, params: Record<string, unknown> = {}): PipelineConfig => ({
  version: 1,
  name: model,
  strategy: 'dedicated-model',
  provider: 'local',
  model,
  params,
});

const DOCS = [
  'cooking pasta at home',
  'regular exercise improves heart health',
  'stock market news',
];

describe('local model columns', () => {
  it('rank with logits as raw scores and their sigmoid as scores', async () => {
    const result = await column(local('tests/tiny'), DOCS);
    expect(result).toMatchObject({ status: 'ok', scoreKind: 'logit' });
    expect(result.results).toHaveLength(3);
    for (const r of result.results) expect(r.score).toBeCloseTo(1 / (1 + Math.exp(-r.rawScore)), 9);
    const scores = result.results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('warn about every document cut to the maximum length', async () => {
    const result = await column(local('tests/tiny', { maxLength: 16 }), [
      'heart '.repeat(30),
      'short one',
    ]);
    expect(result.status).toBe('ok');
    expect(result.warnings).toEqual([
      expect.stringMatching(/^document 0 was cut to 16 tokens \(\d+ not read\)$/),
    ]);
  });

  it('say what is wrong with a model, and the worker serves the next one', async () => {
    expect(await column(local('tests/absent'), DOCS)).toMatchObject({
      status: 'error',
      error: {
        message:
          'model "tests/absent" is not installed: download it or import its folder in Models',
      },
    });
    const broken = writeTinyCrossEncoder(path.join(models, 'tests', 'corrupt'));
    writeFileSync(path.join(broken, 'onnx', 'model.onnx'), 'not a model');
    expect(await column(local('tests/corrupt'), DOCS)).toMatchObject({
      status: 'error',
      error: {
        message: expect.stringMatching(
          /^tests\/corrupt: onnx\/model\.onnx could not be loaded/,
        ) as unknown,
      },
    });
    expect(await column(local('tests/tiny', { dtype: 'q8' }), DOCS)).toMatchObject({
      status: 'error',
      error: {
        message: expect.stringMatching(
          /^tests\/tiny is missing onnx\/model_quantized\.onnx/,
        ) as unknown,
      },
    });
    expect(await column(local('tests/tiny', { batchSize: 0 }), DOCS)).toMatchObject({
      error: { message: expect.stringMatching(/^local model: params\.batchSize/) as unknown },
    });
    expect((await column(local('tests/tiny'), DOCS)).status).toBe('ok');
  });

  it('say, on a q8 column, when its weights meet this CPU’s int8 saturation (and models:list says which)', async () => {
    const words = 'heart health exercise cooking pasta home stock market news'.split(' ');
    for (const [name, quantization] of [
      ['full', { weightType: 'int8' }],
      ['seven', { weightType: 'int8', reduceRange: true }],
      ['unsigned', { weightType: 'uint8' }],
    ] as const) {
      writeBertCrossEncoder(path.join(models, 'tests', name), {
        shape: SMALL_BERT,
        tokenizer: { words },
        quantization,
      });
    }
    const listed = await dispatch(services.handlers, 'models:list', {});
    if (!listed.ok) throw new Error(listed.error.message);
    const { cpu, installed } = listed.value as OperationResponse<'models:list'>;
    // The verdict itself is checked against ONNX Runtime on this CPU in cpu-features.test.ts.
    expect(cpu).toMatchObject(int8Verdict(cpuFeatures()));
    const weights = (id: string) => installed.find((m) => m.id === id)?.q8Weights;
    expect([weights('tests/full'), weights('tests/seven'), weights('tests/unsigned')]).toEqual([
      'int8',
      'int8-7bit',
      'uint8',
    ]);
    const warned = async (id: string, dtype: 'q8' | 'fp32') => {
      const result = await column(local(id, { dtype }), DOCS);
      expect(result.status).toBe('ok');
      return result.warnings.some((w) => w.startsWith('q8 on this CPU:'));
    };
    expect(await warned('tests/full', 'q8')).toBe(cpu!.kernel === 'saturates');
    expect(await warned('tests/full', 'fp32')).toBe(false);
    expect(await warned('tests/seven', 'q8')).toBe(false);
    expect(await warned('tests/unsigned', 'q8')).toBe(false);
  });

  it('feed the instruction to an instruction-aware model, and say when a model ignores it', async () => {
    const instruction = 'prefer recent studies';
    const plain = await column(local('tests/qwen3'), DOCS);
    const instructed = await column(local('tests/qwen3'), DOCS, undefined, instruction);
    expect(instructed).toMatchObject({ status: 'ok', scoreKind: 'logit', warnings: [] });
    expect(instructed.results.map((r) => r.rawScore)).not.toEqual(
      plain.results.map((r) => r.rawScore),
    );
    const ignored = await column(local('tests/tiny'), DOCS, undefined, instruction);
    expect(ignored.warnings).toEqual(['tests/tiny does not take an instruction; it was not used']);
  });

  it('estimate a run before it starts by scoring a few documents for real', async () => {
    const documents = Array.from(
      { length: 120 },
      (_, i) => `heart health studies ${'exercise '.repeat(i % 20)}`,
    );
    const estimate = await dispatch(services.handlers, 'models:estimate', {
      config: local('tests/qwen3'),
      query: 'heart health',
      documents,
    });
    if (!estimate.ok) throw new Error(JSON.stringify(estimate.error));
    expect(estimate).toMatchObject({ ok: true, value: { probedDocuments: 6 } });
    const value = (estimate as { value: { seconds: number; tokensPerSecond: number } }).value;
    expect(value.seconds).toBeGreaterThan(0);
    expect(value.tokensPerSecond).toBeGreaterThan(0);
    expect(
      await dispatch(services.handlers, 'models:estimate', {
        config: local('tests/absent'),
        query: 'q',
        documents,
      }),
    ).toMatchObject({
      ok: false,
      error: {
        message:
          'model "tests/absent" is not installed: download it or import its folder in Models',
      },
    });
  });

  it('read a model replaced under the same id, not the session of the old one', async () => {
    const before = await column(local('tests/replaced'), DOCS).catch(() => undefined);
    expect(before?.status).toBe('error'); // not there yet
    writeTinyCrossEncoder(path.join(models, 'tests', 'replaced'), { seed: 1 });
    const first = await column(local('tests/replaced'), DOCS);
    expect(
      await dispatch(services.handlers, 'models:delete', { id: 'tests/replaced' }),
    ).toMatchObject({
      value: { deleted: true },
    });
    writeTinyCrossEncoder(path.join(models, 'tests', 'replaced'), { seed: 2, hiddenSize: 24 });
    const second = await column(local('tests/replaced'), DOCS);
    expect(second.status).toBe('ok');
    const raw = (c: typeof first) =>
      [...c.results].sort((a, b) => a.index - b.index).map((r) => r.rawScore);
    expect(raw(second)).not.toEqual(raw(first));
  });

  it('keep the host event loop free while the worker scores', async () => {
    const many = Array.from(
      { length: 3000 },
      (_, i) => `document ${i} about heart health and regular exercise ${'study '.repeat(i % 50)}`,
    );
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const result = await column(local('tests/tiny', { batchSize: 16 }), many);
    delay.disable();
    expect(result.status).toBe('ok');
    // Bounded generously for a shared CI machine: a blocked loop would be hundreds of ms.
    expect(delay.max / 1e6).toBeLessThan(250);
  });
});
