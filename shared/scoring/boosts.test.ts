import { describe, expect, it } from 'vitest';
import { applyBoosts, type BoostDocument } from './boosts';

const NOW = Date.parse('2024-01-31T00:00:00Z');

function docs(...texts: string[]): BoostDocument[] {
  return texts.map((text) => ({ text, tokenCount: text.split(/\s+/).length }));
}

describe('length normalisation', () => {
  const sized: BoostDocument[] = [50, 100, 150].map((tokenCount) => ({ text: '', tokenCount }));

  it('divides by (1 − slope) + slope · len / pivot, pivot = mean length by default', () => {
    // slope 0.5, pivot = (50 + 100 + 150) / 3 = 100:
    //   50 tokens:  0.5 + 0.5 · 0.5 = 0.75 → 2 / 0.75 = 2.6667
    //   100 tokens: 0.5 + 0.5 · 1   = 1    → 2
    //   150 tokens: 0.5 + 0.5 · 1.5 = 1.25 → 1.6
    const { scores, warnings } = applyBoosts([2, 2, 2], sized, { length: { slope: 0.5 } }, NOW);
    expect(scores[0]).toBeCloseTo(8 / 3, 12);
    expect(scores[1]).toBe(2);
    expect(scores[2]).toBeCloseTo(1.6, 12);
    expect(warnings).toEqual([]);
  });

  it('uses an explicit pivot', () => {
    // pivot 50: 0.5 + 0.5 · 1 = 1 → 2;  0.5 + 0.5 · 2 = 1.5 → 1.3333;  0.5 + 0.5 · 3 = 2 → 1
    const { scores } = applyBoosts([2, 2, 2], sized, { length: { slope: 0.5, pivot: 50 } }, NOW);
    expect(scores[0]).toBe(2);
    expect(scores[1]).toBeCloseTo(4 / 3, 12);
    expect(scores[2]).toBe(1);
  });

  it('is off at slope 0, and skipped with a warning when no document has tokens', () => {
    expect(applyBoosts([2, 3, 4], sized, { length: { slope: 0 } }, NOW).scores).toEqual([2, 3, 4]);
    const empty = [0, 0].map((tokenCount) => ({ text: '', tokenCount }));
    expect(applyBoosts([1, 2], empty, { length: { slope: 0.3 } }, NOW)).toEqual({
      scores: [1, 2],
      warnings: ['length normalisation skipped: no document has any tokens to compare'],
    });
  });

  it('rejects a slope outside [0, 1] and a non-positive pivot', () => {
    expect(() => applyBoosts([1], sized.slice(0, 1), { length: { slope: 1.2 } }, NOW)).toThrow(
      /slope must be between 0 and 1/,
    );
    expect(() =>
      applyBoosts([1], sized.slice(0, 1), { length: { slope: 0.2, pivot: 0 } }, NOW),
    ).toThrow(/pivot must be a number > 0/);
  });
});

describe('keyword boosts', () => {
  it('adds weight · ln(1 + occurrences); a multi-word term is a consecutive phrase', () => {
    const candidates = docs(
      'Solar panels and SOLAR batteries', // solar ×2, "solar panels" ×1
      'Solar panel installation', // solar ×1, "solar panels" ×0 (panel ≠ panels)
      'Wind power',
    );
    const keywords = [
      { term: 'solar', weight: 1 },
      { term: 'Solar  Panels!', weight: 2 },
    ];
    // d0 = 1 + 1 · ln 3 + 2 · ln 2 = 1 + 1.098612 + 1.386294 = 3.484907
    // d1 = 1 + 1 · ln 2                                      = 1.693147
    // d2 = 1
    const { scores } = applyBoosts([1, 1, 1], candidates, { keywords }, NOW);
    expect(scores[0]).toBeCloseTo(3.484907, 6);
    expect(scores[1]).toBeCloseTo(1.693147, 6);
    expect(scores[2]).toBe(1);
  });

  it('counts overlapping phrase matches and supports negative weights', () => {
    // "ha ha" occurs at positions 0 and 1 of "ha ha ha": 0 + (−1) · ln 3 = −1.098612
    const { scores } = applyBoosts(
      [0],
      docs('ha ha ha'),
      { keywords: [{ term: 'ha ha', weight: -1 }] },
      NOW,
    );
    expect(scores[0]).toBeCloseTo(-1.098612, 6);
  });

  it('warns about a keyword with nothing to match', () => {
    const { scores, warnings } = applyBoosts(
      [1],
      docs('anything'),
      { keywords: [{ term: '!!!', weight: 5 }] },
      NOW,
    );
    expect(scores).toEqual([1]);
    expect(warnings).toEqual(['keyword "!!!" has no letters or digits to match; ignored']);
  });
});

