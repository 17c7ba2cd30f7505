/**
 * Which external data files an ONNX model names, read from the file without loading it.
 *
 * A model over 2 GB (the protobuf limit) keeps its weights beside it: each such tensor has
 * `data_location = EXTERNAL` and `external_data` entries `location` (a path relative to the
 * model's folder), `offset` and `length` (onnx/onnx `onnx.proto`, TensorProto fields 13 and 14;
 * `docs/ExternalData.md`). Optimum writes them all to one `model.onnx_data`; `onnx.save` with
 * a location writes whatever name it was given (`model.onnx.data` is common). ONNX Runtime
 * resolves the location against the model file's folder when it loads the model from a path,
 * which is how transformers.js loads it under Node.
 *
 * The walk reads only field headers and skips every payload (a 1 GB fp32 file is a few
 * thousand small reads), so it is cheap enough to run on import and before a load.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** One external file and the furthest byte the model reads from it. */
export interface ExternalDataFile {
  /** As the model names it, relative to the model's folder. */
  location: string;
  /** `offset + length` over the tensors that name it (0 when no tensor states a length). */
  bytesNeeded: number;
  /** Tensors stored there. */
  tensors: number;
}

// Field numbers from onnx/onnx `onnx/onnx.proto3`.
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const GRAPH_SPARSE_INITIALIZER = 15;
const NODE_ATTRIBUTE = 5;
const ATTRIBUTE_TENSOR = 5;
const ATTRIBUTE_GRAPH = 6;
const ATTRIBUTE_TENSORS = 10;
const ATTRIBUTE_GRAPHS = 11;
const SPARSE_VALUES = 1;
const SPARSE_INDICES = 2;
const TENSOR_EXTERNAL_DATA = 13;
const TENSOR_DATA_LOCATION = 14;
const DATA_LOCATION_EXTERNAL = 1;
const ENTRY_KEY = 1;
const ENTRY_VALUE = 2;

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;
const WINDOW = 64 * 1024;

const TENSOR_DATA_TYPE = 2;
const TENSOR_NAME = 8;
const NODE_INPUT = 1;
const NODE_OP_TYPE = 4;
/** Integer MatMuls of ONNX and com.microsoft whose second input is a quantized weight. */
const INTEGER_MATMULS = new Set([
  'MatMulInteger',
  'DynamicQuantizeMatMul',
  'MatMulIntegerToFloat',
  'QLinearMatMul',
]);
const TENSOR_RAW_DATA = 9;
const INT8 = 3;
const UINT8 = 2;

/** A malformed file: not protobuf where the walk expected it. */
export class OnnxFormatError extends Error {
  override name = 'OnnxFormatError';
}

/** The external data files `file` names (empty when every weight is inside it). */
export async function externalDataFiles(file: string): Promise<ExternalDataFile[]> {
  const handle = await open(file, 'r');
  try {
    const reader = new WindowReader(handle, (await handle.stat()).size);
    const found = new Map<string, ExternalDataFile>();
    for await (const field of reader.fieldsAsync(0, reader.size)) {
      if (field.number === MODEL_GRAPH && field.wire === WIRE_LEN) {
        await walkGraph(reader, field.start, field.end, found);
      }
    }
    return [...found.values()];
  } finally {
    await handle.close();
  }
}

/**
 * What is wrong with the external files `model` names (missing, or shorter than the model
 * reads), each a phrase that follows the model's name; empty when all is there.
 */
export async function missingExternalData(model: string): Promise<string[]> {
  const problems: string[] = [];
  for (const data of await externalDataFiles(model)) {
    const at = path.resolve(path.dirname(model), data.location);
    const size = (await stat(at).catch(() => undefined))?.size;
    if (size === undefined) {
      problems.push(`names external data "${data.location}", which is not beside it`);
    } else if (size < data.bytesNeeded) {
      problems.push(
        `names external data "${data.location}" of ${size} bytes but reads ${data.bytesNeeded} (an incomplete copy?)`,
      );
    }
  }
  return problems;
}

/** The 8-bit weights a quantized model stores, and how wide its signed ones go. */
export interface QuantizedWeights {
  /** MatMul weights stored as int8 (signed) and as uint8. */
  int8Tensors: number;
  uint8Tensors: number;
  /** The largest |value| of the int8 MatMul weights (0 when there are none). */
  int8MaxAbs: number;
}

