/** Qwen3-Reranker scoring on a tiny model of its shape, against onnxruntime-node run directly. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_QWEN3, writeTinyQwen3Reranker } from '../../testkit/models/tiny-qwen3';
import type { LoadedCrossEncoder } from './cross-encoder';
import type { PairTokenizer } from './pairs';
import {
  loadQwen3Reranker,
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
async function direct(instruction: string, document: string): Promise<number> {
  const tokenizer = reranker.tokenizer as unknown as PairTokenizer;
  const ids = tokenizer.encode(
    QWEN3_PREFIX + qwen3Middle(instruction, QUERY, document) + QWEN3_SUFFIX,
    {
      add_special_tokens: false,
    },
  );
  const dims = [1, ids.length];
  // Everything the export takes: positions 0…n−1 and an empty cache for every layer.
  const { logits } = await session.run({
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