describe('field boosts', () => {
  const withMetadata: BoostDocument[] = [
    {
      text: '',
      tokenCount: 1,
      metadata: { source: ' Wikipedia ', stats: { views: 120 }, verified: true, tags: ['News'] },
    },
    {
      text: '',
      tokenCount: 1,
      metadata: { source: 'blog', stats: { views: '30' }, verified: 'TRUE', tags: 'news' },
    },
    { text: '', tokenCount: 1 },
  ];

  it('adds weight on a value match and weight · number for numeric fields', () => {
    const fields = [
      { field: 'source', weight: 0.5, value: 'wikipedia' },
      { field: 'stats.views', weight: 0.01 },
      { field: 'verified', weight: 0.25, value: true },
    ];
    // d0 = 0.5 (source) + 0.01 · 120 + 0.25 (verified) = 1.95
    // d1 = 0 + 0.01 · 30 ("30" as text) + 0.25 ("TRUE" as text) = 0.55
    // d2 = 0, no metadata at all
    const { scores, warnings } = applyBoosts([0, 0, 0], withMetadata, { fields }, NOW);
    expect(scores[0]).toBeCloseTo(1.95, 12);
    expect(scores[1]).toBeCloseTo(0.55, 12);
    expect(scores[2]).toBe(0);
    expect(warnings).toEqual([
      'field "stats.views" had no number in 1 of 3 documents; they got no boost from it',
    ]);
  });

  it('matches array elements, numbers stored as text, and literal dotted keys first', () => {
    const { scores } = applyBoosts(
      [0, 0, 0],
      withMetadata,
      { fields: [{ field: 'tags', weight: 1, value: 'NEWS' }] },
      NOW,
    );
    expect(scores).toEqual([1, 1, 0]);

    const years: BoostDocument[] = [2024, '2024 ', '2023', ''].map((year) => ({
      text: '',
      tokenCount: 1,
      metadata: { year },
    }));
    expect(
      applyBoosts([0, 0, 0, 0], years, { fields: [{ field: 'year', weight: 2, value: 2024 }] }, NOW)
        .scores,
    ).toEqual([2, 2, 0, 0]);
    // "a.b" is a key of its own (5), which wins over the path a → b (7).
    const dotted: BoostDocument[] = [
      { text: '', tokenCount: 1, metadata: { 'a.b': 5, a: { b: 7 } } },
    ];
    expect(applyBoosts([0], dotted, { fields: [{ field: 'a.b', weight: 1 }] }, NOW).scores).toEqual(
      [5],
    );
  });
});

