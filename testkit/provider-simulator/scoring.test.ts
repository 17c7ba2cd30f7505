import { describe, expect, it } from 'vitest';
import { simulatedLogit } from './scoring';

/** The definition the simulator's scoring must agree with: token sets, built the slow way. */
function referenceOverlapShare(query: string, document: string): number {
  const tokens = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const queryTokens = tokens(query);
  const documentTokens = tokens(document);
  let overlap = 0;
  for (const token of queryTokens) if (documentTokens.has(token)) overlap++;
  return overlap / Math.max(1, queryTokens.size);
}

// Letters, digits, separators, accents (composed and combining), CJK, an astral letter
// (U+20000), an emoji, and a capital whose lower case is two code units (İ).
const PIECES = [
  'heart',
  'Heart',
  'hearts',
  'art',
  'he',
  '7',
  'x9',
  ' ',
  '-',
  '.',
  'é',
  'e\u0301',
  '心',
  '心臓',
  '𠀀',
  '😀',
  'İ',
  'i',
  '_',
  "'",
];

function randomText(next: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += PIECES[Math.floor(next() * PIECES.length)];
  return text;
}

describe('simulatedLogit', () => {
  it('scores the share of query tokens found whole in the document', () => {
    let seed = 42;
    const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (let i = 0; i < 5000; i++) {
      const query = randomText(next, 1 + Math.floor(next() * 6));
      const document = randomText(next, Math.floor(next() * 20));
      const expected = 4 * referenceOverlapShare(query, document) - 2;
      expect({ query, document, logit: simulatedLogit(query, document) }).toEqual({
        query,
        document,
        logit: expect.closeTo(expected, 6) as unknown,
      });
    }
  });

  it('finds tokens at the edges and not inside longer words', () => {
    expect(simulatedLogit('heart', 'heart')).toBeCloseTo(2, 6);
    expect(simulatedLogit('heart', 'sweetheart hearts')).toBeCloseTo(-2, 6);
    expect(simulatedLogit('heart', 'sweetheart, heart.')).toBeCloseTo(2, 6);
    expect(simulatedLogit('心', '𠀀心')).toBeCloseTo(-2, 6);
    expect(simulatedLogit('心', '😀心')).toBeCloseTo(2, 6);
  });
});
