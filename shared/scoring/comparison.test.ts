import { describe, expect, it } from 'vitest';
import { alignDocuments } from './align-documents';
import { compareRankings, orderDocuments } from './comparison';

describe('compareRankings', () => {
  const rankings = [
    { id: 'a', label: 'A', keys: ['d0', 'd1', 'd2', 'd3'] },
    { id: 'b', label: 'B', keys: ['d2', 'd0', 'd1'] },
    { id: 'c', label: 'C', keys: ['d0', 'd1', 'd2', 'd3'] },
  ];

  it("gives every document's rank in every ranking, absent ones undefined", () => {
    const { documents } = compareRankings(rankings);
    expect(documents).toEqual([
      { key: 'd0', ranks: [0, 1, 0] },
      { key: 'd2', ranks: [2, 0, 2] },
      { key: 'd1', ranks: [1, 2, 1] },
      { key: 'd3', ranks: [3, undefined, 3] },
    ]);
  });

  it('computes the agreement of every pair once', () => {
    const { pairs } = compareRankings(rankings, { p: 0.9, k: 2 });
    expect(pairs.map(({ a, b }) => [a, b])).toEqual([
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
    // A and C are the same list.
    expect(pairs[1]!.tau.tau).toBe(1);
    expect(pairs[1]!.rbo.rbo).toBeCloseTo(1, 12);
    expect(pairs[1]!.overlap).toEqual({ k: 2, shared: 2, fraction: 1 });
    // A vs B over d0 d1 d2: A orders 0 1 2, B orders 2 0 1 → one concordant pair of three.
    expect(pairs[0]!.tau).toMatchObject({ shared: 3, concordant: 1, discordant: 2 });
    expect(pairs[0]!.overlap).toEqual({ k: 2, shared: 1, fraction: 0.5 });
  });

  it('orders the table by the reference ranking or by the largest move', () => {
    const comparison = compareRankings(rankings);
    expect(orderDocuments(comparison, 1, 'reference').map((d) => d.key)).toEqual([
      'd2',
      'd0',
      'd1',
      'd3',
    ]);
    // Against A: d2 moved 2 (in B), d0 and d1 moved 1, d3 only in A and C (no move).
    expect(orderDocuments(comparison, 0, 'largest-move').map((d) => d.key)).toEqual([
      'd2',
      'd0',
      'd1',
      'd3',
    ]);
  });
});

describe('alignDocuments', () => {
  it('keys one run by index', () => {
    expect(alignDocuments([{ text: 'a' }, { text: 'a' }]).keys).toEqual([['0:0', '0:1']]);
  });

  it('matches a second run by text, repeated texts in order, the rest apart', () => {
    const { keys, matched } = alignDocuments(
      [{ text: 'x' }, { text: 'y' }, { text: 'x' }],
      [{ text: 'x' }, { text: 'z' }, { text: 'x' }, { text: 'x' }],
    );
    expect(keys[1]).toEqual(['0:0', '1:1', '0:2', '1:3']);
    expect(matched).toBe(2);
  });

  it('matches by id when both runs give every document one', () => {
    const { keys } = alignDocuments(
      [
        { text: 'old text', id: 'p1' },
        { text: 'b', id: 7 },
      ],
      [
        { text: 'b', id: 7 },
        { text: 'new text', id: 'p1' },
      ],
    );
    expect(keys[1]).toEqual(['0:1', '0:0']);
  });
});
