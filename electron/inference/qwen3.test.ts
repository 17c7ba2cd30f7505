/** Qwen3-Reranker scoring on a tiny model of its shape, against onnxruntime-node run directly. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyQwen3Reranker } from '../../testkit/models/tiny-qwen3';
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
  const { logits } = await session.run({
    input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), dims),
    attention_mask: new ort.Tensor('int64', new BigInt64Array(ids.length).fill(1n), dims),
  });
  const data = logits!.data as Float32Array;
  const vocabulary = logits!.dims[2]!;
  const last = (ids.length - 1) * vocabulary;
  const [yes] = tokenizer.encode('yes', { add_special_tokens: false });
  const [no] = tokenizer.encode('no', { add_special_tokens: false });
  return data[last + yes!]! - data[last + no!]!;
}

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

  it('scores the templated prompt by yes/no logits, batched with left padding', async () => {
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
