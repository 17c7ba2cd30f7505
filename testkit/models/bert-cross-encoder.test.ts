/**
 * The random-weight BERT folder as the app loads it: transformers.js reads the files, our
 * scoring path feeds the graph, and the logits are the reference implementation's for the same
 * token ids and token types.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCrossEncoder, scorePairs } from '../../electron/inference/cross-encoder';
import { encodePair, pairTemplate, type PairTokenizer } from '../../electron/inference/pairs';
import { bertWeights, SMALL_BERT } from './bert-graph';
import { cachedBertCrossEncoder, writeBertCrossEncoder } from './bert-cross-encoder';
import { referenceLogit } from './bert-reference';
import { probeInt8Kernel } from './int8-probe';

const WORDS = (
  'the a of and for to in is heart health exercise blood pressure training sleep diet muscle ' +
  'running swimming recovery study cooking pasta home city stock market news regular good'
).split(' ');
const SHAPE = SMALL_BERT;
const QUERY = 'exercise for heart health';
const DOCS = [
  'regular exercise improves heart health',
  'cooking pasta at home',
  'the heart of the city and the stock market news for the home of good health and sleep',
  'swimming',
];

const root = mkdtempSync(path.join(tmpdir(), 'rerank-studio-bert-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeBertCrossEncoder', () => {
  writeBertCrossEncoder(path.join(root, 'tests', 'bert'), {
    shape: SHAPE,
    seed: 5,
    tokenizer: { words: WORDS },
  });

  it('scores through our path exactly as the reference BERT does', async () => {
    const encoder = await loadCrossEncoder({ root, id: 'tests/bert', dtype: 'fp32', threads: 1 });
    const output = await scorePairs(encoder, QUERY, DOCS, { maxLength: 64, batchSize: 3 });

    const tokenizer = encoder.tokenizer as unknown as PairTokenizer;
    const template = pairTemplate(tokenizer, QUERY);
    expect(template.documentType).toBe(1);
    const query = tokenizer.encode(QUERY, { add_special_tokens: false });
    const weights = bertWeights(SHAPE, 5);
    DOCS.forEach((document, i) => {
      const ids = tokenizer.encode(document, { add_special_tokens: false });
      const pair = encodePair(template, query, ids, 64);
      expect(output.logits[i]).toBeCloseTo(referenceLogit(weights, pair.ids, pair.typeIds), 4);
    });
  });

  it('loads the int8 file as dtype q8: its scores are that file’s', async () => {
    const options = { maxLength: 64, batchSize: 4 };
    const fp32 = await loadCrossEncoder({ root, id: 'tests/bert', dtype: 'fp32', threads: 1 });
    const q8 = await loadCrossEncoder({ root, id: 'tests/bert', dtype: 'q8', threads: 1 });
    const a = (await scorePairs(fp32, QUERY, DOCS, options)).logits;
    const b = (await scorePairs(q8, QUERY, DOCS, options)).logits;

    // Dynamic quantization takes one activation range per tensor, so a pair's int8 score depends
    // on the batch it shares: one pair per batch compares like with like.
    const single = (await scorePairs(q8, QUERY, DOCS, { maxLength: 64, batchSize: 1 })).logits;
    // The same pairs through a bare ONNX Runtime session on onnx/model_quantized.onnx: our path
    // fed that file (float noise between batchings only).
    const tokenizer = q8.tokenizer as unknown as PairTokenizer;
    const template = pairTemplate(tokenizer, QUERY);
    const query = tokenizer.encode(QUERY, { add_special_tokens: false });
    const file = path.join(root, 'tests', 'bert', 'onnx', 'model_quantized.onnx');
    const session = await ort.InferenceSession.create(file, { intraOpNumThreads: 1 });
    for (const [i, document] of DOCS.entries()) {
      const pair = encodePair(
        template,
        query,
        tokenizer.encode(document, { add_special_tokens: false }),
        64,
      );
      const tensor = (values: readonly number[]) =>
        new ort.Tensor('int64', BigInt64Array.from(values, BigInt), [1, values.length]);
      const output = await session.run({
        input_ids: tensor(pair.ids),
        attention_mask: tensor(pair.ids.map(() => 1)),
        token_type_ids: tensor(pair.typeIds),
      });
      expect(single[i]).toBeCloseTo((output.logits!.data as Float32Array)[0]!, 4);
    }
    await session.release();

    // Close to fp32 where ORT's int8 kernel adds in 32 bits; on AVX2/AVX-512 without VNNI it
    // saturates by design (see ./int8-probe.ts), which the app tells the user.
    const probe = await probeInt8Kernel();
    if (probe.matMulInteger === probe.exact.matMulInteger) {
      b.forEach((logit, i) => expect(Math.abs(logit - a[i]!)).toBeLessThan(0.05));
    }
    expect(b).not.toEqual(a);
  });

  it('refuses a vocabulary larger than the shape', () => {
    expect(() =>
      writeBertCrossEncoder(path.join(root, 'tests', 'small'), {
        shape: { ...SHAPE, vocabSize: 10 },
        tokenizer: { words: WORDS },
      }),
    ).toThrow(/vocabSize/);
  });
});

describe('cachedBertCrossEncoder', () => {
  it('writes a folder once and reuses it', () => {
    const options = { shape: SHAPE, seed: 99, tokenizer: { words: WORDS } };
    const first = cachedBertCrossEncoder(options);
    const model = path.join(first.root, first.id, 'onnx', 'model.onnx');
    const written = statSync(model).mtimeMs;
    expect(cachedBertCrossEncoder(options)).toEqual(first);
    expect(statSync(model).mtimeMs).toBe(written);
    expect(existsSync(path.join(first.root, first.id, 'onnx', 'model_quantized.onnx'))).toBe(true);
    const other = cachedBertCrossEncoder({ ...options, seed: 100 });
    expect(other.id).not.toBe(first.id);
    for (const folder of [first, other]) {
      rmSync(path.join(folder.root, folder.id), { recursive: true, force: true });
    }
  });
});
