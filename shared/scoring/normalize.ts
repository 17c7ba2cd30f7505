/**
 * Putting scores from different rerankers on a comparable footing.
 *
 * A cross-encoder emits logits around −12..12, an API returns probabilities in [0, 1] and BM25
 * returns unbounded positive numbers, so summing raw scores lets whichever scale is widest
 * decide the fused ranking. Normalising each ranker's scores first removes that accident.
 *
 * Non-finite scores (NaN, ±Infinity) mean "this ranker has no usable score here": they are left
 * out of every statistic (min, max, mean, count) and come back as NaN, so one broken value
 * cannot drag a whole column to NaN or squash the rest of it to 0.
 */
import { assertNever } from '../util/assert-never';

export type Normalization = 'minmax' | 'zscore' | 'rank';

export function normalizeScores(scores: readonly number[], method: Normalization): number[] {
  const finite = scores.filter(Number.isFinite);
  if (finite.length === 0) return scores.map(() => Number.NaN);
  const map = normalizerFor(finite, method);
  return scores.map((s) => (Number.isFinite(s) ? map(s) : Number.NaN));
}

function normalizerFor(finite: readonly number[], method: Normalization): (s: number) => number {
  switch (method) {
    case 'minmax': {
      // All-equal scores carry no preference; mapping them to 1 (not 0) keeps a ranker that
      // found every document equally relevant from counting as "found nothing" when fused.
      const { min, max } = extent(finite);
      const range = max - min;
      return range === 0 ? () => 1 : (s) => (s - min) / range;
    }
    case 'zscore': {
      // Population standard deviation: the candidates are the whole set being reranked, not a
      // sample of a larger one. With no spread every score is exactly average: 0.
      const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
      const variance = finite.reduce((a, s) => a + (s - mean) ** 2, 0) / finite.length;
      const std = Math.sqrt(variance);
      return std === 0 ? () => 0 : (s) => (s - mean) / std;
    }
    case 'rank': {
      // (n − rank0) / n with rank0 the 0-based rank by descending score: the best gets 1, the
      // worst 1/n, so the value is positive for every scored document (0 stays free for "not
      // ranked at all") and does not depend on how far apart the raw scores are. Ties share
      // the best rank of their group ("1224" competition ranking): rank0 = how many scores are
      // strictly greater, so equal scores always normalise equally whatever the input order.
      const n = finite.length;
      const descending = [...finite].sort((a, b) => b - a);
      return (s) => (n - countGreater(descending, s)) / n;
    }
    default:
      return assertNever(method, 'normalization');
  }
}

/** Min and max by a loop: spreading a large candidate set into Math.min overflows the stack. */
function extent(values: readonly number[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/** Number of entries of `descending` (sorted high to low) strictly greater than `s`. */
function countGreater(descending: readonly number[], s: number): number {
  let lo = 0;
  let hi = descending.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (descending[mid]! > s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export type ScoreScaleKind = 'probability' | 'logit' | 'unbounded-positive' | 'empty';

/**
 * Guesses what kind of number a ranker returns, so the UI can say why a column's scores look
 * the way they do and suggest a normalisation. Only finite scores are considered.
 *
 * It is a guess from values alone: logits that happen to all fall inside [0, 1] read as
 * probabilities, which is harmless because [0, 1] is already a comparable range.
 */
export function detectScoreScale(scores: readonly number[]): {
  kind: ScoreScaleKind;
  reason: string;
} {
  const finite = scores.filter(Number.isFinite);
  if (finite.length === 0) {
    return {
      kind: 'empty',
      reason:
        scores.length === 0
          ? 'There are no scores to look at.'
          : `None of the ${scores.length} scores is a finite number.`,
    };
  }
  const { min, max } = extent(finite);
  const range = `min ${formatNumber(min)}, max ${formatNumber(max)}`;
  if (min >= 0 && max <= 1) {
    return {
      kind: 'probability',
      reason: `Every score lies within [0, 1] (${range}), as probabilities do.`,
    };
  }
  if (min < 0) {
    return {
      kind: 'logit',
      reason: `Some scores are negative (${range}), as raw cross-encoder logits are.`,
    };
  }
  return {
    kind: 'unbounded-positive',
    reason: `Scores are never negative but go above 1 (${range}), as BM25-like scores do.`,
  };
}

/** Up to 4 significant digits without trailing zeros: 0.1235, 12.5, 1.235e+6. */
function formatNumber(x: number): string {
  return String(Number(x.toPrecision(4)));
}

/**
 * The logistic function 1 / (1 + e^−x): turns a logit into a probability. Written in two
 * branches so that neither ever computes e^(large positive), which would overflow to Infinity
 * and lose the tiny tail values (sigmoid(−800) is ~0, not NaN).
 */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
