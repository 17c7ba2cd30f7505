/**
 * Length bucketing: pairs sorted by length and cut into batches, so each batch pads to a
 * length close to its members' own and little compute goes to padding. Results are put back
 * in the caller's order by index.
 */

export interface Batch {
  /** Positions in the caller's list, in batch order. */
  indices: number[];
  /** The longest member: every row is padded to it. */
  length: number;
}

/** Batches of at most `batchSize` pairs, shortest first. */
export function lengthBatches(lengths: readonly number[], batchSize: number): Batch[] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const batches: Batch[] = [];
  for (let start = 0; start < order.length; start += batchSize) {
    const indices = order.slice(start, start + batchSize);
    batches.push({ indices, length: Math.max(...indices.map((i) => lengths[i]!)) });
  }
  return batches;
}

/** Tokens a model computes for these batches, padding included: the work a run's progress counts. */
export function computedTokens(batches: readonly Batch[]): number {
  return batches.reduce((sum, b) => sum + b.length * b.indices.length, 0);
}

/** Real tokens over tokens computed (real plus padding): 1 means no padding at all. */
export function paddingEfficiency(lengths: readonly number[], batches: readonly Batch[]): number {
  const real = lengths.reduce((sum, n) => sum + n, 0);
  const computed = computedTokens(batches);
  return computed === 0 ? 1 : real / computed;
}

/** Whether this machine stores an int64's low 32 bits first (x64 and arm64 do). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Row-major `[rows, length]` int64 data, each row right-padded with `pad`. Token ids are small
 * non-negative integers, so they are written as the low halves of the int64s through an Int32
 * view, the high halves left zero: no BigInt per token.
 */
export function padRows(
  rows: readonly (readonly number[])[],
  length: number,
  pad: number,
): BigInt64Array {
  const out = new BigInt64Array(rows.length * length);
  const small = (n: number) => Number.isInteger(n) && n >= 0 && n <= 0x7fffffff;
  if (!LITTLE_ENDIAN || !small(pad) || !rows.every((row) => row.every(small))) {
    out.fill(BigInt(pad));
    rows.forEach((row, r) => {
      for (let i = 0; i < row.length; i++) out[r * length + i] = BigInt(row[i]!);
    });
    return out;
  }
  const words = new Int32Array(out.buffer);
  rows.forEach((row, r) => {
    const start = 2 * r * length;
    for (let i = 0; i < row.length; i++) words[start + 2 * i] = row[i]!;
    if (pad !== 0) for (let i = row.length; i < length; i++) words[start + 2 * i] = pad;
  });
  return out;
}

/** A batch's three int64 inputs, row-major `[rows, length]`, as a BERT-style export reads them. */
export interface PairBatchData {
  input_ids: BigInt64Array;
  attention_mask: BigInt64Array;
  token_type_ids: BigInt64Array;
}

/**
 * The model inputs for `rows` padded on the right to `length`: what transformers.js's tokenizer
 * returns for the same pairs with `padding: true` (ids padded with `padId`, mask 1 on real
 * tokens, token types 0 on padding).
 */
export function pairBatch(
  rows: readonly { ids: readonly number[]; typeIds: readonly number[] }[],
  length: number,
  padId: number,
): PairBatchData {
  const attention_mask = new BigInt64Array(rows.length * length);
  rows.forEach((row, r) => attention_mask.fill(1n, r * length, r * length + row.ids.length));
  return {
    input_ids: padRows(
      rows.map((row) => row.ids),
      length,
      padId,
    ),
    attention_mask,
    token_type_ids: padRows(
      rows.map((row) => row.typeIds),
      length,
      0,
    ),
  };
}
