/**
 * A small ONNX graph builder over onnx-proto: nodes with auto-named outputs, typed
 * initializers stored as raw little-endian bytes (a 30,522 × 384 embedding as a `floatData`
 * array would take protobufjs seconds to encode), and the model wrapper.
 */
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

const { onnx } = onnxProto;

export const FLOAT = onnx.TensorProto.DataType.FLOAT;
export const INT64 = onnx.TensorProto.DataType.INT64;
export const INT8 = onnx.TensorProto.DataType.INT8;
export const UINT8 = onnx.TensorProto.DataType.UINT8;

/** Attribute values: integers, floats (written with a decimal point in spirit), int lists. */
export type AttributeValue = number | number[] | { float: number };

/** A linear congruential generator of numbers in [-1, 1): the same seed, the same weights. */
export function seededUniform(seed: number): () => number {
  let state = seed;
  return () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

export class GraphBuilder {
  readonly nodes: Onnx.INodeProto[] = [];
  readonly initializers: Onnx.ITensorProto[] = [];
  private readonly used = new Set<string>();

  /** `reserved`: names the caller uses verbatim (graph inputs and outputs). */
  constructor(reserved: readonly string[] = []) {
    for (const name of reserved) this.used.add(name);
  }

  /** A value name not used yet, from a readable prefix. */
  fresh(prefix: string): string {
    let name = prefix;
    for (let i = 1; this.used.has(name); i++) name = `${prefix}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Adds a node with `outputs` outputs (a count: fresh names; or names given verbatim). */
  nodeN(
    opType: string,
    inputs: string[],
    outputs: number | string[],
    attributes: Record<string, AttributeValue> = {},
    domain = '',
  ): string[] {
    const names =
      typeof outputs === 'number'
        ? Array.from({ length: outputs }, (_, i) => this.fresh(`${opType}_${i}`))
        : outputs;
    this.nodes.push(
      onnx.NodeProto.create({
        opType,
        domain,
        name: this.fresh(`node_${opType}`),
        input: inputs,
        output: names,
        attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)),
      }),
    );
    return names;
  }

  /** Adds a one-output node and returns its output. */
  node(
    opType: string,
    inputs: string[],
    attributes: Record<string, AttributeValue> = {},
    domain = '',
  ): string {
    return this.nodeN(opType, inputs, 1, attributes, domain)[0]!;
  }

  floats(name: string, dims: readonly number[], data: Float32Array): string {
    return this.raw(
      name,
      dims,
      FLOAT,
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    );
  }

  int64s(name: string, values: readonly number[], dims: readonly number[] = [values.length]) {
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    return this.raw(name, dims, INT64, new Uint8Array(data.buffer));
  }

  bytes(name: string, dims: readonly number[], data: Int8Array | Uint8Array): string {
    const type = data instanceof Int8Array ? INT8 : UINT8;
    return this.raw(
      name,
      dims,
      type,
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    );
  }

  /** Float weights drawn from `random` (deterministic models for tests). */
  uniform(name: string, dims: readonly number[], random: () => number): string {
    const count = dims.reduce((a, b) => a * b, 1);
    return this.floats(name, dims, Float32Array.from({ length: count }, random));
  }

  /** A float scalar (rank 0) initializer. */
  scalar(name: string, value: number): string {
    return this.floats(name, [], Float32Array.of(value));
  }

  private raw(name: string, dims: readonly number[], dataType: number, rawData: Uint8Array) {
    const unique = this.fresh(name);
    this.initializers.push(
      onnx.TensorProto.create({ name: unique, dims: [...dims], dataType, rawData }),
    );
    return unique;
  }

  /**
   * The model with every initializer of at least `threshold` bytes moved to one external file
   * named `location`, as onnx's `convert_model_to_external_data` (all_tensors_to_one_file,
   * size_threshold 1024) and `save_external_data` write it: each tensor appended at the file's
   * end, `data_location = EXTERNAL`, entries `location`, `offset`, `length`
   * (onnx/onnx `onnx/external_data_helper.py`). Optimum saves models over 2 GB this way with
   * `location = "model.onnx_data"`.
   */
  encodeWithExternalData(
    options: EncodeOptions,
    location: string,
    threshold = 1024,
  ): { model: Uint8Array; data: Uint8Array } {
    const parts: Uint8Array[] = [];
    let offset = 0;
    for (const tensor of this.initializers) {
      const raw = tensor.rawData;
      if (!raw || raw.length < threshold) continue;
      tensor.rawData = undefined;
      tensor.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
      tensor.externalData = [
        { key: 'location', value: location },
        { key: 'offset', value: String(offset) },
        { key: 'length', value: String(raw.length) },
      ];
      parts.push(raw);
      offset += raw.length;
    }
    const data = new Uint8Array(offset);
    let at = 0;
    for (const part of parts) {
      data.set(part, at);
      at += part.length;
    }
    return { model: this.encode(options), data };
  }

  /** The serialised model. Inputs and outputs are `[name, elemType, dims]`. */
  encode(options: EncodeOptions): Uint8Array {
    const graph = onnx.GraphProto.create({
      name: options.name,
      node: this.nodes,
      initializer: this.initializers,
      input: options.inputs.map(([name, type, dims]) => valueInfo(name, type, dims)),
      output: options.outputs.map(([name, type, dims]) => valueInfo(name, type, dims)),
    });
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'rerank-studio tests',
      opsetImport: [
        { domain: '', version: options.opset },
        ...(options.microsoftOpset ? [{ domain: 'com.microsoft', version: 1 }] : []),
      ],
      graph,
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

export interface EncodeOptions {
  name: string;
  /** `[name, elemType, dims]`; a string dim is symbolic (`dimParam`). */
  inputs: [string, number, (string | number)[]][];
  outputs: [string, number, (string | number)[]][];
  opset: number;
  microsoftOpset?: boolean;
}

function attribute(name: string, value: AttributeValue): Onnx.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  if (typeof value === 'object') return { name, type: AttributeType.FLOAT, f: value.float };
  return { name, type: AttributeType.INT, i: value };
}

function valueInfo(name: string, elemType: number, dims: (string | number)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: {
          dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })),
        },
      },
    },
  });
}
