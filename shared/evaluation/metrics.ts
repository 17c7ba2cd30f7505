/**
 * Relevance metrics, computed exactly as `trec_eval` (9.x) computes them, so a figure here can
 * be compared with a published one:
 *
 * - `ndcg@k` (trec_eval `ndcg_cut.k`): gain = the judged grade (linear), DCG@k = Σ_{rank ≤ k}
 *   gain / log2(rank + 1); the ideal DCG@k comes from ALL judged documents of the query sorted
 *   by grade, including judged documents that are not among the candidates. The relevance
 *   threshold does not apply: every grade above 0 is gain.
 * - `mrr@k` (`recip_rank` on the top k): 1 / rank of the first document with grade ≥ the
 *   threshold within the top k, else 0. `mrr` alone looks at the whole ranking.
 * - `recall@k` (`recall.k`): relevant documents in the top k / relevant judged documents.
 * - `p@k` (`P.k`): relevant documents in the top k / k (k, even when fewer were ranked).
 * - `map` (`map`): Σ precision at the rank of each relevant ranked document / relevant judged
 *   documents; `map@k` (`map_cut.k`) counts only the top k.
 *
 * "Relevant" means grade ≥ the threshold (trec_eval `-l`, default 1; TREC DL uses 2).
 * Unjudged documents have grade 0, as in trec_eval. Grades below 0 count as 0 gain.
 *
 * Queries with no relevant document: trec_eval does not skip them; every measure gives 0 (the
 * ideal DCG is 0 and nDCG is then 0; recall and MAP divide by nothing and are 0) and the query
 * counts in the mean. What trec_eval skips is a query with no judgment at all (not in the
 * qrels): {@link isEvaluable} says which, and the runner leaves those out of every mean.
 *
 * Ties: trec_eval orders a run by score descending, then docno descending. Here the ranking is
 * the column's order as the engine returns it, which is already total (ties in score keep the
 * input order, see `rankByScore`), so nothing is re-sorted and no document id breaks a tie.
 */
import { fail, ok, type Result } from '../util/result';

export type MetricKind = 'ndcg' | 'mrr' | 'recall' | 'precision' | 'map';

export interface MetricSpec {
  kind: MetricKind;
  /** Cutoff; undefined = the whole ranking (only `mrr` and `map`). */
  k?: number;
  /** Canonical name, e.g. `ndcg@10`, `map`. */
  name: string;
}

/** The metrics the CLI and the panel start with. */
export const DEFAULT_METRICS = ['ndcg@10', 'mrr@10', 'recall@100', 'map'] as const;

const PREFIXES: Record<string, MetricKind> = {
  ndcg: 'ndcg',
  mrr: 'mrr',
  recall: 'recall',
  r: 'recall',
  p: 'precision',
  precision: 'precision',
  map: 'map',
};
const NEEDS_CUTOFF: readonly MetricKind[] = ['ndcg', 'recall', 'precision'];
const CANONICAL: Record<MetricKind, string> = {
  ndcg: 'ndcg',
  mrr: 'mrr',
  recall: 'recall',
  precision: 'p',
  map: 'map',
};
export const MAX_CUTOFF = 10_000;

/** Parses one metric name (`ndcg@10`, `MRR@10`, `recall@100`, `map`, `P@5`). */
export function parseMetric(text: string): Result<MetricSpec> {
  const match = /^([a-z]+)(?:@(\d+))?$/.exec(text.trim().toLowerCase());
  const kind = match ? PREFIXES[match[1]!] : undefined;
  if (!match || !kind) {
    return fail(
      'invalid_request',
      `unknown metric "${text}": use ndcg@k, mrr@k, mrr, recall@k, p@k, map or map@k`,
    );
  }
  const k = match[2] === undefined ? undefined : Number(match[2]);
  if (k === undefined && NEEDS_CUTOFF.includes(kind)) {
    return fail('invalid_request', `metric "${text}" needs a cutoff, like ${CANONICAL[kind]}@10`);
  }
  if (k !== undefined && (k < 1 || k > MAX_CUTOFF)) {
    return fail('invalid_request', `metric "${text}": the cutoff must be 1 to ${MAX_CUTOFF}`);
  }
  const name = k === undefined ? CANONICAL[kind] : `${CANONICAL[kind]}@${k}`;
  return ok(k === undefined ? { kind, name } : { kind, k, name });
}

