/**
 * The int8 variant of the BERT graph (`onnx/model_quantized.onnx`), laid out as ONNX Runtime's
 * dynamic quantization (`quantize_dynamic`, QOperator format) writes it: every MatMul with a
 * constant weight gets int8 (symmetric) or uint8 (asymmetric) weights with scale and
 * zero-point initializers — one per output column with `per_channel=True`, which
 * transformers.js's converter sets for these models (ORT's `MatMulInteger` quantizer asks for
 * the weight per channel on `axis=-1`, the weight's last, N, dimension: scale and zero point
 * `[N]`), or one per tensor; its activation is quantized at run time by
 * `DynamicQuantizeLinear`, multiplied by `MatMulInteger`, then `Cast` and `Mul` by the two
 * scales' product. Embedding tables are stored quantized and dequantized after the `Gather`.
 * Attention's activation-by-activation MatMuls stay in float, as they do there.
 *
 * `matmul: 'DynamicQuantizeMatMul'` writes the com.microsoft contrib op (one node per linear
 * layer, bias included) instead of the four-node pattern.
 */
import {
  bertOnnx,
  type BertWeights,
  type EmbeddingEmitter,
  type LinearEmitter,
} from './bert-graph';
import { FLOAT } from './onnx-graph';

export type WeightType = 'int8' | 'uint8';
export type QuantizedMatMul = 'MatMulInteger' | 'DynamicQuantizeMatMul';

export interface QuantizeOptions {
  /** int8 (symmetric, zero point 0) is quantize_dynamic's default. */
  weightType?: WeightType;
  matmul?: QuantizedMatMul;
  /**
   * 7-bit weights (int8 in [-64, 64], uint8 in [0, 127]), as `quantize_dynamic(reduce_range=True)`
   * writes them: ORT's documented cure for the u8s8 saturation of AVX2/AVX-512 kernels without
   * VNNI (two products of 255 × 64 stay under 32,767).
   */
  reduceRange?: boolean;
  /**
   * One scale and zero point per output column (default), as `quantize_dynamic(per_channel=True)`
   * writes MatMul weights; false: one per tensor. Embedding tables stay per tensor either way
   * (ORT quantizes a Gather's table as an activation, per tensor).
   */
  perChannel?: boolean;
}

export interface Quantized {
  values: Int8Array | Uint8Array;
  scale: number;
  zeroPoint: number;
}

/**
 * Per-tensor quantization as ONNX Runtime computes it (int8 in [-127, 127], uint8 in [0, 255];
 * with `reduceRange`, [-64, 64] and [0, 127]).
 */
export function quantize(data: Float32Array, type: WeightType, reduceRange = false): Quantized {
  let min = 0;
  let max = 0;
  for (const value of data) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (type === 'int8') {
    const limit = reduceRange ? 64 : 127;
    const scale = Math.max(-min, max) / limit || 1;
    const values = new Int8Array(data.length);
    for (let i = 0; i < data.length; i++) {
      values[i] = Math.max(-limit, Math.min(limit, Math.round(data[i]! / scale)));
    }
    return { values, scale, zeroPoint: 0 };
  }
  const top = reduceRange ? 127 : 255;
  const scale = (max - min) / top || 1;
  const zeroPoint = Math.max(0, Math.min(top, Math.round(-min / scale)));
  const values = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    values[i] = Math.max(0, Math.min(top, Math.round(data[i]! / scale) + zeroPoint));
  }
  return { values, scale, zeroPoint };
}

const zeroPointOf = (q: Quantized) =>
  q.values instanceof Int8Array ? Int8Array.of(q.zeroPoint) : Uint8Array.of(q.zeroPoint);

export interface QuantizedColumns {
  /** Row-major `[rows, cols]`, as the float weight was. */
  values: Int8Array | Uint8Array;
  scales: Float32Array;
  zeroPoints: Int8Array | Uint8Array;
}