/**
 * Reads the weights the graph's integer MatMuls multiply (their raw bytes only). Two uint8 × int8
 * products overflow a 16-bit lane once |weight| exceeds 64 (255 × 65 × 2 > 32,767), which is
 * why `quantize_dynamic(reduce_range=True)` keeps signed weights in [-64, 64]: a model whose
 * int8 weights stay there runs exactly on every x86 int8 kernel (shared/models/int8-kernel.ts).
 */
export async function quantizedWeights(file: string): Promise<QuantizedWeights> {
  const handle = await open(file, 'r');
  try {
    const reader = new WindowReader(handle, (await handle.stat()).size);
    const result: QuantizedWeights = { int8Tensors: 0, uint8Tensors: 0, int8MaxAbs: 0 };
    for await (const field of reader.fieldsAsync(0, reader.size)) {
      if (field.number !== MODEL_GRAPH || field.wire !== WIRE_LEN) continue;
      // The weights an integer MatMul multiplies (its second input): embedding tables stored
      // as int8 are only dequantized after a Gather and never meet the kernel.
      const weights = new Set<string>();
      for await (const member of reader.fieldsAsync(field.start, field.end)) {
        if (member.number !== GRAPH_NODE || member.wire !== WIRE_LEN) continue;
        const inputs: string[] = [];
        let op = '';
        for await (const part of reader.fieldsAsync(member.start, member.end)) {
          if (part.wire !== WIRE_LEN) continue;
          if (part.number === NODE_INPUT) inputs.push(await reader.text(part.start, part.end));
          else if (part.number === NODE_OP_TYPE) op = await reader.text(part.start, part.end);
        }
        if (INTEGER_MATMULS.has(op) && inputs[1]) weights.add(inputs[1]);
      }
      for await (const member of reader.fieldsAsync(field.start, field.end)) {
        if (member.number !== GRAPH_INITIALIZER || member.wire !== WIRE_LEN) continue;
        let type = 0;
        let name = '';
        let raw: Field | undefined;
        for await (const part of reader.fieldsAsync(member.start, member.end)) {
          if (part.number === TENSOR_DATA_TYPE && part.wire === WIRE_VARINT) type = part.value;
          else if (part.number === TENSOR_NAME && part.wire === WIRE_LEN)
            name = await reader.text(part.start, part.end);
          else if (part.number === TENSOR_RAW_DATA && part.wire === WIRE_LEN) raw = part;
        }
        if (!weights.has(name)) continue;
        if (type === UINT8) result.uint8Tensors += 1;
        if (type !== INT8) continue;
        result.int8Tensors += 1;
        if (!raw) continue;
        const bytes = await reader.bytes(raw.start, raw.end);
        for (let i = 0; i < bytes.length; i++) {
          const value = bytes[i]! > 127 ? 256 - bytes[i]! : bytes[i]!;
          if (value > result.int8MaxAbs) result.int8MaxAbs = value;
        }
      }
    }
    return result;
  } finally {
    await handle.close();
  }
}

async function walkGraph(
  reader: WindowReader,
  start: number,
  end: number,
  found: Map<string, ExternalDataFile>,
): Promise<void> {
  for await (const field of reader.fieldsAsync(start, end)) {
    if (field.wire !== WIRE_LEN) continue;
    if (field.number === GRAPH_INITIALIZER) await readTensor(reader, field, found);
    else if (field.number === GRAPH_SPARSE_INITIALIZER) {
      for await (const part of reader.fieldsAsync(field.start, field.end)) {
        if (
          part.wire === WIRE_LEN &&
          (part.number === SPARSE_VALUES || part.number === SPARSE_INDICES)
        )
          await readTensor(reader, part, found);
      }
    } else if (field.number === GRAPH_NODE) {
      // Constant nodes and subgraphs (If, Loop, Scan) can hold tensors too.
      for await (const attribute of reader.fieldsAsync(field.start, field.end)) {
        if (attribute.number !== NODE_ATTRIBUTE || attribute.wire !== WIRE_LEN) continue;
        for await (const value of reader.fieldsAsync(attribute.start, attribute.end)) {
          if (value.wire !== WIRE_LEN) continue;
          if (value.number === ATTRIBUTE_TENSOR || value.number === ATTRIBUTE_TENSORS)
            await readTensor(reader, value, found);
          else if (value.number === ATTRIBUTE_GRAPH || value.number === ATTRIBUTE_GRAPHS)
            await walkGraph(reader, value.start, value.end, found);
        }
      }
    }
  }
}

