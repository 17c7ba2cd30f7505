/**
 * Dynamic int8 quantization of a built graph, as ONNX Runtime's `quantize_dynamic` (IntegerOps,
 * QOperator format) rewrites an fp32 export and transformers.js's converter calls it: every
 * `MatMul` whose second input is a float initializer becomes
 * `DynamicQuantizeLinear(activation)` (one per activation, shared) → `MatMulInteger` →
 * `Cast` to float → `Mul` by the product of the two scales (onnxruntime
 * `quantization/operators/matmul.py`); activation-by-activation MatMuls stay float. Weights are
 * quantized per output column by default (`per_channel=True`: scale and zero point `[N]`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { quantize, quantizeColumns, type WeightType } from './bert-quantize';
import { FLOAT, type EncodeOptions, type GraphBuilder } from './onnx-graph';

const { onnx } = onnxProto;

export interface DynamicQuantizeOptions {
  weightType?: WeightType;
  reduceRange?: boolean;
  perChannel?: boolean;
}

/**
 * Writes `onnx/model.onnx` under `dir` and, given `quantized`, `onnx/model_quantized.onnx` (the
 * q8 file) from the same graph, as a Hub repository lays them out. `g` is rewritten by the latter.
 */
export function writeOnnxVariants(
  dir: string,
  g: GraphBuilder,
  signature: EncodeOptions,
  quantized?: DynamicQuantizeOptions,
): void {
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  writeFileSync(path.join(dir, 'onnx', 'model.onnx'), g.encode(signature));
  if (!quantized) return;
  quantizeMatMuls(g, quantized);
  writeFileSync(path.join(dir, 'onnx', 'model_quantized.onnx'), g.encode(signature));
}

/** Rewrites `g` in place; the float weights the MatMuls read are dropped. */
export function quantizeMatMuls(g: GraphBuilder, options: DynamicQuantizeOptions = {}): void {
  const type = options.weightType ?? 'int8';
  const reduceRange = options.reduceRange ?? false;
  const perChannel = options.perChannel ?? true;
  const floats = new Map(
    g.initializers
      .filter((t) => t.dataType === FLOAT && t.rawData && t.dims?.length === 2)
      .map((t) => [t.name!, t]),
  );
  const quantizedActivations = new Map<string, string[]>();
  const rewritten: typeof g.nodes = [];
  const dropped = new Set<string>();
  const make = (opType: string, inputs: string[], outputs: string[], attributes = {}) =>
    onnx.NodeProto.create({
      opType,
      name: g.fresh(`node_${opType}`),
      input: inputs,
      output: outputs,
      attribute: Object.entries(attributes).map(([name, to]) => ({
        name,
        type: onnx.AttributeProto.AttributeType.INT,
        i: to as number,
      })),
    });
  for (const node of g.nodes) {
    const weight = node.opType === 'MatMul' ? floats.get(node.input![1]!) : undefined;
    if (!weight) {
      rewritten.push(node);
      continue;
    }
    const [rows, cols] = weight.dims!.map(Number) as [number, number];
    const raw = weight.rawData!;
    const data = new Float32Array(
      raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength),
    );
    let values: Int8Array | Uint8Array;
    let scale: string;
    let zeroPoint: string;
    if (perChannel) {
      const q = quantizeColumns({ rows, cols, data }, type, reduceRange);
      values = q.values;
      scale = g.floats(`${weight.name}_scale`, [cols], q.scales);
      zeroPoint = g.bytes(`${weight.name}_zero_point`, [cols], q.zeroPoints);
    } else {
      const q = quantize(data, type, reduceRange);
      values = q.values;
      scale = g.scalar(`${weight.name}_scale`, q.scale);
      const zp = type === 'int8' ? Int8Array.of(q.zeroPoint) : Uint8Array.of(q.zeroPoint);
      zeroPoint = g.bytes(`${weight.name}_zero_point`, [], zp);
    }
    const quantizedWeight = g.bytes(`${weight.name}_quantized`, [rows, cols], values);
    dropped.add(weight.name!);
    const input = node.input![0]!;
    let activation = quantizedActivations.get(input);
    if (!activation) {
      activation = [
        g.fresh(`${input}_quantized`),
        g.fresh(`${input}_scale`),
        g.fresh(`${input}_zero_point`),
      ];
      rewritten.push(make('DynamicQuantizeLinear', [input], activation));
      quantizedActivations.set(input, activation);
    }
    const product = g.fresh(`${node.output![0]}_output_quantized`);
    const cast = g.fresh(`${product}_cast_output`);
    const scales = g.fresh(`${node.output![0]}_scales_mul`);
    rewritten.push(
      make(
        'MatMulInteger',
        [activation[0]!, quantizedWeight, activation[2]!, zeroPoint],
        [product],
      ),
      make('Cast', [product], [cast], { to: FLOAT }),
      make('Mul', [activation[1]!, scale], [scales]),
      make('Mul', [cast, scales], [node.output![0]!]),
    );
  }
  g.nodes.splice(0, g.nodes.length, ...rewritten);
  const used = new Set(g.nodes.flatMap((n) => n.input ?? []));
  const kept = g.initializers.filter((t) => !dropped.has(t.name!) || used.has(t.name!));
  g.initializers.splice(0, g.initializers.length, ...kept);
}
