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