async function readTensor(
  reader: WindowReader,
  tensor: Field,
  found: Map<string, ExternalDataFile>,
): Promise<void> {
  let external = false;
  const entries: Record<string, string> = {};
  for await (const field of reader.fieldsAsync(tensor.start, tensor.end)) {
    if (field.number === TENSOR_DATA_LOCATION && field.wire === WIRE_VARINT) {
      external = field.value === DATA_LOCATION_EXTERNAL;
    } else if (field.number === TENSOR_EXTERNAL_DATA && field.wire === WIRE_LEN) {
      let key = '';
      let value = '';
      for await (const part of reader.fieldsAsync(field.start, field.end)) {
        if (part.wire !== WIRE_LEN) continue;
        const text = await reader.text(part.start, part.end);
        if (part.number === ENTRY_KEY) key = text;
        else if (part.number === ENTRY_VALUE) value = text;
      }
      entries[key] = value;
    }
  }
  if (!external) return;
  const location = entries.location;
  if (!location) throw new OnnxFormatError('an external tensor has no location');
  const offset = Number(entries.offset ?? 0);
  const length = Number(entries.length ?? 0);
  const entry = found.get(location) ?? { location, bytesNeeded: 0, tensors: 0 };
  entry.tensors += 1;
  if (Number.isFinite(offset + length))
    entry.bytesNeeded = Math.max(entry.bytesNeeded, offset + length);
  found.set(location, entry);
}

interface Field {
  number: number;
  wire: number;
  /** Varint fields: the value. */
  value: number;
  /** Length-delimited fields: the payload's byte range. */
  start: number;
  end: number;
}

/** Positional reads through a 64 KB window, so walking headers is not a syscall per byte. */
class WindowReader {
  private window = Buffer.alloc(0);
  private windowStart = 0;

  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  async *fieldsAsync(start: number, end: number): AsyncGenerator<Field> {
    let at = start;
    while (at < end) {
      const [tag, afterTag] = await this.varint(at);
      const wire = tag % 8;
      const number = Math.floor(tag / 8);
      if (number === 0) throw new OnnxFormatError(`a field numbered 0 at byte ${at}`);
      let value = 0;
      let payload = afterTag;
      let next: number;
      if (wire === WIRE_VARINT) [value, next] = await this.varint(afterTag);
      else if (wire === WIRE_I64) next = afterTag + 8;
      else if (wire === WIRE_I32) next = afterTag + 4;
      else if (wire === WIRE_LEN) {
        const [length, afterLength] = await this.varint(afterTag);
        payload = afterLength;
        next = afterLength + length;
      } else throw new OnnxFormatError(`wire type ${wire} at byte ${at} is not protobuf`);
      if (next > end) throw new OnnxFormatError(`a field at byte ${at} runs past its message`);
      yield { number, wire, value, start: payload, end: next };
      at = next;
    }
  }

  /** A payload's bytes (a copy of the window's, valid until the next read). */
  async bytes(start: number, end: number): Promise<Uint8Array> {
    await this.ensure(start, end - start);
    return this.window.subarray(start - this.windowStart, end - this.windowStart);
  }

  async text(start: number, end: number): Promise<string> {
    await this.ensure(start, end - start);
    return this.window.toString('utf8', start - this.windowStart, end - this.windowStart);
  }

  private async varint(at: number): Promise<[number, number]> {
    await this.ensure(at, 10);
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const index = at + i - this.windowStart;
      if (index >= this.window.length) break;
      const byte = this.window[index]!;
      result += (byte & 0x7f) * scale;
      scale *= 128;
      if (byte < 0x80) return [result, at + i + 1];
    }
    throw new OnnxFormatError(`a broken varint at byte ${at}`);
  }

  private async ensure(at: number, length: number): Promise<void> {
    const end = Math.min(at + length, this.size);
    if (at >= this.windowStart && end <= this.windowStart + this.window.length) return;
    const size = Math.max(WINDOW, end - at);
    const buffer = Buffer.alloc(Math.min(size, this.size - at));
    const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, at);
    this.window = buffer.subarray(0, bytesRead);
    this.windowStart = at;
  }
}
