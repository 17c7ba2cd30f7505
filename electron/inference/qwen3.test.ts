/** Qwen3-Reranker scoring on a tiny model of its shape, against onnxruntime-node run directly. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_QWEN3, writeTinyQwen3Reranker } from '../../testkit/models/tiny-qwen3';
import type { LoadedCrossEncoder } from './cross-encoder';
import type { PairTokenizer } from './pairs';
import { q8WeightsOf } from '../models/store';
import {
  decoderBatches,
  decoderOutputs,
  loadQwen3Reranker,
  QWEN3_OUTPUT_BUDGET,
  QWEN3_DEFAULT_INSTRUCTION,
  QWEN3_PREFIX,
  QWEN3_SUFFIX,
  qwen3Middle,
  scoreQwen3,
} from './qwen3';

const root = mkdtempSync(path.join(tmpdir(), 'rerank-studio-qwen3-'));
const QUERY = 'heart health exercise';
const DOCS = [
  'regular exercise improves heart health',
  'cooking pasta at home',
  'stock market news of the city',
  'good sleep',
];
let reranker: LoadedCrossEncoder;
let session: ort.InferenceSession;

beforeAll(async () => {
  const dir = writeTinyQwen3Reranker(path.join(root, 'tests', 'qwen3'));
  reranker = await loadQwen3Reranker({ root, id: 'tests/qwen3', dtype: 'fp32', threads: 1 });
  session = await ort.InferenceSession.create(path.join(dir, 'onnx', 'model.onnx'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An empty cache for one row: what transformers.js builds from the graph's input shapes. */
function emptyCache(): Record<string, ort.Tensor> {
  const empty = () =>
    new ort.Tensor('float32', new Float32Array(0), [1, TINY_QWEN3.kvHeads, 0, TINY_QWEN3.headDim]);
  const cache: Record<string, ort.Tensor> = {};
  for (let i = 0; i < TINY_QWEN3.layers; i++) {
    cache[`past_key_values.${i}.key`] = empty();
    cache[`past_key_values.${i}.value`] = empty();
  }
  return cache;
}

/** The reference: the whole templated prompt, one document at a time, no padding. */
async function direct(
  instruction: string,
  document: string,
  on: ort.InferenceSession = session,
): Promise<number> {
  const tokenizer = reranker.tokenizer as unknown as PairTokenizer;
  const ids = tokenizer.encode(
    QWEN3_PREFIX + qwen3Middle(instruction, QUERY, document) + QWEN3_SUFFIX,
    {
      add_special_tokens: false,
    },
  );
  const dims = [1, ids.length];
  // Everything the export takes: positions 0…n−1 and an empty cache for every layer.
  const { logits } = await on.run({
    input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), dims),
    attention_mask: new ort.Tensor('int64', new BigInt64Array(ids.length).fill(1n), dims),
    position_ids: new ort.Tensor(
      'int64',
      BigInt64Array.from(ids, (_, i) => BigInt(i)),
      dims,
    ),
    ...emptyCache(),
  });
  const data = logits!.data as Float32Array;
  const vocabulary = logits!.dims[2]!;
  const last = (ids.length - 1) * vocabulary;
  const [yes] = tokenizer.encode('yes', { add_special_tokens: false });
  const [no] = tokenizer.encode('no', { add_special_tokens: false });
  return data[last + yes!]! - data[last + no!]!;
}

describe('the tiny model', () => {
  it("has the export's signature: decoder with past, positions, fused attention", () => {
    const cache = (prefix: string) =>
      Array.from({ length: TINY_QWEN3.layers }, (_, i) => [
        `${prefix}.${i}.key`,
        `${prefix}.${i}.value`,
      ]).flat();
    expect(session.inputNames).toEqual([
      'input_ids',
      'attention_mask',
      'position_ids',
      ...cache('past_key_values'),
    ]);
    expect(session.outputNames).toEqual(['logits', ...cache('present')]);
    const past = session.inputMetadata.find((m) => m.name === 'past_key_values.0.key');
    expect(past).toMatchObject({
      type: 'float32',
      shape: ['batch_size', TINY_QWEN3.kvHeads, 'past_sequence_length', TINY_QWEN3.headDim],
    });
  });

  it('reads a left-padded row wrongly, as GroupQueryAttention does in the real file', async () => {
    const tokenizer = reranker.tokenizer as unknown as PairTokenizer;
    const ids = tokenizer.encode(
      QWEN3_PREFIX + qwen3Middle('prefer recent studies', QUERY, 'good sleep') + QWEN3_SUFFIX,
      {
        add_special_tokens: false,
      },
    );
    const run = async (padLeft: boolean) => {
      const width = ids.length + 3;
      const pad = (values: number[], fill: number) =>
        padLeft
          ? [...Array<number>(3).fill(fill), ...values]
          : [...values, ...Array<number>(3).fill(fill)];
      const tensor = (values: number[]) =>
        new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, width]);
      const { logits } = await session.run({
        input_ids: tensor(pad(ids, 0)),
        attention_mask: tensor(
          pad(
            ids.map(() => 1),
            0,
          ),
        ),
        position_ids: tensor(
          pad(
            ids.map((_, i) => i),
            1,
          ),
        ),
        ...emptyCache(),
      });
      const vocabulary = logits!.dims[2]!;
      const last = (padLeft ? width - 1 : ids.length - 1) * vocabulary;
      return Array.from((logits!.data as Float32Array).subarray(last, last + vocabulary));
    };
    const unpadded = await direct('prefer recent studies', 'good sleep');
    const right = await run(false);
    const left = await run(true);
    const [yes] = tokenizer.encode('yes', { add_special_tokens: false });
    const [no] = tokenizer.encode('no', { add_special_tokens: false });
    expect(right[yes!]! - right[no!]!).toBeCloseTo(unpadded, 4);
    expect(Math.abs(left[yes!]! - left[no!]! - unpadded)).toBeGreaterThan(1e-3);
  });
});

