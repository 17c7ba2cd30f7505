/**
 * The BERT graph against an independent JavaScript implementation of the same model, on a
 * padded batch of sequences of different lengths (so the attention mask is checked too).
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { bertOnnx, bertWeights, mulberry32, type BertShape, type BertWeights } from './bert-graph';
import { erf, referenceLogit } from './bert-reference';

const TINY: BertShape = {
  layers: 1,
  hidden: 8,
  heads: 2,
  intermediate: 16,
  vocabSize: 24,
  maxPositions: 16,
  typeVocabSize: 2,
};

/** Sequences of the given lengths, `[CLS]`-like first id, token types 0 then 1 after the middle. */
function sequences(shape: BertShape, lengths: number[], seed: number) {
  const random = mulberry32(seed);
  return lengths.map((length) => ({
    ids: Array.from({ length }, (_, t) => (t === 0 ? 2 : Math.floor(random() * shape.vocabSize))),
    typeIds: Array.from({ length }, (_, t) => (t < length / 2 ? 0 : 1)),
  }));
}

async function runBatch(model: Uint8Array, rows: { ids: number[]; typeIds: number[] }[]) {
  const length = Math.max(...rows.map((r) => r.ids.length));
  const pad = (values: (r: { ids: number[]; typeIds: number[] }) => number[]) => {
    const data = new BigInt64Array(rows.length * length);
    rows.forEach((r, i) => values(r).forEach((v, t) => (data[i * length + t] = BigInt(v))));
    return new ort.Tensor('int64', data, [rows.length, length]);
  };
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
  const { logits } = await session.run({
    input_ids: pad((r) => r.ids),
    attention_mask: pad((r) => r.ids.map(() => 1)),
    token_type_ids: pad((r) => r.typeIds),
  });
  await session.release();
  expect(logits!.dims).toEqual([rows.length, 1]);
  return Array.from(logits!.data as Float32Array);
}

function expectMatches(
  weights: BertWeights,
  actual: number[],
  rows: { ids: number[]; typeIds: number[] }[],
) {
  const expected = rows.map((r) => referenceLogit(weights, r.ids, r.typeIds));
  // Different logits per row, or the comparison proves little.
  expect(new Set(expected.map((e) => e.toFixed(3))).size).toBe(rows.length);
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 4));
}

describe('bertOnnx', () => {
  it('computes BERT: 1 layer, hidden 8, a padded batch', async () => {
    const weights = bertWeights(TINY, 3);
    const rows = sequences(TINY, [5, 9, 2, 16], 11);
    expectMatches(weights, await runBatch(bertOnnx(weights), rows), rows);
  });

  it('computes BERT: 3 layers, 3 heads', async () => {
    const shape = { ...TINY, layers: 3, hidden: 12, heads: 3, intermediate: 20 };
    const weights = bertWeights(shape, 5);
    const rows = sequences(shape, [7, 3, 12], 13);
    expectMatches(weights, await runBatch(bertOnnx(weights), rows), rows);
  });

  it('gives a row the same logit whatever it is padded to', async () => {
    const weights = bertWeights(TINY, 3);
    const rows = sequences(TINY, [4, 16], 17);
    const [alone] = await runBatch(bertOnnx(weights), [rows[0]!]);
    const [padded] = await runBatch(bertOnnx(weights), rows);
    expect(padded).toBeCloseTo(alone!, 5);
  });

  it('writes the same model for the same seed', () => {
    expect(bertOnnx(bertWeights(TINY, 9))).toEqual(bertOnnx(bertWeights(TINY, 9)));
    expect(bertOnnx(bertWeights(TINY, 9))).not.toEqual(bertOnnx(bertWeights(TINY, 10)));
  });
});

describe('erf (reference)', () => {
  it('matches known values', () => {
    expect(erf(0)).toBe(0);
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 12);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 12);
    expect(erf(-2)).toBeCloseTo(-0.9953222650189527, 12);
    expect(erf(3)).toBeCloseTo(0.9999779095030014, 12);
  });
});
