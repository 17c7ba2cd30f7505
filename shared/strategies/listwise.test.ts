import { describe, expect, it } from 'vitest';
import { applyWindowPermutation, parsePermutation, slidingWindowPlan } from './listwise';

describe('parsePermutation', () => {
  it('reads the RankGPT form and returns 0-based positions', () => {
    expect(parsePermutation('[3] > [1] > [2]', 3)).toEqual({ order: [2, 0, 1], warnings: [] });
  });

  it('reads bare numbers, commas, and newline lists with list numbering', () => {
    expect(parsePermutation('3 > 1 > 2', 3).order).toEqual([2, 0, 1]);
    expect(parsePermutation('[3], [1], [2]', 3).order).toEqual([2, 0, 1]);
    expect(parsePermutation('1. [3]\n2. [1]\n3. [2]', 3).order).toEqual([2, 0, 1]);
    expect(parsePermutation('1. 3\n2) 1\n3. 2\n', 3)).toEqual({ order: [2, 0, 1], warnings: [] });
    expect(parsePermutation('3\n1\n2', 3).order).toEqual([2, 0, 1]);
  });

  it('ignores prose around the ranking, including numbers when brackets are used', () => {
    const answer =
      'Sure! Here is the ranking of the top 3 passages for your query:\n\n[2] > [3] > [1]\n\n' +
      'Passage 2 mentions the 2019 study directly.';
    expect(parsePermutation(answer, 3)).toEqual({ order: [1, 2, 0], warnings: [] });
  });

  it('reads two-digit ids and appends the ones left out in their previous order', () => {
    const { order, warnings } = parsePermutation('[10] > [2]', 12);
    expect(order).toEqual([9, 1, 0, 2, 3, 4, 5, 6, 7, 8, 10, 11]);
    expect(warnings).toEqual([
      'the answer left out ids 1, 3, 4, 5, 6, 7, 8, 9, 11, 12; appended them in their previous order',
    ]);
  });

  it('drops duplicates and unknown ids with one warning per kind', () => {
    const { order, warnings } = parsePermutation(
      '[2] > [7] > [2] > [0] > [1] > [1] > [7] > [3]',
      4,
    );
    expect(order).toEqual([1, 0, 2, 3]);
    expect(warnings).toEqual([
      'ignored ids outside 1..4: 7, 0',
      'ignored repeated ids: 2, 1',
      'the answer left out ids 4; appended them in their previous order',
    ]);
  });

  it('keeps the previous order when the answer has no ranking', () => {
    for (const answer of ['', 'I cannot rank these passages.', '   \n']) {
      expect(parsePermutation(answer, 3)).toEqual({
        order: [0, 1, 2],
        warnings: ['the answer had no ranking; kept the previous order'],
      });
    }
    // Only unknown ids: both warnings, still the identity.
    expect(parsePermutation('[5] > [6]', 2)).toEqual({
      order: [0, 1],
      warnings: [
        'ignored ids outside 1..2: 5, 6',
        'the answer had no ranking; kept the previous order',
      ],
    });
  });

  it('accepts size 0 and rejects a bad size', () => {
    expect(parsePermutation('[1]', 0)).toEqual({ order: [], warnings: [] });
    expect(() => parsePermutation('[1]', -1)).toThrow(RangeError);
    expect(() => parsePermutation('[1]', 1.5)).toThrow(RangeError);
  });
});

describe('slidingWindowPlan', () => {
  it('plans 100 documents, window 20, step 10, from the bottom up: 9 windows', () => {
    const plan = slidingWindowPlan(100, 20, 10);
    expect(plan.map((w) => w.start)).toEqual([80, 70, 60, 50, 40, 30, 20, 10, 0]);
    expect(plan.map((w) => w.end)).toEqual([100, 90, 80, 70, 60, 50, 40, 30, 20]);
    expect(slidingWindowPlan(100)).toEqual(plan);
  });

  it('cuts the top window short instead of skipping the top positions', () => {
    // [5, 25), then the end moves up by 10 to 15 and the start is clamped to 0.
    expect(slidingWindowPlan(25, 20, 10)).toEqual([
      { start: 5, end: 25 },
      { start: 0, end: 15 },
    ]);
  });

  it('uses one window when everything fits, none when there is nothing to order', () => {
    expect(slidingWindowPlan(5)).toEqual([{ start: 0, end: 5 }]);
    expect(slidingWindowPlan(20)).toEqual([{ start: 0, end: 20 }]);
    expect(slidingWindowPlan(1)).toEqual([]);
    expect(slidingWindowPlan(0)).toEqual([]);
  });

  it('handles step = window (no overlap)', () => {
    expect(slidingWindowPlan(6, 2, 2)).toEqual([
      { start: 4, end: 6 },
      { start: 2, end: 4 },
      { start: 0, end: 2 },
    ]);
  });

  it('rejects window < 2 and step outside 1..window', () => {
    expect(() => slidingWindowPlan(10, 1, 1)).toThrow(/window must be an integer ≥ 2/);
    expect(() => slidingWindowPlan(10, 4, 0)).toThrow(/step must be an integer from 1/);
    expect(() => slidingWindowPlan(10, 4, 5)).toThrow(RangeError);
    expect(() => slidingWindowPlan(-1)).toThrow(RangeError);
  });
});

