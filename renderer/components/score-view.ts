/**
 * What a column's ranking shows under its score view: each result's score on the chosen scale,
 * which results fall below the threshold, and a sentence on what the raw scores look like.
 * Pure, so it is tested without a DOM.
 */
import type { ColumnResult } from '../../shared/contract';
import { detectScoreScale, normalizeScores } from '../../shared/scoring/normalize';
import { assertNever } from '../../shared/util/assert-never';
import type { ScoreScale, ScoreView } from '../store/score-view/slice';

/** One ranked result as shown: its displayed score and whether it is under the threshold. */
export interface ShownScore {
  /** On the view's scale; NaN when the result has no usable score. */
  score: number;
  /** Strictly below the threshold (a score equal to it is kept); never for a NaN score. */
  below: boolean;
}

export interface ScoreViewModel {
  /** In the order of `result.results`. */
  scores: ShownScore[];
  belowCount: number;
}

/** Options of the scale select, in display order, and the word before each shown score. */
export const SCALE_OPTIONS: readonly { scale: ScoreScale; label: string; prefix: string }[] = [
  { scale: 'raw', label: 'Raw', prefix: 'score' },
  { scale: 'minmax', label: 'Min-max', prefix: 'min-max' },
  { scale: 'zscore', label: 'Z-score', prefix: 'z-score' },
  { scale: 'rank', label: 'Rank', prefix: 'rank score' },
];

/** The scores of `result` on the view's scale, normalised over the column's results. */
export function displayedScores(result: ColumnResult, scale: ScoreScale): number[] {
  const scores = result.results.map((r) => r.score);
  switch (scale) {
    case 'raw':
      return scores;
    case 'minmax':
    case 'zscore':
    case 'rank':
      return normalizeScores(scores, scale);
    default:
      return assertNever(scale, 'score scale');
  }
}

export function scoreViewModel(result: ColumnResult, view: ScoreView): ScoreViewModel {
  const { threshold } = view;
  const scores = displayedScores(result, view.scale).map((score) => ({
    score,
    below: threshold !== undefined && score < threshold,
  }));
  return { scores, belowCount: scores.filter((s) => s.below).length };
}

/**
 * "0.912", "-1.250", "1.23e+4": three decimals, exponent notation when very large or small; an
 * ASCII minus, so a shown score reads back as a number. "—" for no usable score.
 */
export function formatScore(score: number): string {
  if (Number.isNaN(score)) return '—';
  if (score === 0) return '0';
  const abs = Math.abs(score);
  return abs >= 1000 || abs < 0.001 ? score.toExponential(2) : score.toFixed(3);
}

/** "−3.2", "0.0421", "12.5": up to 3 significant digits, with a real minus sign. */
function formatBound(x: number): string {
  return String(Number(x.toPrecision(3))).replace(/^-/, '\u2212');
}

/** "3 results", "1 result". */
export function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * What the column's raw (native) scores look like and how to compare them, for people; undefined
 * when the column ranked nothing.
 */
export function describeScoreScale(result: ColumnResult): string | undefined {
  if (result.results.length === 0) return undefined;
  const raw = result.results.map((r) => r.rawScore);
  const finite = raw.filter(Number.isFinite);
  const { kind } = detectScoreScale(raw);
  if (kind === 'empty') {
    return 'No raw score is a finite number, so their scale cannot be told.';
  }
  const min = finite.reduce((a, b) => Math.min(a, b));
  const max = finite.reduce((a, b) => Math.max(a, b));
  const range = min === max ? formatBound(min) : `${formatBound(min)} to ${formatBound(max)}`;
  // Where the host says what the scores are, guessing from their values would mislead:
  // listwise positions 1..n would "look unbounded", fused RRF sums "like probabilities". Rank
  // scores run either way (listwise: 1 is best; input order: (n − i) / n), so no direction.
  switch (result.scoreKind) {
    case 'rank':
      return `Raw scores come from rank positions (${range}): compare rankings, not values.`;
    case 'grade':
      return `Raw scores are relevance grades (${range}): ties are likely; compare rankings across columns.`;
    case 'fused':
      return `Raw scores are fused (${range}), not probabilities: compare within this column only.`;
    default:
      break;
  }
  switch (kind) {
    case 'probability':
      return `Raw scores look like probabilities (${range}): comparable with other columns of probabilities.`;
    case 'logit':
      return `Raw scores look like logits (${range}): compare after a sigmoid or normalisation.`;
    case 'unbounded-positive':
      return `Raw scores look unbounded, like BM25 scores (${range}): compare within this column, or normalise first.`;
    default:
      return assertNever(kind, 'score scale kind');
  }
}
