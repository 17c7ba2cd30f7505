import { describe, expect, it } from 'vitest';
import {
  bm25Scores,
  buildCorpus,
  corpusFromCounts,
  countTerms,
  idf,
  scoreRange,
  termCounter,
} from './bm25';
import { tokenize } from './tokenize';

// Corpus: d0 = "a b" (2 terms), d1 = "a c c" (3 terms), d2 = "d" (1 term); N = 3, avgdl = 2.
// Query "c a", k1 = 1.2, b = 0.75.
//   idf(c) = ln(1 + (3 − 1 + 0.5)/(1 + 0.5)) = ln(2.666…) = 0.980829
//   idf(a) = ln(1 + (3 − 2 + 0.5)/(2 + 0.5)) = ln(1.6)     = 0.470004
//   d0: a: tf 1, |d| = avgdl → norm = k1 = 1.2 → 0.470004 · 1 · 2.2 / (1 + 1.2) = 0.470004
//   d1: norm = 1.2 · (0.25 + 0.75 · 3/2) = 1.65
//       c: 0.980829 · 2 · 2.2 / (2 + 1.65) = 1.182369;  a: 0.470004 · 2.2 / (1 + 1.65) = 0.390192
//       total 1.572561
//   d2: no query term → 0
const DOCS = ['a b', 'a c c', 'd'];

describe('BM25', () => {
  it('matches hand-computed scores', () => {
    const [d0, d1, d2] = bm25Scores('c a', DOCS, { k1: 1.2, b: 0.75 });
    expect(d0).toBeCloseTo(0.470004, 5);
    expect(d1).toBeCloseTo(1.572561, 5);
    expect(d2).toBe(0);
  });

  it('matches hand-computed IDF', () => {
    const corpus = buildCorpus(DOCS.map((d) => d.split(' ')));
    expect(idf(corpus, 'c')).toBeCloseTo(0.980829, 5);
    expect(idf(corpus, 'a')).toBeCloseTo(0.470004, 5);
    expect(idf(corpus, 'missing')).toBeCloseTo(Math.log(1 + 3.5 / 0.5), 10);
  });

  it('b = 0 removes length normalisation', () => {
    // d1 with b = 0: norm = k1 = 1.2 → c: 0.980829 · 4.4 / 3.2 + a: 0.470004 · 2.2 / 2.2
    const [, d1] = bm25Scores('c a', DOCS, { k1: 1.2, b: 0 });
    expect(d1).toBeCloseTo(0.980829 * (4.4 / 3.2) + 0.470004 * (2.2 / 2.2), 5);
  });

  it('k1 = 0 makes term frequency irrelevant (binary model)', () => {
    const [once, twice] = bm25Scores('x', ['x y', 'x x'], { k1: 0, b: 0.75 });
    expect(once).toBeCloseTo(twice!, 10);
  });

  it('counts each query term once however often it repeats', () => {
    expect(bm25Scores('c c c a', DOCS, { k1: 1.2, b: 0.75 })).toEqual(
      bm25Scores('c a', DOCS, { k1: 1.2, b: 0.75 }),
    );
  });

  it('scores in slices exactly as in one pass', () => {
    const docs = Array.from(
      { length: 50 },
      (_, i) => `term${i % 7} common ${'filler '.repeat(i % 5)}`,
    );
    const corpus = buildCorpus(docs.map((d) => d.trim().split(/\s+/)));
    const whole = scoreRange(corpus, ['term3', 'common'], { k1: 1.2, b: 0.75 });
    const sliced = [0, 20, 40].flatMap((from) =>
      scoreRange(corpus, ['term3', 'common'], { k1: 1.2, b: 0.75 }, from, Math.min(50, from + 20)),
    );
    expect(sliced).toEqual(whole);
  });

  it('is language-agnostic: ranks non-ASCII matches', () => {
    const scores = bm25Scores(
      'Straße café',
      ['eine lange strasse', 'die STRASSE und das Café', 'die straße'],
      { k1: 1.2, b: 0.75 },
    );
    expect(scores[0]).toBe(0);
    expect(scores[1]).toBeGreaterThan(0);
    expect(scores[2]).toBeGreaterThan(0);
  });
});

describe('a corpus of only the query terms', () => {
  it('scores exactly as the full corpus does', () => {
    const docs = [
      'the cat sat on the mat',
      'a dog and a cat',
      'dogs dogs dogs',
      'nothing here',
      '',
    ].map(tokenize);
    for (const query of ['cat', 'dog cat', 'mat the', 'absent words', 'dogs']) {
      const terms = tokenize(query);
      const full = buildCorpus(docs);
      const only = buildCorpus(docs, new Set(terms));
      expect(only.lengths).toEqual(full.lengths);
      expect(scoreRange(only, terms, { k1: 1.2, b: 0.75 })).toEqual(
        scoreRange(full, terms, { k1: 1.2, b: 0.75 }),
      );
    }
  });
});

describe('counting only the query terms, without a token list', () => {
  it('gives the corpus tokenize + buildCorpus gives, for ASCII and other text', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const alphabet = [
      'a',
      'b',
      'ab',
      'Ab',
      'c',
      ' ',
      ',',
      '9',
      '-',
      '_',
      'é',
      'Straße',
      '東京',
      '\t',
      'ＡＢ',
    ];
    const text = () =>
      Array.from(
        { length: Math.floor(random() * 30) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
    for (let trial = 0; trial < 200; trial++) {
      const docs = Array.from({ length: 1 + Math.floor(random() * 6) }, text);
      const terms = new Set(tokenize(text()));
      const expected = buildCorpus(docs.map(tokenize), terms);
      expect(corpusFromCounts(docs.map((d) => countTerms(d, terms))), JSON.stringify(docs)).toEqual(
        expected,
      );
    }
  });

  it('gives the same counts with one counter reused over mixed-case ASCII texts', () => {
    let seed = 5;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const alphabet = ['Heart', 'HEART', 'hEaRt', 'heartbeat', 'he', 'A', 'a1', 'Z9', ' ', '.', '-'];
    const text = () =>
      Array.from(
        { length: Math.floor(random() * 40) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
    for (let trial = 0; trial < 100; trial++) {
      const terms = new Set(tokenize(text()));
      const count = termCounter(terms);
      const docs = Array.from({ length: 1 + Math.floor(random() * 8) }, text);
      const expected = buildCorpus(docs.map(tokenize), terms);
      expect(corpusFromCounts(docs.map((d) => count(d))), JSON.stringify(docs)).toEqual(expected);
    }
  });
});
