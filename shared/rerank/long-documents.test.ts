import { describe, expect, it } from 'vitest';
import {
  aggregateWindows,
  estimateTokens,
  LongDocuments,
  planWindows,
  windowsFor,
  wordUnits,
} from './long-documents';

const oneEach = () => 1;
const words = (n: number, word = 'w') =>
  Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');
const slices = (text: string, windows: { start: number; end: number }[]) =>
  windows.map(({ start, end }) => text.slice(start, end));

describe('planWindows', () => {
  it('covers every word, windows at most `window` long, sharing `overlap` with the last', () => {
    const text = words(10);
    const windows = planWindows(text, wordUnits(text, oneEach), 4, 1);
    expect(slices(text, windows)).toEqual(['w0 w1 w2 w3', 'w3 w4 w5 w6', 'w6 w7 w8 w9']);
    expect(windows.map((w) => w.tokens)).toEqual([4, 4, 4]);
  });

  it('without overlap the windows tile the text; a short text is one window', () => {
    const text = words(5);
    expect(slices(text, planWindows(text, wordUnits(text, oneEach), 2, 0))).toEqual([
      'w0 w1',
      'w2 w3',
      'w4',
    ]);
    expect(slices(text, planWindows(text, wordUnits(text, oneEach), 50, 10))).toEqual([text]);
  });

  it('counts tokens as the units say, and never ends a window inside a word', () => {
    const text = 'aa bbbbbbbb cc dd';
    // 2-char words are 1 token, the long one 3.
    const units = wordUnits(text, (w) => Math.ceil(w.length / 3));
    const windows = planWindows(text, units, 4, 0);
    expect(slices(text, windows)).toEqual(['aa bbbbbbbb', 'cc dd']);
    expect(windows.map((w) => w.tokens)).toEqual([4, 2]);
  });

  it('always moves forward even when the overlap could hold the whole window', () => {
    const text = words(6);
    const windows = planWindows(text, wordUnits(text, oneEach), 3, 2);
    expect(slices(text, windows)).toEqual(['w0 w1 w2', 'w1 w2 w3', 'w2 w3 w4', 'w3 w4 w5']);
  });

  it('splits a word longer than a window by characters, not between surrogate halves', () => {
    const text = '😀'.repeat(10);
    const windows = planWindows(text, [{ start: 0, end: 20, tokens: 10 }], 3, 0);
    expect(windows.map((w) => w.tokens).reduce((a, b) => a + b)).toBe(10);
    for (const w of windows) {
      expect(w.tokens).toBeLessThanOrEqual(3);
      expect(text.slice(w.start, w.end).isWellFormed()).toBe(true);
    }
    expect(slices(text, windows).join('')).toBe(text);
  });

  it('gives an empty document one empty window, and refuses a bad overlap', () => {
    expect(planWindows('  ', wordUnits('  ', oneEach), 4, 0)).toEqual([
      { start: 0, end: 0, tokens: 0 },
    ]);
    expect(() => planWindows('a', [], 4, 4)).toThrow(/overlap/);
  });

  it('truncate keeps the first window only', () => {
    const text = words(10);
    const settings = { mode: 'truncate' as const, window: 4, overlap: 1 };
    expect(slices(text, windowsFor(text, wordUnits(text, oneEach), settings))).toEqual([
      'w0 w1 w2 w3',
    ]);
  });
});

describe('estimateTokens', () => {
  it('is four characters a token, at least one', () => {
    expect(estimateTokens('a')).toBe(1);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
  });
});

describe('aggregateWindows', () => {
  const s = (score: number) => ({ score, rawScore: score * 10 });
  it('max is the best window (MaxP), first the first, mean-top-2 the two best', () => {
    const windows = [s(0.2), s(0.9), s(0.5)];
    expect(aggregateWindows(windows, 'max')).toEqual({ score: 0.9, rawScore: 9, window: 1 });
    expect(aggregateWindows(windows, 'first')).toEqual({ score: 0.2, rawScore: 2, window: 0 });
    const mean = aggregateWindows(windows, 'mean-top-2')!;
    expect(mean.window).toBe(1);
    expect(mean.score).toBeCloseTo(0.7, 12);
    expect(mean.rawScore).toBeCloseTo(7, 12);
  });

  it('skips windows without a score; none scored is no score', () => {
    expect(aggregateWindows([undefined, s(0.4)], 'max')).toEqual({
      score: 0.4,
      rawScore: 4,
      window: 1,
    });
    expect(aggregateWindows([s(0.4)], 'mean-top-2')).toEqual({
      score: 0.4,
      rawScore: 4,
      window: 0,
    });
    expect(aggregateWindows([undefined], 'max')).toBeUndefined();
  });
});

describe('the longDocuments setting', () => {
  it('defaults the aggregate to max and checks the overlap against the window', () => {
    expect(LongDocuments.parse({ mode: 'chunk' })).toEqual({ mode: 'chunk', aggregate: 'max' });
    const bad = LongDocuments.safeParse({ mode: 'chunk', window: 64, overlap: 64 });
    expect(bad.success).toBe(false);
    expect(LongDocuments.safeParse({ mode: 'slice' }).success).toBe(false);
    expect(LongDocuments.safeParse({ mode: 'chunk', window: 4 }).success).toBe(false);
  });
});
