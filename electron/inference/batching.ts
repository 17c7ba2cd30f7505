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

/** Real tokens over tokens computed (real plus padding): 1 means no padding at all. */
export function paddingEfficiency(lengths: readonly number[], batches: readonly Batch[]): number {
  const real = lengths.reduce((sum, n) => sum + n, 0);
  const computed = batches.reduce((sum, b) => sum + b.length * b.indices.length, 0);
  return computed === 0 ? 1 : real / computed;
}

/** Row-major `[rows, length]` int64 data, each row right-padded with `pad`. */
export function padRows(
  rows: readonly (readonly number[])[],
  length: number,
  pad: number,
): BigInt64Array {
  const out = new BigInt64Array(rows.length * length).fill(BigInt(pad));
  rows.forEach((row, r) => {
    for (let i = 0; i < row.length; i++) out[r * length + i] = BigInt(row[i]!);
  });
  return out;
}
