/**
 * A comparison of several rankings of (mostly) the same documents: each document's rank in
 * every ranking, how it moved against a reference ranking, and the agreement of every pair.
 * Rankings come from the columns of one run or of two runs; documents are matched by key.
 */
import {
  kendallTau,
  rankBiasedOverlap,
  topKOverlap,
  type KendallTau,
  type Rbo,
  type TopKOverlap,
} from './agreement';

export interface RankingInput {
  /** Stable id (a column id, or run + column). */
  id: string;
  label: string;
  /** Document keys, best first. */
  keys: readonly string[];
}

export interface ComparedDocument {
  key: string;
  /** 0-based rank in each ranking, in the order the rankings were given; undefined if absent. */
  ranks: (number | undefined)[];
}

export interface PairAgreement {
  /** Positions of the two rankings in the list given. */
  a: number;
  b: number;
  tau: KendallTau;
  rbo: Rbo;
  overlap: TopKOverlap;
}

export interface ComparisonOptions {
  /** RBO persistence (default 0.9). */
  p?: number;
  /** Depth of the top-k overlap (default 10). */
  k?: number;
}

export interface Comparison {
  rankings: readonly RankingInput[];
  /** Every document some ranking holds, in order of its best rank (ties: first ranking first). */
  documents: ComparedDocument[];
  /** Every pair i < j. */
  pairs: PairAgreement[];
}

export function compareRankings(
  rankings: readonly RankingInput[],
  options: ComparisonOptions = {},
): Comparison {
  const { p = 0.9, k = 10 } = options;
  const byKey = new Map<string, ComparedDocument>();
  rankings.forEach((ranking, r) => {
    ranking.keys.forEach((key, rank) => {
      let document = byKey.get(key);
      if (!document) {
        document = { key, ranks: new Array<number | undefined>(rankings.length).fill(undefined) };
        byKey.set(key, document);
      }
      if (document.ranks[r] === undefined) document.ranks[r] = rank;
    });
  });
  const documents = [...byKey.values()].sort(
    (x, y) => bestRank(x) - bestRank(y) || firstRanking(x) - firstRanking(y),
  );
  const pairs: PairAgreement[] = [];
  for (let a = 0; a < rankings.length; a++) {
    for (let b = a + 1; b < rankings.length; b++) {
      const left = rankings[a]!.keys;
      const right = rankings[b]!.keys;
      pairs.push({
        a,
        b,
        tau: kendallTau(left, right),
        rbo: rankBiasedOverlap(left, right, p),
        overlap: topKOverlap(left, right, k),
      });
    }
  }
  return { rankings, documents, pairs };
}

function bestRank(document: ComparedDocument): number {
  let best = Infinity;
  for (const rank of document.ranks) if (rank !== undefined && rank < best) best = rank;
  return best;
}

function firstRanking(document: ComparedDocument): number {
  return document.ranks.findIndex((rank) => rank !== undefined);
}

/** Sort orders of the document table. */
export type DocumentOrder = 'reference' | 'largest-move';

/**
 * The documents in table order: by rank in the reference ranking (absent ones last), or by the
 * largest move between the reference and any other ranking (absent ones after every mover).
 */
export function orderDocuments(
  comparison: Comparison,
  reference: number,
  order: DocumentOrder,
): ComparedDocument[] {
  const rankIn = (document: ComparedDocument) => document.ranks[reference] ?? Infinity;
  if (order === 'reference') {
    return [...comparison.documents].sort((x, y) => rankIn(x) - rankIn(y));
  }
  const move = (document: ComparedDocument) => {
    const from = document.ranks[reference];
    if (from === undefined) return -1;
    let largest = 0;
    document.ranks.forEach((to, r) => {
      if (r !== reference && to !== undefined) largest = Math.max(largest, Math.abs(from - to));
    });
    return largest;
  };
  return [...comparison.documents].sort((x, y) => move(y) - move(x) || rankIn(x) - rankIn(y));
}
