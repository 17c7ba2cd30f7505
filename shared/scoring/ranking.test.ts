import { describe, expect, it } from 'vitest';
import { movementAgainstInput, movementLabel, rankByScore } from './ranking';

describe('rankByScore', () => {
  it('sorts by score descending, ties in input order, NaN last', () => {
    const ranked = rankByScore([
      { index: 0, score: 1 },
      { index: 1, score: Number.NaN },
      { index: 2, score: 3 },
      { index: 3, score: 1 },
    ]);
    expect(ranked.map((r) => r.index)).toEqual([2, 0, 3, 1]);
  });
});

describe('movementAgainstInput', () => {
  it('reports up, down, same and new against the input order cut to the shown count', () => {
    expect(movementLabel(movementAgainstInput(0, 3, 8))).toBe('↑3');
    expect(movementLabel(movementAgainstInput(4, 2, 8))).toBe('↓2');
    expect(movementLabel(movementAgainstInput(1, 1, 8))).toBe('=');
    expect(movementLabel(movementAgainstInput(0, 5, 3))).toBe('new');
  });
});