describe('scoreQwen3', () => {
  it('builds the prompt exactly as ../shared/PROVIDERS.md gives the Qwen3 template', () => {
    // Written out by hand from the document, not from the constants under test.
    const expected =
      '<|im_start|>system\nJudge whether the Document meets the requirements based on the Query ' +
      'and the Instruct provided. Note that the answer can only be "yes" or "no".<|im_end|>\n' +
      '<|im_start|>user\n<Instruct>: Given a web search query, retrieve relevant passages that ' +
      'answer the query\n<Query>: what is a zebra\n<Document>: A zebra is an equid.' +
      '<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n';
    const built =
      QWEN3_PREFIX +
      qwen3Middle(QWEN3_DEFAULT_INSTRUCTION, 'what is a zebra', 'A zebra is an equid.') +
      QWEN3_SUFFIX;
    expect(built).toBe(expected);
  });

  it('scores the templated prompt by yes/no logits, batched and padded on the right', async () => {
    const ours = await scoreQwen3(reranker, QUERY, undefined, DOCS, {
      maxLength: 512,
      batchSize: 3,
    });
    for (const [i, document] of DOCS.entries()) {
      expect(ours.logits[i]).toBeCloseTo(await direct(QWEN3_DEFAULT_INSTRUCTION, document), 4);
    }
    expect(ours.computedTokens).toBeGreaterThan(ours.realTokens); // rows of different lengths
  });

  it('feeds the instruction into the prompt', async () => {
    const instruction = 'prefer recent studies';
    const ours = await scoreQwen3(reranker, QUERY, instruction, DOCS, {
      maxLength: 512,
      batchSize: 8,
    });
    for (const [i, document] of DOCS.entries()) {
      expect(ours.logits[i]).toBeCloseTo(await direct(instruction, document), 4);
    }
    const plain = await scoreQwen3(reranker, QUERY, undefined, DOCS, {
      maxLength: 512,
      batchSize: 8,
    });
    expect(ours.logits).not.toEqual(plain.logits);
  });

  it('cuts the document, never the template, to the maximum length', async () => {
    const tokenizer = reranker.tokenizer as unknown as PairTokenizer;
    const fixed = tokenizer.encode(
      QWEN3_PREFIX + qwen3Middle(QWEN3_DEFAULT_INSTRUCTION, QUERY, '') + QWEN3_SUFFIX,
      {
        add_special_tokens: false,
      },
    ).length;
    const ours = await scoreQwen3(reranker, QUERY, undefined, DOCS, {
      maxLength: fixed + 2,
      batchSize: 8,
    });
    expect(ours.truncated).toEqual([
      { index: 0, tokens: 3 },
      { index: 1, tokens: 2 },
      { index: 2, tokens: 4 },
    ]);
    await expect(
      scoreQwen3(reranker, QUERY, undefined, DOCS, { maxLength: fixed - 5, batchSize: 8 }),
    ).rejects.toThrow(/^the instruction and query take \d+ of the \d+ tokens this model reads/);
  });
});