describe('applyWindowPermutation', () => {
  it('reorders only the window and returns a new array', () => {
    const ranking = [10, 11, 12, 13, 14];
    const next = applyWindowPermutation(ranking, { start: 1, end: 4 }, [2, 0, 1]);
    expect(next).toEqual([10, 13, 11, 12, 14]);
    expect(ranking).toEqual([10, 11, 12, 13, 14]);
  });

  it('rejects orders that are not permutations of the window and windows out of range', () => {
    expect(() => applyWindowPermutation([1, 2, 3], { start: 0, end: 2 }, [0, 0])).toThrow(
      RangeError,
    );
    expect(() => applyWindowPermutation([1, 2, 3], { start: 0, end: 2 }, [0])).toThrow(RangeError);
    expect(() => applyWindowPermutation([1, 2, 3], { start: 2, end: 4 }, [0, 1])).toThrow(
      RangeError,
    );
  });
});

describe('a full sliding-window pass with a perfect judge', () => {
  /** Judges a window by true relevance and answers in the RankGPT text form. */
  function perfectJudgeAnswer(items: readonly number[], relevance: (doc: number) => number) {
    const ids = items.map((doc, i) => ({ id: i + 1, rel: relevance(doc) }));
    ids.sort((a, b) => b.rel - a.rel);
    return ids.map(({ id }) => `[${id}]`).join(' > ');
  }

  function pass(initial: number[], relevance: (doc: number) => number, window = 20, step = 10) {
    let ranking = initial;
    for (const w of slidingWindowPlan(ranking.length, window, step)) {
      const answer = perfectJudgeAnswer(ranking.slice(w.start, w.end), relevance);
      const { order, warnings } = parsePermutation(answer, w.end - w.start);
      expect(warnings).toEqual([]);
      ranking = applyWindowPermutation(ranking, w, order);
    }
    return ranking;
  }

  it('carries the truly best document from the bottom to the top in one pass', () => {
    // 100 documents; document d has relevance d, so 99 is best. Input order: 0..99 (worst
    // first), which puts the best document at the very bottom.
    const initial = Array.from({ length: 100 }, (_, i) => i);
    const ranked = pass(initial, (d) => d);
    expect(ranked[0]).toBe(99);
    // The best window − step = 10 are all carried up, in order.
    expect(ranked.slice(0, 10)).toEqual([99, 98, 97, 96, 95, 94, 93, 92, 91, 90]);
  });

  it('finds the true top 10 from a scrambled order, also when the top window is short', () => {
    for (const count of [100, 25, 57]) {
      // Deterministic scramble: 37 is coprime with 100, 25 and 57.
      const initial = Array.from({ length: count }, (_, i) => (i * 37) % count);
      const ranked = pass(initial, (d) => d);
      const top10 = Array.from({ length: 10 }, (_, i) => count - 1 - i);
      expect(ranked.slice(0, 10)).toEqual(top10);
      expect([...ranked].sort((a, b) => a - b)).toEqual([...initial].sort((a, b) => a - b));
    }
  });

  it('one top-down window pass would not do it: the best document only moves one window up', () => {
    // Contrast: apply the same windows top to bottom; the best document, starting at the
    // bottom, is only seen by the last window and stays inside it.
    const initial = Array.from({ length: 100 }, (_, i) => i);
    let ranking = initial;
    for (const w of slidingWindowPlan(100).reverse()) {
      const { order } = parsePermutation(
        perfectJudgeAnswer(ranking.slice(w.start, w.end), (d) => d),
        w.end - w.start,
      );
      ranking = applyWindowPermutation(ranking, w, order);
    }
    expect(ranking.indexOf(99)).toBe(80);
  });
});
