/**
 * The int8 BERT graph against the fp32 one on random inputs, in each layout written, and the
 * per-tensor quantization itself.
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { bertOnnx, bertWeights, mulberry32, type BertShape } from './bert-graph';
import { bertQuantizedOnnx, quantize } from './bert-quantize';
import { correlation } from '../../bench/stats';

const SHAPE: BertShape = {
  layers: 2,
  hidden: 64,
  heads: 4,
  intermediate: 128,
  vocabSize: 300,
  maxPositions: 64,
  typeVocabSize: 2,
};
const weights = bertWeights(SHAPE, 21);

/** 48 random sequences of 4–64 tokens, right-padded into one batch. */
function randomBatch(seed: number): Record<string, ort.Tensor> {
  const random = mulberry32(seed);
  const rows = 48;
  const length = SHAPE.maxPositions;
  const ids = new BigInt64Array(rows * length);
  const mask = new BigInt64Array(rows * length);
  const types = new BigInt64Array(rows * length);
  for (let r = 0; r < rows; r++) {
    const used = 4 + Math.floor(random() * (length - 4));
    for (let t = 0; t < used; t++) {
      ids[r * length + t] = BigInt(t === 0 ? 2 : 5 + Math.floor(random() * (SHAPE.vocabSize - 5)));
      mask[r * length + t] = 1n;
      types[r * length + t] = t > used / 3 ? 1n : 0n;
    }
  }
  const tensor = (data: BigInt64Array) => new ort.Tensor('int64', data, [rows, length]);
  return { input_ids: tensor(ids), attention_mask: tensor(mask), token_type_ids: tensor(types) };
}

async function logits(model: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<number[]> {
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
  const output = await session.run(feeds);
  await session.release();
  return Array.from(output.logits!.data as Float32Array);
}

describe('bertQuantizedOnnx', () => {
  const feeds = randomBatch(4);
  const layouts = [
    { weightType: 'int8', matmul: 'MatMulInteger' },
    { weightType: 'uint8', matmul: 'MatMulInteger' },
    { weightType: 'int8', matmul: 'DynamicQuantizeMatMul' },
    { weightType: 'uint8', matmul: 'DynamicQuantizeMatMul' },
  ] as const;

  it.each(layouts)('ranks as fp32 does ($weightType, $matmul)', async (options) => {
    const reference = await logits(bertOnnx(weights), feeds);
    const quantized = await logits(bertQuantizedOnnx(weights, options), feeds);
    const spread = Math.max(...reference) - Math.min(...reference);
    expect(spread).toBeGreaterThan(0.1);
    expect(correlation(quantized, reference)).toBeGreaterThan(0.99);
    const worst = Math.max(...quantized.map((q, i) => Math.abs(q - reference[i]!)));
    expect(worst).toBeLessThan(0.1 * spread);
  });

  it('writes a quarter of the bytes', () => {
    expect(bertQuantizedOnnx(weights).length).toBeLessThan(bertOnnx(weights).length * 0.35);
  });
});

describe('quantize', () => {
  const data = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * (i % 7) - 0.5);

  it.each(['int8', 'uint8'] as const)('%s: every value back within half a step', (type) => {
    const q = quantize(data, type);
    if (type === 'int8') expect(q.zeroPoint).toBe(0);
    data.forEach((value, i) => {
      expect(Math.abs((q.values[i]! - q.zeroPoint) * q.scale - value)).toBeLessThanOrEqual(
        q.scale / 2 + 1e-6,
      );
    });
  });

  it('keeps zero exact', () => {
    for (const type of ['int8', 'uint8'] as const) {
      const q = quantize(Float32Array.of(-1, 0, 3), type);
      expect(q.values[1]! - q.zeroPoint).toBe(0);
    }
  });
});
