/**
 * The random-weight BERT folder as the app loads it: transformers.js reads the files, our
 * scoring path feeds the graph, and the logits are the reference implementation's for the same
 * token ids and token types.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCrossEncoder, scorePairs } from '../../inference/cross-encoder';
import { encodePair, pairTemplate, type PairTokenizer } from '../../inference/pairs';
import { bertWeights, type BertShape } from './bert-graph';
import { cachedBertCrossEncoder, writeBertCrossEncoder } from './bert-cross-encoder';
import { referenceLogit } from './bert-reference';

const WORDS = (
  'the a of and for to in is heart health exercise blood pressure training sleep diet muscle ' +
  'running swimming recovery study cooking pasta home city stock market news regular good'
).split(' ');
const SHAPE: BertShape = {
  layers: 2,
  hidden: 16,
  heads: 2,
  intermediate: 32,
  vocabSize: 64,
  maxPositions: 64,
  typeVocabSize: 2,
};
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

  it('loads the int8 file as dtype q8, with scores close to fp32', async () => {
    const options = { maxLength: 64, batchSize: 4 };
    const fp32 = await loadCrossEncoder({ root, id: 'tests/bert', dtype: 'fp32', threads: 1 });
    const q8 = await loadCrossEncoder({ root, id: 'tests/bert', dtype: 'q8', threads: 1 });
    const a = (await scorePairs(fp32, QUERY, DOCS, options)).logits;
    const b = (await scorePairs(q8, QUERY, DOCS, options)).logits;
    b.forEach((logit, i) => expect(Math.abs(logit - a[i]!)).toBeLessThan(0.05));
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
