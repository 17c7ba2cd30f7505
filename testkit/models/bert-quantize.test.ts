/**
 * The int8 BERT graph against the fp32 one on random inputs, in each layout written; the
 * per-channel layout as our q8 weight check reads it; and the quantization itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { bertOnnx, bertWeights, mulberry32, type BertShape } from './bert-graph';
import {
  bertQuantizedOnnx,
  quantize,
  quantizeColumns,
  type QuantizeOptions,
} from './bert-quantize';
import { quantizedWeights } from '../../electron/inference/onnx-external-data';
import { correlation } from '../../bench/stats';
import { probeInt8Kernel } from './int8-probe';

// ORT's own answer on this CPU (electron/platform/cpu-features.test.ts checks that the OS's
// flags predict it): whether full-range int8 weights meet the VPMADDUBSW saturation.
const probe = await probeInt8Kernel();
const saturates = probe.matMulInteger !== probe.exact.matMulInteger;

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
  const ranksAsFp32 = async (options: QuantizeOptions) => {
    const reference = await logits(bertOnnx(weights), feeds);
    const quantized = await logits(bertQuantizedOnnx(weights, options), feeds);
    const spread = Math.max(...reference) - Math.min(...reference);
    expect(spread).toBeGreaterThan(0.1);
    // Per-tensor 8-bit (or 7-bit) weights and activations: each logit moves by a few quantization
    // steps of its inputs, well under a tenth of the spread of 48 different inputs' logits.
    expect(correlation(quantized, reference)).toBeGreaterThan(0.99);
    const worst = Math.max(...quantized.map((q, i) => Math.abs(q - reference[i]!)));
    expect(worst).toBeLessThan(0.1 * spread);
  };

  // Layouts whose products never leave a 16-bit lane: the graph is proven on every CPU.
  const everywhere = [
    { weightType: 'uint8', matmul: 'MatMulInteger' },
    { weightType: 'uint8', matmul: 'DynamicQuantizeMatMul' },
    { weightType: 'int8', matmul: 'MatMulInteger', reduceRange: true },
    { weightType: 'int8', matmul: 'DynamicQuantizeMatMul', reduceRange: true },
    { weightType: 'int8', matmul: 'MatMulInteger', reduceRange: true, perChannel: false },
    { weightType: 'uint8', matmul: 'MatMulInteger', perChannel: false },
  ] as const;
  it.each(everywhere)(
    'ranks as fp32 does ($weightType, $matmul, reduceRange $reduceRange, perChannel $perChannel)',
    ranksAsFp32,
  );

  // Full-range int8 weights (what the catalog's q8 files hold) rank as fp32 only where ORT's
  // u8s8 kernel adds in 32 bits (VNNI, AMX, ARM); elsewhere it saturates by design, and the
  // app says so instead (shared/models/int8-kernel.ts).
  const fullRange = [
    { weightType: 'int8', matmul: 'MatMulInteger' },
    { weightType: 'int8', matmul: 'DynamicQuantizeMatMul' },
  ] as const;
  it.skipIf(saturates).each(fullRange)(
    'ranks as fp32 does where the int8 kernel is exact ($weightType, $matmul)',
    ranksAsFp32,
  );

  it.runIf(saturates).each(fullRange)(
    'on a saturating CPU, 7-bit weights rank closer to fp32 than full-range int8 ($matmul)',
    async (options) => {
      const reference = await logits(bertOnnx(weights), feeds);
      const full = await logits(bertQuantizedOnnx(weights, options), feeds);
      const reduced = await logits(
        bertQuantizedOnnx(weights, { ...options, reduceRange: true }),
        feeds,
      );
      expect(correlation(reduced, reference)).toBeGreaterThan(correlation(full, reference));
    },
  );

  it('writes per-column scales and zero points that our q8 weight check reads past', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-q8-'));
    try {
      const layouts = [
        [{ weightType: 'int8' }, { int8Tensors: 14, uint8Tensors: 0, int8MaxAbs: 127 }],
        [
          { weightType: 'int8', reduceRange: true },
          { int8Tensors: 14, uint8Tensors: 0, int8MaxAbs: 64 },
        ],
        [{ weightType: 'uint8' }, { int8Tensors: 0, uint8Tensors: 14, int8MaxAbs: 0 }],
      ] as const;
      for (const [options, expected] of layouts) {
        const model = bertQuantizedOnnx(weights, options);
        // ORT's MatMulInteger quantizer, per channel: scale and zero point [N] for a [K, N] weight.
        const graph = onnxProto.onnx.ModelProto.decode(model).graph!;
        const dims = (name: string) =>
          graph.initializer!.find((t) => t.name === name)!.dims!.map(Number);
        const matmuls = graph.node!.filter((n) => n.opType === 'MatMulInteger');
        expect(matmuls).toHaveLength(14);
        for (const node of matmuls) {
          const [, weight, , zeroPoint] = node.input!;
          const columns = dims(weight!)[1]!;
          expect(dims(zeroPoint!)).toEqual([columns]);
          expect(dims(weight!.replace('_quantized', '_scale'))).toEqual([columns]);
        }
        // The zero points are int8 MatMulInteger inputs too: only the weights may count.
        const file = path.join(dir, `${Object.values(options).join('-')}.onnx`);
        writeFileSync(file, model);
        expect(await quantizedWeights(file)).toEqual(expected);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes a quarter of the bytes', () => {
    expect(bertQuantizedOnnx(weights).length).toBeLessThan(bertOnnx(weights).length * 0.35);
  });
});

describe('quantize', () => {
  const data = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * (i % 7) - 0.5);

  const cases = [
    ['int8', false],
    ['uint8', false],
    ['int8', true],
    ['uint8', true],
  ] as const;
  it.each(cases)('%s (reduceRange %s): every value back within half a step', (type, reduce) => {
    const q = quantize(data, type, reduce);
    const [low, high] = {
      int8: reduce ? [-64, 64] : [-127, 127],
      uint8: reduce ? [0, 127] : [0, 255],
    }[type];
    q.values.forEach((v) => expect(v >= low! && v <= high!).toBe(true));
    if (type === 'int8') expect(q.zeroPoint).toBe(0);
    data.forEach((value, i) => {
      expect(Math.abs((q.values[i]! - q.zeroPoint) * q.scale - value)).toBeLessThanOrEqual(
        q.scale / 2 + 1e-6,
      );
    });
  });

  it.each(cases)('%s (reduceRange %s) per column: each column on its own scale', (type, reduce) => {
    const rows = 40;
    const cols = 25;
    // Columns of very different ranges: one scale for all would flatten the small ones.
    const weight = Float32Array.from(
      { length: rows * cols },
      (_, i) => Math.sin(i) * 2 ** ((i % cols) / 4 - 3),
    );
    const q = quantizeColumns({ rows, cols, data: weight }, type, reduce);
    const top = { int8: reduce ? 64 : 127, uint8: reduce ? 127 : 255 }[type];
    for (let c = 0; c < cols; c++) {
      const column = Array.from({ length: rows }, (_, r) => q.values[r * cols + c]!);
      // Each column spans its own range: its largest |value| reaches the type's limit.
      const reach =
        type === 'int8'
          ? Math.max(...column.map(Math.abs))
          : Math.max(...column) - Math.min(...column);
      expect(reach).toBeGreaterThanOrEqual(top - 1);
      column.forEach((v, r) => {
        const value = weight[r * cols + c]!;
        expect(Math.abs((v - q.zeroPoints[c]!) * q.scales[c]! - value)).toBeLessThanOrEqual(
          q.scales[c]! / 2 + 1e-6,
        );
      });
    }
  });

  it('keeps zero exact', () => {
    for (const type of ['int8', 'uint8'] as const) {
      const q = quantize(Float32Array.of(-1, 0, 3), type);
      expect(q.values[1]! - q.zeroPoint).toBe(0);
    }
  });
});
