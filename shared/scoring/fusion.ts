/**
 * Combining several rankers' outputs into one ranking.
 *
 * Members may cover only some documents (a slow LLM judge limited to the first stage's top N,
 * for instance), so every method says what a missing document is worth to a member:
 *
 * - Reciprocal Rank Fusion (Cormack, Clarke & Büttcher 2009) uses ranks only, which makes it
 *   immune to members scoring on different scales. A missing document simply earns nothing.
 * - Weighted fusion normalises each member's scores and sums them with weights; a missing
 *   document gets the member's lowest normalised value (see `weightedFusion`).
 * - CombSUM / CombMNZ (Fox & Shaw 1994) sum normalised scores over the members that ranked the
 *   document; CombMNZ multiplies by how many did, rewarding agreement.
 *
 * Every method returns one entry per document that appears in at least one member, sorted
 * best first with ties broken by lower index (the rule of `rankByScore`). Non-finite member
 * scores count as "not scored by this member": the entry is dropped before fusing, so a NaN
 * from one ranker cannot turn a fused score into NaN.
 *
 * Misuse (indices outside the candidate set, a document listed twice by one member, bad
 * weights) is a programming or configuration error and throws a RangeError naming it.
 */
import { normalizeScores, type Normalization } from './normalize';
import { rankByScore, type Scored } from './ranking';

export interface FusionMember {
  /** This member's scores, for all documents or only some of them. */
  scores: readonly Scored[];
}

export interface RrfOptions {
  /** Damping constant: larger k flattens the gap between top ranks. 60 as in the paper. */
  k?: number;
  /** One weight per member, finite and ≥ 0; every member weighs 1 by default. */
  weights?: readonly number[];
}

export interface WeightedFusionOptions {
  normalization: Normalization;
  weights?: readonly number[];
}

export interface CombOptions {
  normalization: Normalization;
}

/**
 * score(d) = Σ_m w_m / (k + rank_m(d)), rank_m 1-based by descending member score, summed over
 * the members that ranked d.
 */
export function reciprocalRankFusion(
  members: readonly FusionMember[],
  documentCount: number,
  options: RrfOptions = {},
): Scored[] {
  const k = options.k ?? 60;
  if (!Number.isFinite(k) || k < 0) {
    throw new RangeError(`RRF k must be a finite number ≥ 0, got ${k}`);
  }
  const weights = checkWeights(options.weights, members.length);
  const fused = new Map<number, number>();
  cleanMembers(members, documentCount).forEach((scores, m) => {
    rankByScore(scores).forEach(({ index }, position) => {
      fused.set(index, (fused.get(index) ?? 0) + weights[m]! / (k + position + 1));
    });
  });
  return ranked(fused);
}

/**
 * score(d) = Σ_m w_m · norm_m(d), each member normalised over the documents it covers.
 *
 * A document a member did not score gets that member's minimum normalised value: a member cut
 * to its top N says the rest ranked below everything it kept, and "as good as its worst kept
 * document" is the closest value that claim allows without inventing a scale below it. This
 * also keeps the method fair between full and partial members: a full member gives its worst
 * document the same value. A member with no scores at all contributes nothing.
 */
export function weightedFusion(
  members: readonly FusionMember[],
  documentCount: number,
  options: WeightedFusionOptions,
): Scored[] {
  const weights = checkWeights(options.weights, members.length);
  const normalised = normaliseMembers(members, documentCount, options.normalization);
  const covered = coveredIndices(normalised);
  const fused = new Map<number, number>();
  normalised.forEach((values, m) => {
    if (values.size === 0) return;
    const floor = minimum(values.values());
    for (const index of covered) {
      fused.set(index, (fused.get(index) ?? 0) + weights[m]! * (values.get(index) ?? floor));
    }
  });
  return ranked(fused);
}

/**
 * CombSUM: Σ norm_m(d) over the members that scored d; a missing document adds nothing (unlike
 * `weightedFusion`), so being ranked by more members helps.
 */
export function combSum(
  members: readonly FusionMember[],
  documentCount: number,
  options: CombOptions,
): Scored[] {
  return comb(members, documentCount, options.normalization, false);
}

/**
 * CombMNZ: CombSUM × the number of members that scored d, which rewards documents several
 * rankers agree on. Meant for non-negative normalisations (minmax, rank); with zscore a
 * negative sum grows more negative with agreement, which is rarely what anyone wants.
 */
export function combMnz(
  members: readonly FusionMember[],
  documentCount: number,
  options: CombOptions,
): Scored[] {
  return comb(members, documentCount, options.normalization, true);
}

function comb(
  members: readonly FusionMember[],
  documentCount: number,
  normalization: Normalization,
  multiplyByHits: boolean,
): Scored[] {
  const sums = new Map<number, number>();
  const hits = new Map<number, number>();
  for (const values of normaliseMembers(members, documentCount, normalization)) {
    for (const [index, value] of values) {
      sums.set(index, (sums.get(index) ?? 0) + value);
      hits.set(index, (hits.get(index) ?? 0) + 1);
    }
  }
  if (multiplyByHits) for (const [index, sum] of sums) sums.set(index, sum * hits.get(index)!);
  return ranked(sums);
}

/** Weights as given, or 1 per member; the wrong count or a negative/non-finite weight throws. */
function checkWeights(weights: readonly number[] | undefined, memberCount: number): number[] {
  if (weights === undefined) return Array.from({ length: memberCount }, () => 1);
  if (weights.length !== memberCount) {
    throw new RangeError(
      `weights has ${weights.length} entries but there are ${memberCount} members`,
    );
  }
  weights.forEach((w, m) => {
    if (!Number.isFinite(w) || w < 0) {
      throw new RangeError(`weight of member ${m} is ${w}; weights must be finite and ≥ 0`);
    }
  });
  return [...weights];
}

/**
 * Each member's finite scores, after checking that indices are integers inside the candidate
 * set and that no member lists a document twice (which would count it twice).
 */
function cleanMembers(members: readonly FusionMember[], documentCount: number): Scored[][] {
  if (!Number.isInteger(documentCount) || documentCount < 0) {
    throw new RangeError(`documentCount must be an integer ≥ 0, got ${documentCount}`);
  }
  return members.map(({ scores }, m) => {
    const seen = new Set<number>();
    for (const { index } of scores) {
      if (!Number.isInteger(index) || index < 0 || index >= documentCount) {
        throw new RangeError(
          `member ${m} scores document ${index}, outside 0..${documentCount - 1}`,
        );
      }
      if (seen.has(index)) throw new RangeError(`member ${m} scores document ${index} twice`);
      seen.add(index);
    }
    return scores.filter(({ score }) => Number.isFinite(score));
  });
}

/** Per member: document index → normalised score, over the documents that member covers. */
function normaliseMembers(
  members: readonly FusionMember[],
  documentCount: number,
  normalization: Normalization,
): Map<number, number>[] {
  return cleanMembers(members, documentCount).map((scores) => {
    const values = normalizeScores(
      scores.map((s) => s.score),
      normalization,
    );
    return new Map(scores.map(({ index }, i) => [index, values[i]!]));
  });
}

function coveredIndices(members: readonly Map<number, number>[]): Set<number> {
  const covered = new Set<number>();
  for (const values of members) for (const index of values.keys()) covered.add(index);
  return covered;
}

function minimum(values: Iterable<number>): number {
  let min = Infinity;
  for (const v of values) if (v < min) min = v;
  return min;
}

function ranked(fused: ReadonlyMap<number, number>): Scored[] {
  return rankByScore([...fused].map(([index, score]) => ({ index, score })));
}
