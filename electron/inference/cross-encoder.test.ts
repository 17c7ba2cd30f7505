/**
 * Cross-encoder scoring on a model written by the tests themselves, against onnxruntime-node
 * run directly on the same tensors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyCrossEncoder } from '../../testkit/models/tiny-cross-encoder';
import { padRows } from './batching';
import { loadCrossEncoder, scorePairs, type LoadedCrossEncoder } from './cross-encoder';
import { encodePair, pairTemplate, type PairTokenizer } from './pairs';

const root = mkdtempSync(path.join(tmpdir(), 'rerank-studio-models-'));
const QUERY = 'heart health exercise';
const DOCS = [
  'regular exercise improves heart health',
  'cooking pasta at home',
  'the heart of the city',
  'exercise for a healthy heart and good health and regular sleep and a good diet for the heart',
  'stock market news',
  'swimming',
];
let encoder: LoadedCrossEncoder;

beforeAll(async () => {
  writeTinyCrossEncoder(path.join(root, 'tests', 'tiny'));
  encoder = await loadCrossEncoder({ root, id: 'tests/tiny', dtype: 'fp32', threads: 1 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('pairs', () => {
  it("follows the tokenizer's own pair template and truncates only the document", () => {
    const tokenizer = encoder.tokenizer as unknown as PairTokenizer;
    const template = pairTemplate(tokenizer, QUERY);
    const query = tokenizer.encode(QUERY, { add_special_tokens: false });
    const document = tokenizer.encode(DOCS[3]!, { add_special_tokens: false });
    const whole = encodePair(template, query, document, 512);
    const native = tokenizer._encode_plus(QUERY, {
      text_pair: DOCS[3]!,
      add_special_tokens: true,
      return_token_type_ids: true,
    });
    expect(whole).toEqual({
      ids: native.input_ids,
      typeIds: native.token_type_ids,
      truncatedTokens: 0,
    });

    const cut = encodePair(template, query, document, 12);
    expect(cut.ids).toHaveLength(12);
    expect(cut.ids.slice(0, query.length + 2)).toEqual(native.input_ids.slice(0, query.length + 2));
    expect(cut.ids.at(-1)).toBe(native.input_ids.at(-1)); // the final [SEP] survives
    expect(cut.truncatedTokens).toBe(native.input_ids.length - 12);
  });
});

describe('scorePairs', () => {
  it('equals onnxruntime-node run directly on the same tensors', async () => {
    const ours = await scorePairs(encoder, QUERY, DOCS, { maxLength: 512, batchSize: 4 });

    const tokenizer = encoder.tokenizer as unknown as PairTokenizer;
    const template = pairTemplate(tokenizer, QUERY);
    const query = tokenizer.encode(QUERY, { add_special_tokens: false });
    const pairs = DOCS.map((d) =>
      encodePair(template, query, tokenizer.encode(d, { add_special_tokens: false }), 512),
    );
    const length = Math.max(...pairs.map((p) => p.ids.length));
    const dims = [pairs.length, length];
    const session = await ort.InferenceSession.create(
      path.join(root, 'tests/tiny/onnx/model.onnx'),
    );
    const { logits } = await session.run({
      input_ids: new ort.Tensor(
        'int64',
        padRows(
          pairs.map((p) => p.ids),
          length,
          0,
        ),
        dims,
      ),
      attention_mask: new ort.Tensor(
        'int64',
        padRows(
          pairs.map((p) => p.ids.map(() => 1)),
          length,
          0,
        ),
        dims,
      ),
      token_type_ids: new ort.Tensor(
        'int64',
        padRows(
          pairs.map((p) => p.typeIds),
          length,
          0,
        ),
        dims,
      ),
    });
    const direct = Array.from(logits!.data as Float32Array);
    ours.logits.forEach((logit, i) => expect(logit).toBeCloseTo(direct[i]!, 5));
    expect(new Set(ours.logits.map((l) => l.toFixed(5))).size).toBe(DOCS.length);
  });

  it('puts every score back at its document whatever the batching', async () => {
    const one = await scorePairs(encoder, QUERY, DOCS, { maxLength: 512, batchSize: 1 });
    for (const batchSize of [2, 3, 64]) {
      const batched = await scorePairs(encoder, QUERY, DOCS, { maxLength: 512, batchSize });
      batched.logits.forEach((logit, i) => expect(logit).toBeCloseTo(one.logits[i]!, 5));
    }
    // Sorted by length, one-per-batch padding costs nothing; one big batch pads to the longest.
    expect(one.computedTokens).toBe(one.realTokens);
    const single = await scorePairs(encoder, QUERY, DOCS, { maxLength: 512, batchSize: 64 });
    expect(single.computedTokens).toBeGreaterThan(single.realTokens);
  });

  it('reports each truncated document and the tokens it lost', async () => {
    const out = await scorePairs(encoder, QUERY, DOCS, { maxLength: 10, batchSize: 8 });
    // 3 query tokens + 3 specials leave 4 for each document.
    expect(out.truncated).toEqual([
      { index: 0, tokens: 1 },
      { index: 2, tokens: 1 },
      { index: 3, tokens: expect.any(Number) as unknown },
    ]);
    expect(out.truncated[2]!.tokens).toBeGreaterThan(10);
    await expect(scorePairs(encoder, QUERY, DOCS, { maxLength: 5, batchSize: 8 })).rejects.toThrow(
      /^the query and special tokens take 6 of the 5 tokens this model reads/,
    );
  });
});

describe('loadCrossEncoder', () => {
  it('names the missing file, and the unreadable one', async () => {
    const dir = writeTinyCrossEncoder(path.join(root, 'tests', 'broken'));
    rmSync(path.join(dir, 'tokenizer.json'));
    await expect(
      loadCrossEncoder({ root, id: 'tests/broken', dtype: 'fp32', threads: 1 }),
    ).rejects.toThrow(`tests/broken is missing tokenizer.json (looked in ${dir})`);
    await expect(
      loadCrossEncoder({ root, id: 'tests/tiny', dtype: 'q8', threads: 1 }),
    ).rejects.toThrow(/^tests\/tiny is missing onnx\/model_quantized\.onnx/);
    const corrupt = writeTinyCrossEncoder(path.join(root, 'tests', 'corrupt'));
    writeFileSync(path.join(corrupt, 'onnx', 'model.onnx'), 'not a model');
    await expect(
      loadCrossEncoder({ root, id: 'tests/corrupt', dtype: 'fp32', threads: 1 }),
    ).rejects.toThrow(/^tests\/corrupt: onnx\/model\.onnx could not be loaded \(/);
  });

  it('names the external data file a model lacks, before ONNX Runtime tries it', async () => {
    const dir = writeTinyCrossEncoder(path.join(root, 'tests', 'external'), {
      externalData: 'model.onnx_data',
    });
    const ref = { root, id: 'tests/external', dtype: 'fp32', threads: 1 } as const;
    const loaded = await loadCrossEncoder(ref);
    expect((await scorePairs(loaded, QUERY, DOCS, { maxLength: 64, batchSize: 4 })).logits).toEqual(
      (await scorePairs(encoder, QUERY, DOCS, { maxLength: 64, batchSize: 4 })).logits,
    );
    rmSync(path.join(dir, 'onnx', 'model.onnx_data'));
    await expect(loadCrossEncoder(ref)).rejects.toThrow(
      'tests/external: onnx/model.onnx names external data "model.onnx_data", which is not beside it',
    );
  });
});