/** Each column of a row-major `[rows, cols]` weight quantized on its own (per channel). */
export function quantizeColumns(
  weight: { rows: number; cols: number; data: Float32Array },
  type: WeightType,
  reduceRange = false,
): QuantizedColumns {
  const { rows, cols, data } = weight;
  const values = type === 'int8' ? new Int8Array(rows * cols) : new Uint8Array(rows * cols);
  const zeroPoints = type === 'int8' ? new Int8Array(cols) : new Uint8Array(cols);
  const scales = new Float32Array(cols);
  const column = new Float32Array(rows);
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) column[r] = data[r * cols + c]!;
    const q = quantize(column, type, reduceRange);
    for (let r = 0; r < rows; r++) values[r * cols + c] = q.values[r]!;
    scales[c] = q.scale;
    zeroPoints[c] = q.zeroPoint;
  }
  return { values, scales, zeroPoints };
}

function quantizedLinear(
  type: WeightType,
  matmul: QuantizedMatMul,
  reduceRange: boolean,
  perChannel: boolean,
): LinearEmitter {
  // One DynamicQuantizeLinear per activation, shared by the MatMuls that read it (query, key
  // and value), as quantize_dynamic writes it.
  const quantizedInputs = new Map<string, string[]>();
  return (g, input, linear, name) => {
    const { rows, cols, data } = linear.weight;
    let weight: string;
    let scale: string;
    let zeroPoint: string;
    if (perChannel) {
      const q = quantizeColumns(linear.weight, type, reduceRange);
      weight = g.bytes(`${name}.weight_quantized`, [rows, cols], q.values);
      scale = g.floats(`${name}.weight_scale`, [cols], q.scales);
      zeroPoint = g.bytes(`${name}.weight_zero_point`, [cols], q.zeroPoints);
    } else {
      const q = quantize(data, type, reduceRange);
      weight = g.bytes(`${name}.weight_quantized`, [rows, cols], q.values);
      scale = g.scalar(`${name}.weight_scale`, q.scale);
      zeroPoint = g.bytes(`${name}.weight_zero_point`, [], zeroPointOf(q));
    }
    const bias = g.floats(`${name}.bias`, [cols], linear.bias);
    if (matmul === 'DynamicQuantizeMatMul') {
      return g.node(
        'DynamicQuantizeMatMul',
        [input, weight, scale, zeroPoint, bias],
        {},
        'com.microsoft',
      );
    }
    let quantizedInput = quantizedInputs.get(input);
    if (!quantizedInput) {
      quantizedInput = g.nodeN('DynamicQuantizeLinear', [input], 3);
      quantizedInputs.set(input, quantizedInput);
    }
    const [activation, activationScale, activationZeroPoint] = quantizedInput;
    const product = g.node('MatMulInteger', [activation!, weight, activationZeroPoint!, zeroPoint]);
    const scaled = g.node('Mul', [
      g.node('Cast', [product], { to: FLOAT }),
      g.node('Mul', [activationScale!, scale]),
    ]);
    return g.node('Add', [scaled, bias]);
  };
}

function quantizedEmbedding(type: WeightType): EmbeddingEmitter {
  return (g, table, indices, name) => {
    const q = quantize(table.data, type);
    const rows = g.node('Gather', [
      g.bytes(`${name}_quantized`, [table.rows, table.cols], q.values),
      indices,
    ]);
    return g.node('DequantizeLinear', [
      rows,
      g.scalar(`${name}_scale`, q.scale),
      g.bytes(`${name}_zero_point`, [], zeroPointOf(q)),
    ]);
  };
}

/** The serialised int8 model for these weights. */
export function bertQuantizedOnnx(weights: BertWeights, options: QuantizeOptions = {}): Uint8Array {
  const type = options.weightType ?? 'int8';
  const matmul = options.matmul ?? 'MatMulInteger';
  return bertOnnx(weights, {
    linear: quantizedLinear(type, matmul, options.reduceRange ?? false, options.perChannel ?? true),
    embedding: quantizedEmbedding(type),
    microsoftOpset: matmul === 'DynamicQuantizeMatMul',
  });
}
