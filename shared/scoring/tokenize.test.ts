import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize';

describe('tokenize', () => {
  it('lower-cases and splits on anything that is not a letter, mark or digit', () => {
    expect(tokenize("Don't STOP—now: 2024, v2.5!")).toEqual([
      'don',
      't',
      'stop',
      'now',
      '2024',
      'v2',
      '5',
    ]);
  });

  it('keeps accented and non-Latin words whole', () => {
    expect(tokenize('Café naïve Straße')).toEqual(['café', 'naïve', 'straße']);
    expect(tokenize('Привет, мир')).toEqual(['привет', 'мир']);
    expect(tokenize('नमस्ते दुनिया')).toEqual(['नमस्ते', 'दुनिया']);
    expect(tokenize('مرحبا بالعالم')).toEqual(['مرحبا', 'بالعالم']);
  });

  it('normalises compatibility forms (NFKC): full-width, ligatures, decomposed accents', () => {
    expect(tokenize('ＡＢＣ１２３')).toEqual(['abc123']);
    expect(tokenize('ﬁle')).toEqual(['file']);
    expect(tokenize('cafe\u0301')).toEqual(tokenize('café'));
  });

  it('splits Han and Kana runs into overlapping bigrams', () => {
    expect(tokenize('東京都')).toEqual(['東京', '京都']);
    expect(tokenize('猫')).toEqual(['猫']);
    expect(tokenize('すし ok')).toEqual(['すし', 'ok']);
    expect(tokenize('abc東京')).toEqual(['abc', '東京']);
  });

  it('ignores emoji and punctuation-only text', () => {
    expect(tokenize('😀 !!! ...')).toEqual([]);
  });
});

describe('the ASCII fast path', () => {
  /** The general route, written out: what every input must tokenise to. */
  function reference(text: string): string[] {
    const tokens: string[] = [];
    for (const [run] of text
      .normalize('NFKC')
      .toLowerCase()
      .matchAll(/[\p{L}\p{M}\p{N}]+/gu)) {
      tokens.push(run);
    }
    return tokens;
  }

  it('gives the general route’s tokens for every kind of ASCII text', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 500; i++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 80) }, () =>
        String.fromCharCode(Math.floor(random() * 128)),
      ).join('');
      expect(tokenize(text), JSON.stringify(text)).toEqual(reference(text));
    }
    expect(tokenize('Hello, WORLD 42-x_y\tz')).toEqual(['hello', 'world', '42', 'x', 'y', 'z']);
    expect(tokenize('')).toEqual([]);
  });
});