describe('recency', () => {
  const dated: BoostDocument[] = [
    '2024-01-31', // age 0 → decay 1
    '2024-01-21T02:00:00+02:00', // = 2024-01-21T00:00Z, age 10 → decay 0.5
    Date.parse('2024-01-11T00:00:00Z'), // epoch ms, age 20 → decay 0.25
    '2024-02-10', // future → age 0
    'last week', // unusable
    undefined, // missing
  ].map((published) => ({
    text: '',
    tokenCount: 1,
    metadata: published === undefined ? {} : { published },
  }));

  it('multiplies by (1 − weight) + weight · 0.5^(age / half-life)', () => {
    // weight 0.8, half-life 10 days:
    //   age 0:  0.2 + 0.8 · 1    = 1   → 10
    //   age 10: 0.2 + 0.8 · 0.5  = 0.6 → 6
    //   age 20: 0.2 + 0.8 · 0.25 = 0.4 → 4
    //   future: age 0            = 1   → 10
    //   no usable date: 1 − 0.8  = 0.2 → 2
    const { scores, warnings } = applyBoosts(
      Array(6).fill(10) as number[],
      dated,
      { recency: { field: 'published', halfLifeDays: 10, weight: 0.8 } },
      NOW,
    );
    expect(scores.map((s) => Number(s.toFixed(10)))).toEqual([10, 6, 4, 10, 2, 2]);
    expect(warnings).toEqual([
      '2 of 6 documents had no usable date in "published"; their scores were multiplied by 0.2',
    ]);
  });

  it('prefers params.now over nowMs and reads zone-less date-times as UTC', () => {
    const doc: BoostDocument[] = [
      { text: '', tokenCount: 1, metadata: { meta: { at: '2024-01-01T00:00' } } },
    ];
    // now = 2024-01-08T00:00Z: age 7 days = one half-life → 0.5 + 0.5 · 0.5 = 0.75
    const { scores } = applyBoosts(
      [4],
      doc,
      { recency: { field: 'meta.at', halfLifeDays: 7, weight: 0.5, now: '2024-01-08' } },
      NOW,
    );
    expect(scores[0]).toBeCloseTo(3, 12);
  });

  it('rejects bad recency parameters', () => {
    const one = dated.slice(0, 1);
    const recency = { field: 'published', halfLifeDays: 10, weight: 0.5 };
    expect(() => applyBoosts([1], one, { recency: { ...recency, halfLifeDays: 0 } }, NOW)).toThrow(
      RangeError,
    );
    expect(() => applyBoosts([1], one, { recency: { ...recency, weight: 1.5 } }, NOW)).toThrow(
      RangeError,
    );
    expect(() => applyBoosts([1], one, { recency: { ...recency, now: 'soon' } }, NOW)).toThrow(
      /"now" is not a usable date: soon/,
    );
  });
});

describe('applyBoosts: all boosts together', () => {
  const candidates: BoostDocument[] = [
    {
      text: 'solar power',
      tokenCount: 100,
      metadata: { source: 'gov', published: '2024-01-21' },
    },
    {
      text: 'wind power',
      tokenCount: 300,
      metadata: { source: 'blog', published: '2024-01-31' },
    },
  ];

  it('applies length, then keywords, then fields, then recency', () => {
    // pivot = mean 200, slope 0.5: d0 3 / (0.5 + 0.5 · 0.5) = 4;  d1 3 / (0.5 + 0.5 · 1.5) = 2.4
    // keyword "solar" (weight 1):    d0 4 + ln 2 = 4.693147
    // field source = gov (weight 1): d0 5.693147
    // recency, half-life 10, weight 0.5: d0 age 10 → × (0.5 + 0.25) = 4.269860; d1 age 0 → × 1
    // (recency before the boosts would give 4 · 0.75 + 1.693147 = 4.693147 instead)
    const { scores, warnings } = applyBoosts(
      [3, 3],
      candidates,
      {
        length: { slope: 0.5 },
        keywords: [{ term: 'solar', weight: 1 }],
        fields: [{ field: 'source', weight: 1, value: 'GOV' }],
        recency: { field: 'published', halfLifeDays: 10, weight: 0.5 },
      },
      NOW,
    );
    expect(scores[0]).toBeCloseTo(4.26986, 5);
    expect(scores[1]).toBeCloseTo(2.4, 12);
    expect(warnings).toEqual([]);
  });

  it('leaves scores untouched without params and checks the lengths agree', () => {
    expect(applyBoosts([3, 1], candidates, {}, NOW)).toEqual({ scores: [3, 1], warnings: [] });
    expect(() => applyBoosts([3], candidates, {}, NOW)).toThrow(/1 base scores for 2 documents/);
  });
});