describe('the logits a batch holds', () => {
  // Qwen3-0.6B (config.json of the family: vocab_size 151,936; 28 layers, 8 KV heads of 128).
  const QWEN3_0_6B = { vocabulary: 151_936, cacheBytesPerToken: 28 * 2 * 8 * 128 * 4 };
  const bytes = (batch: { indices: number[]; length: number; keep: number }) =>
    batch.indices.length *
    (batch.keep * QWEN3_0_6B.vocabulary * 4 + batch.length * QWEN3_0_6B.cacheBytesPerToken);

  it('cuts batches to the budget from the real shapes, asking only for the positions read', () => {
    const lengths = [512, 500, 512, 480, 512, 512, 300, 512];
    for (const keepsLogits of [false, true]) {
      const batches = decoderBatches(lengths, 8, { ...QWEN3_0_6B, keepsLogits });
      expect(batches.flatMap((b) => b.indices).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      for (const batch of batches) {
        const members = batch.indices.map((i) => lengths[i]!);
        expect(batch.length).toBe(Math.max(...members));
        // Every row's last real position is among those kept: width − shortest + 1.
        expect(batch.keep).toBe(
          keepsLogits ? batch.length - Math.min(...members) + 1 : batch.length,
        );
        if (batch.indices.length > 1) expect(bytes(batch)).toBeLessThanOrEqual(QWEN3_OUTPUT_BUDGET);
      }
      // One row of 512 with every position's logits is 428 MB (311 MB of it logits): alone.
      // Keeping the last positions only, the cache dominates and rows share a batch again:
      // [300] [480, 500] [512, 512] [512, 512] [512] (the 300 with the 480 would keep 181).
      expect(batches.map((b) => b.indices.length)).toEqual(
        keepsLogits ? [1, 2, 2, 2, 1] : [1, 1, 1, 1, 1, 1, 1, 1],
      );
    }
    // The unbounded batch this replaces: 8 × 512 positions, 3.4 GB of outputs at once.
    expect(bytes({ indices: lengths.map((_, i) => i), length: 512, keep: 512 })).toBeGreaterThan(
      3.4e9,
    );
  });

  it("reads the vocabulary and the cache's size off the graph", () => {
    const tiny = decoderOutputs(
      (reranker.model as unknown as { sessions: { model: ort.InferenceSession } }).sessions.model,
    );
    // The tiny model's logits are as wide as its vocabulary (config.json's vocab_size).
    const size = (reranker.model as unknown as { config: { vocab_size: number } }).config
      .vocab_size;
    expect(size).toBeGreaterThan(50);
    expect(tiny).toEqual({
      vocabulary: size,
      cacheBytesPerToken: TINY_QWEN3.layers * 2 * TINY_QWEN3.kvHeads * TINY_QWEN3.headDim * 4,
      keepsLogits: false,
    });
  });

  it('scores the same with num_logits_to_keep, and with a budget of one row a batch', async () => {
    // Same seed, same weights: only the positions the logits cover differ.
    writeTinyQwen3Reranker(path.join(root, 'tests', 'qwen3-keep'), { logitsToKeep: true });
    const keeping = await loadQwen3Reranker({
      root,
      id: 'tests/qwen3-keep',
      dtype: 'fp32',
      threads: 1,
    });
    const graph = (keeping.model as unknown as { sessions: { model: ort.InferenceSession } })
      .sessions.model;
    expect(graph.inputNames).toContain('num_logits_to_keep');
    expect(decoderOutputs(graph).keepsLogits).toBe(true);
    // Watch what reaches ONNX Runtime: the positions asked for, and the logits' width.
    const seen: { keep: bigint; width: number; steps: number }[] = [];
    const run = graph.run.bind(graph);
    graph.run = async (feeds: Record<string, ort.Tensor>) => {
      const result = await run(feeds);
      seen.push({
        keep: (feeds.num_logits_to_keep!.data as BigInt64Array)[0]!,
        width: feeds.input_ids!.dims[1]!,
        steps: result.logits!.dims[1]!,
      });
      return result;
    };
    const expected = await Promise.all(
      DOCS.map((document) => direct(QWEN3_DEFAULT_INSTRUCTION, document)),
    );
    const batched = await scoreQwen3(keeping, QUERY, undefined, DOCS, {
      maxLength: 512,
      batchSize: 4,
    });
    expect(batched.computedTokens).toBeGreaterThan(batched.realTokens); // rows of different lengths
    // One batch of 4 rows of different lengths: logits for its tail only, not every position.
    expect(seen).toHaveLength(1);
    expect(Number(seen[0]!.keep)).toBe(seen[0]!.steps);
    expect(seen[0]!.steps).toBeGreaterThan(1);
    expect(seen[0]!.steps).toBeLessThan(seen[0]!.width);
    const onePerBatch: number[] = [];
    const single = await scoreQwen3(keeping, QUERY, undefined, DOCS, {
      maxLength: 512,
      batchSize: 4,
      outputBudget: 1,
      onBatch: ({ done }) => onePerBatch.push(done),
    });
    expect(onePerBatch).toHaveLength(DOCS.length + 1);
    for (const [i, logit] of expected.entries()) {
      expect(batched.logits[i]).toBeCloseTo(logit, 4);
      expect(single.logits[i]).toBeCloseTo(logit, 4);
    }
  });
});

describe('the q8 file', () => {
  it('has uint8 MatMulInteger weights and scores as ONNX Runtime runs it', async () => {
    const dir = writeTinyQwen3Reranker(path.join(root, 'tests', 'qwen3-q8'), {
      quantized: { reduceRange: true },
    });
    const file = path.join(dir, 'onnx', 'model_quantized.onnx');
    expect(await q8WeightsOf(file)).toBe('uint8');
    const quantized = await ort.InferenceSession.create(file);
    expect(quantized.inputNames).toEqual(session.inputNames);
    const q8 = await loadQwen3Reranker({ root, id: 'tests/qwen3-q8', dtype: 'q8', threads: 1 });
    // One row a batch: a batch's other rows would move the shared activation scale.
    const ours = await scoreQwen3(q8, QUERY, undefined, DOCS, { maxLength: 512, batchSize: 1 });
    for (const [i, document] of DOCS.entries()) {
      expect(ours.logits[i]).toBeCloseTo(
        await direct(QWEN3_DEFAULT_INSTRUCTION, document, quantized),
        4,
      );
    }
  });
});
