/** What the search box's text becomes for FTS5 (the database tests run these for real). */
import { describe, expect, it } from 'vitest';
import { ftsQuery } from './fts-query';

describe('ftsQuery', () => {
  it('quotes every word and lets the last one match as a prefix', () => {
    expect(ftsQuery('okapi bm')).toBe('"okapi" "bm"*');
    expect(ftsQuery('okapi bm ')).toBe('"okapi" "bm"');
  });

  it('matches a last word of one letter as a word: as a prefix it would match nearly every run', () => {
    expect(ftsQuery('okapi b')).toBe('"okapi" "b"');
    expect(ftsQuery('ok')).toBe('"ok"*');
  });

  it('keeps a double-quoted stretch as one phrase, even unclosed', () => {
    expect(ftsQuery('"hall of fame" rock')).toBe('"hall of fame" "rock"*');
    expect(ftsQuery('rock "hall of')).toBe('"rock" "hall of"');
  });

  it('turns operators and syntax into literal text', () => {
    expect(ftsQuery('a AND b OR NOT c')).toBe('"a" "AND" "b" "OR" "NOT" "c"');
    expect(ftsQuery('NEAR(x -y title:z ^w')).toBe('"NEAR(x" "-y" "title:z" "^w"');
    expect(ftsQuery('title:zebra')).toBe('"title:zebra"*');
  });

  it('gives nothing for text with no letter or digit', () => {
    expect(ftsQuery('')).toBeUndefined();
    expect(ftsQuery('  "" *** ( ) ')).toBeUndefined();
  });
});
