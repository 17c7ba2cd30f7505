import { describe, expect, it } from 'vitest';
import {
  formatFieldLines,
  formatKeywordLines,
  parseFieldLines,
  formatRecencyLine,
  parseKeywordLines,
  parseRecencyLine,
} from './boost-lines';

describe('boost lines', () => {
  it('reads keyword and phrase boosts, and writes them back the same way', () => {
    const text = 'dog training = 2\n\n# demote spam\nbuy now = −1.5\nwhat = is = 0.5';
    const parsed = parseKeywordLines(text);
    expect(parsed).toEqual({
      ok: true,
      value: [
        { term: 'dog training', weight: 2 },
        { term: 'buy now', weight: -1.5 },
        { term: 'what = is', weight: 0.5 },
      ],
    });
    if (parsed.ok) expect(parseKeywordLines(formatKeywordLines(parsed.value))).toEqual(parsed);
  });

  it('names the line that does not read', () => {
    const parsed = parseKeywordLines('cat = 1\ndog 2');
    expect(parsed.ok ? '' : parsed.error.message).toMatch(/^keyword line 2: write "term/);
    expect(parseKeywordLines('= 3').ok).toBe(false);
    expect(parseKeywordLines('cat = lots').ok).toBe(false);
  });

  it('reads field boosts with and without a value, typing true/false and numbers', () => {
    const parsed = parseFieldLines(
      'source = vet : 3\npopularity : 0.1\nfeatured = true : 1\nyear = 2024 : 0.5',
    );
    expect(parsed).toEqual({
      ok: true,
      value: [
        { field: 'source', value: 'vet', weight: 3 },
        { field: 'popularity', weight: 0.1 },
        { field: 'featured', value: true, weight: 1 },
        { field: 'year', value: 2024, weight: 0.5 },
      ],
    });
    if (parsed.ok) expect(parseFieldLines(formatFieldLines(parsed.value))).toEqual(parsed);
    const refused = parseFieldLines('source = vet');
    expect(refused.ok ? '' : refused.error.message).toMatch(/^field line 1: /);
    expect(parseFieldLines('source = : 2').ok).toBe(false);
  });
});

describe('the recency line', () => {
  it('reads field, half-life and weight, and refuses what the host would', () => {
    expect(parseRecencyLine('published, 30')).toEqual({
      ok: true,
      value: { field: 'published', halfLifeDays: 30, weight: 1 },
    });
    expect(
      parseRecencyLine(formatRecencyLine({ field: 'd', halfLifeDays: 7, weight: 0.5 })),
    ).toEqual({
      ok: true,
      value: { field: 'd', halfLifeDays: 7, weight: 0.5 },
    });
    expect(parseRecencyLine('  ')).toEqual({ ok: true, value: undefined });
    for (const bad of ['published', 'published, 0', 'published, 30, 2', 'a, 1, 1, 1']) {
      expect(parseRecencyLine(bad).ok, bad).toBe(false);
    }
  });
});
