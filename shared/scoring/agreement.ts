/**
 * How much two rankings agree: Kendall's τ over the documents both rank, rank-biased overlap
 * (RBO, Webber, Moffat & Zobel 2010) and top-k overlap. A ranking is a list of document keys,
 * best first, each key at most once; keys are whatever identifies a document across the two
 * lists (an original index within one run, a document id or text across runs).
 *
 * Written here rather than taken from npm: the packages that exist compute τ in O(n²) or
 * assume equal-length lists of numbers, and RBO has no maintained JavaScript implementation.
 */

/** Kendall's τ and the counts behind it. `tau` is undefined below two shared documents. */
export interface KendallTau {
  tau: number | undefined;
  /** Documents in both rankings: τ is computed over these, in each ranking's order. */
  shared: number;
  concordant: number;
  discordant: number;
}

/**
 * Kendall's τ between the orders two rankings give the documents they share. Rankings are
 * strict orders (no ties), so τ-a and τ-b coincide: (C − D) / (n(n−1)/2). Counted with a merge
 * sort in O(n log n), so two 5,000-document columns take a few milliseconds, not 12.5 million
 * comparisons.
 */
export function kendallTau<K>(a: readonly K[], b: readonly K[]): KendallTau {
  const positionInB = positions(b);
  // B's position of each shared document, in A's order: τ counts the inversions of this list.
  const sequence: number[] = [];
  for (const key of a) {
    const position = positionInB.get(key);
    if (position !== undefined) sequence.push(position);
  }
  const n = sequence.length;
  const pairs = (n * (n - 1)) / 2;
  const discordant = countInversions(sequence);
  const concordant = pairs - discordant;
  return {
    tau: n < 2 ? undefined : (concordant - discordant) / pairs,
    shared: n,
    concordant,
    discordant,
  };
}

/** Number of pairs i < j with values[i] > values[j] (values distinct). */
function countInversions(values: number[]): number {
  let work = values.slice();
  let buffer = new Array<number>(work.length);
  let inversions = 0;
  for (let width = 1; width < work.length; width *= 2) {
    for (let start = 0; start < work.length; start += 2 * width) {
      const middle = Math.min(start + width, work.length);
      const end = Math.min(start + 2 * width, work.length);
      let left = start;
      let right = middle;
      let out = start;
      while (left < middle && right < end) {
        if (work[left]! <= work[right]!) buffer[out++] = work[left++]!;
        else {
          // Every element still waiting on the left is greater than this one.
          inversions += middle - left;
          buffer[out++] = work[right++]!;
        }
      }
      while (left < middle) buffer[out++] = work[left++]!;
      while (right < end) buffer[out++] = work[right++]!;
    }
    [work, buffer] = [buffer, work];
  }
  return inversions;
}

/** Rank-biased overlap of two rankings. */
export interface Rbo {
  /**
   * The extrapolated RBO (RBO_ext, equation 32 of the paper for lists of uneven length): the
   * agreement seen up to the depth of the longer list, assumed to continue below it. 1 for
   * identical lists, 0 for disjoint ones.
   */
  rbo: number;
  /**
   * The lower bound (RBO_min): what is certain if everything below the evaluated depth
   * disagreed. With lists this short, the gap to `rbo` says how much is extrapolation.
   */
  min: number;
  /** The persistence parameter used: the weight of the first d ranks is 1 − p^d. */
  p: number;
  /** Depth evaluated: the longer list's length. */
  depth: number;
}

/**
 * RBO with persistence `p` (0 < p < 1; 0.9 puts about 86% of the weight on the first 10
 * ranks). Documents need not appear in both lists: lists of different lengths (a top N cut,
 * a column that failed on some documents) are handled as the paper's uneven case.
 */
export function rankBiasedOverlap<K>(a: readonly K[], b: readonly K[], p = 0.9): Rbo {
  if (!(p > 0 && p < 1)) throw new RangeError(`RBO's p must be between 0 and 1, got ${p}`);
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const s = short.length;
  const l = long.length;
  if (l === 0) return { rbo: 1, min: 1, p, depth: 0 };
  if (s === 0) return { rbo: 0, min: 0, p, depth: l };

  const seenShort = new Set<K>();
  const seenLong = new Set<K>();
  let overlap = 0; // X_d: documents in both prefixes of depth d (the short list stops at s).
  let weighted = 0; // Σ_{d=1..l} (X_d / d) p^d
  let tail = 0; // Σ_{d=s+1..l} X_s (d − s) / (s d) p^d
  let minSum = 0; // Σ_{d=1..s} (X_d / d) p^d, then − X_s ln(1 − p) correction below
  let overlapAtS = 0;
  let power = 1;
  for (let d = 1; d <= l; d++) {
    power *= p;
    const fromLong = long[d - 1]!;
    if (d <= s) {
      const fromShort = short[d - 1]!;
      if (fromShort === fromLong) overlap += 1;
      else {
        if (seenLong.has(fromShort)) overlap += 1;
        if (seenShort.has(fromLong)) overlap += 1;
      }
      seenShort.add(fromShort);
      seenLong.add(fromLong);
      if (d === s) overlapAtS = overlap;
      minSum += (overlap / d) * power;
    } else {
      if (seenShort.has(fromLong)) overlap += 1;
      tail += ((overlapAtS * (d - s)) / (s * d)) * power;
    }
    weighted += (overlap / d) * power;
  }
  const overlapAtL = overlap;
  const rbo =
    ((1 - p) / p) * (weighted + tail) +
    ((overlapAtL - overlapAtS) / l + overlapAtS / s) * Math.pow(p, l);
  // RBO_min for equal evaluation depth s (the paper's equation 11, on the first s ranks).
  let harmonicTail = 0;
  let powerS = 1;
  for (let d = 1; d <= s; d++) {
    powerS *= p;
    harmonicTail += powerS / d;
  }
  const min = ((1 - p) / p) * (minSum - overlapAtS * harmonicTail - overlapAtS * Math.log(1 - p));
  return { rbo: clamp01(rbo), min: clamp01(min), p, depth: l };
}

/** Top-k overlap: how many of each ranking's first k documents the other's first k also hold. */
export interface TopKOverlap {
  /** k as asked, cut to the shorter list. */
  k: number;
  shared: number;
  /** shared / k; undefined for empty lists. */
  fraction: number | undefined;
}

export function topKOverlap<K>(a: readonly K[], b: readonly K[], k: number): TopKOverlap {
  const depth = Math.max(0, Math.min(Math.floor(k), a.length, b.length));
  const head = new Set(a.slice(0, depth));
  let shared = 0;
  for (const key of b.slice(0, depth)) if (head.has(key)) shared += 1;
  return { k: depth, shared, fraction: depth === 0 ? undefined : shared / depth };
}

/** Position (0-based) of each key in a ranking. */
export function positions<K>(ranking: readonly K[]): Map<K, number> {
  const map = new Map<K, number>();
  ranking.forEach((key, i) => {
    if (!map.has(key)) map.set(key, i);
  });
  return map;
}

/**
 * Δrank of a document between two rankings: positive when it moved up (a better rank in `to`
 * than in `from`), undefined when either ranking lacks it.
 */
export function rankDelta(from: number | undefined, to: number | undefined): number | undefined {
  return from === undefined || to === undefined ? undefined : from - to;
}

function clamp01(value: number): number {
  // Floating-point sums can land a hair outside [0, 1] for identical or disjoint lists.
  return Math.min(1, Math.max(0, value));
}