/** Parses a list (an array, or one comma-separated string); duplicates are dropped. */
export function parseMetrics(input: string | readonly string[]): Result<MetricSpec[]> {
  const names = typeof input === 'string' ? input.split(',') : input;
  const specs: MetricSpec[] = [];
  for (const name of names) {
    if (name.trim() === '') continue;
    const spec = parseMetric(name);
    if (!spec.ok) return spec;
    if (!specs.some((s) => s.name === spec.value.name)) specs.push(spec.value);
  }
  if (specs.length === 0) return fail('invalid_request', 'at least one metric is required');
  return ok(specs);
}

/** A query's judgments: document id → grade. Documents absent are unjudged (grade 0). */
export type Judgments = Readonly<Record<string, number>>;

/** trec_eval evaluates a query only if the qrels judge at least one document of it. */
export function isEvaluable(judgments: Judgments): boolean {
  return Object.keys(judgments).length > 0;
}

/** Relevant judged documents (grade ≥ threshold): the denominator of recall and MAP. */
export function relevantCount(judgments: Judgments, threshold: number): number {
  return Object.values(judgments).filter((grade) => grade >= threshold).length;
}

const gradeOf = (judgments: Judgments, id: string): number =>
  Object.hasOwn(judgments, id) ? judgments[id]! : 0;

/** `1 / log2(rank + 1)` for 1-based ranks. */
const discount = (rank: number) => 1 / Math.log2(rank + 1);

function dcg(gains: readonly number[], k: number): number {
  let sum = 0;
  const end = Math.min(k, gains.length);
  for (let i = 0; i < end; i++) if (gains[i]! > 0) sum += gains[i]! * discount(i + 1);
  return sum;
}

/**
 * Every metric of `specs` for one query's ranking (document ids, best first). Documents
 * ranked twice count once, at their first rank (a ranking from the engine never repeats one).
 */
export function evaluateRanking(
  ranking: readonly string[],
  judgments: Judgments,
  specs: readonly MetricSpec[],
  threshold: number,
): Record<string, number> {
  const seen = new Set<string>();
  const grades: number[] = [];
  for (const id of ranking) {
    if (seen.has(id)) continue;
    seen.add(id);
    grades.push(gradeOf(judgments, id));
  }
  const relevant = relevantCount(judgments, threshold);
  const idealGains = Object.values(judgments)
    .filter((grade) => grade > 0)
    .sort((a, b) => b - a);

  const values: Record<string, number> = {};
  for (const spec of specs)
    values[spec.name] = metric(spec, grades, idealGains, relevant, threshold);
  return values;
}

function metric(
  spec: MetricSpec,
  grades: readonly number[],
  idealGains: readonly number[],
  relevant: number,
  threshold: number,
): number {
  const k = spec.k ?? grades.length;
  const top = grades.slice(0, k);
  const hits = top.filter((grade) => grade >= threshold).length;
  switch (spec.kind) {
    case 'ndcg': {
      const ideal = dcg(idealGains, k);
      return ideal > 0 ? dcg(top, k) / ideal : 0;
    }
    case 'mrr': {
      const first = top.findIndex((grade) => grade >= threshold);
      return first < 0 ? 0 : 1 / (first + 1);
    }
    case 'recall':
      return relevant > 0 ? hits / relevant : 0;
    case 'precision':
      return hits / k;
    case 'map': {
      if (relevant === 0) return 0;
      let found = 0;
      let sum = 0;
      top.forEach((grade, i) => {
        if (grade >= threshold) sum += ++found / (i + 1);
      });
      return sum / relevant;
    }
  }
}

/** The arithmetic mean, or undefined for no values. */
export function mean(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}
