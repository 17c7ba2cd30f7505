import { describe, expect, it } from 'vitest';
import type { ColumnResult, ScoreKind } from '../../shared/contract';
import { describeScoreScale, formatScore, plural, scoreViewModel } from './score-view';

/** An ok column whose ranking has these scores (best first); raw scores default to them. */
function column(scores: number[], raw = scores, scoreKind?: ScoreKind): ColumnResult {
  return {
    columnId: 'c1',
    name: 'test',
    status: 'ok',
    ...(scoreKind ? { scoreKind } : {}),
    results: scores.map((score, i) => ({ index: i, score, rawScore: raw[i]! })),
    latencyMs: 1,
    warnings: [],
  };
}

const shown = (result: ColumnResult, scale: 'raw' | 'minmax' | 'zscore' | 'rank') =>
  scoreViewModel(result, { scale }).scores.map((s) => s.score);

describe('score view model', () => {
  // Scores 4, 2, 1, 1: min 1, max 4, mean 2, population variance (4 + 0 + 1 + 1) / 4 = 1.5.
  const result = column([4, 2, 1, 1], [40, 20, 10, 10]);

  it('shows the ordering score as it came on the raw scale (not the native score)', () => {
    expect(shown(result, 'raw')).toEqual([4, 2, 1, 1]);
  });

  it('normalises over the column: min-max, z-score and rank', () => {
    expect(shown(result, 'minmax')).toEqual([1, 1 / 3, 0, 0]);
    const std = Math.sqrt(1.5);
    const z = shown(result, 'zscore');
    [2 / std, 0, -1 / std, -1 / std].forEach((expected, i) => expect(z[i]).toBeCloseTo(expected));
    expect(z[0]).toBeCloseTo(1.633, 3);
    // (n − number of strictly greater scores) / n with n = 4; the tied 1s share rank 3.
    expect(shown(result, 'rank')).toEqual([1, 0.75, 0.5, 0.5]);
  });

  it('counts results strictly below the threshold on the displayed scale', () => {
    const below = (view: Parameters<typeof scoreViewModel>[1]) => scoreViewModel(result, view);
    expect(below({ scale: 'raw' })).toMatchObject({ belowCount: 0 });
    expect(below({ scale: 'raw', threshold: 2 }).belowCount).toBe(2);
    expect(below({ scale: 'minmax', threshold: 0.5 }).scores.map((s) => s.below)).toEqual([
      false,
      true,
      true,
      true,
    ]);
    // Equal to the threshold is kept.
    expect(below({ scale: 'rank', threshold: 0.5 }).belowCount).toBe(0);
    expect(below({ scale: 'rank', threshold: 0.6 }).belowCount).toBe(2);
    expect(below({ scale: 'zscore', threshold: 0 }).belowCount).toBe(2);
    // The same threshold on the raw scale (scores up to 4) greys nothing out.
    expect(below({ scale: 'raw', threshold: 0.5 }).belowCount).toBe(0);
  });

  it('handles an empty ranking and a single result', () => {
    expect(scoreViewModel(column([]), { scale: 'zscore', threshold: 0 })).toEqual({
      scores: [],
      belowCount: 0,
    });
    // One score: min-max maps it to 1, z-score to 0, rank to 1.
    expect(shown(column([7]), 'minmax')).toEqual([1]);
    expect(shown(column([7]), 'zscore')).toEqual([0]);
    expect(shown(column([7]), 'rank')).toEqual([1]);
  });

  it('formats scores as before, with a dash for no usable score', () => {
    expect(formatScore(0.91234)).toBe('0.912');
    expect(formatScore(-1.25)).toBe('-1.250');
    expect(formatScore(0)).toBe('0');
    expect(formatScore(12345)).toBe('1.23e+4');
    expect(formatScore(Number.NaN)).toBe('—');
    expect(plural(1, 'result')).toBe('1 result');
    expect(plural(1200, 'document')).toBe('1,200 documents');
  });
});

describe('describeScoreScale', () => {
  it('phrases the detected scale of the raw scores with their range', () => {
    expect(describeScoreScale(column([0.99, 0.1], [5.1, -3.2]))).toBe(
      'Raw scores look like logits (−3.2 to 5.1): compare after a sigmoid or normalisation.',
    );
    expect(describeScoreScale(column([0.9, 0.12]))).toBe(
      'Raw scores look like probabilities (0.12 to 0.9): comparable with other columns of probabilities.',
    );
    expect(describeScoreScale(column([12.345, 0.5]))).toBe(
      'Raw scores look unbounded, like BM25 scores (0.5 to 12.3): compare within this column, or normalise first.',
    );
    expect(describeScoreScale(column([0.5, 0.5]))).toMatch(
      /^Raw scores look like probabilities \(0\.5\):/,
    );
  });

  it("trusts the host's score kind over a guess from the values", () => {
    // Listwise rank positions would otherwise "look unbounded"; fused sums "like probabilities".
    expect(describeScoreScale(column([1, 0.5, 0.33], [1, 2, 3], 'rank'))).toBe(
      'Raw scores come from rank positions (1 to 3): compare rankings, not values.',
    );
    expect(describeScoreScale(column([0.03, 0.016], [0.0328, 0.0161], 'fused'))).toMatch(
      /^Raw scores are fused \(0\.0161 to 0\.0328\), not probabilities/,
    );
    expect(describeScoreScale(column([1, 0], [3, 0], 'grade'))).toMatch(
      /^Raw scores are relevance grades \(0 to 3\)/,
    );
    expect(describeScoreScale(column([0.9], [0.9], 'probability'))).toMatch(/probabilities/);
  });

  it('says nothing for an empty ranking and says so when no raw score is usable', () => {
    expect(describeScoreScale(column([]))).toBeUndefined();
    expect(describeScoreScale(column([1], [Number.NaN]))).toBe(
      'No raw score is a finite number, so their scale cannot be told.',
    );
  });
});
