/** The `heuristic` strategy: BM25 over the candidate set, or the input order as a baseline. */
import { heuristicParamsOf, type HeuristicParams } from '../../../shared/pipeline/config';

type Bm25Params = Extract<HeuristicParams, { method: 'bm25' }>;
import { scoreRange } from '../../../shared/scoring/bm25';
import { applyBoosts } from '../../../shared/scoring/boosts';
import { assertNever } from '../../../shared/util/assert-never';
import { yieldToEventLoop } from '../cooperative';
import type { ScoredDocument, StrategyInput, StrategyOutput, StrategyRunner } from '../strategy';

const SLICE = 2_000;

export const bm25Runner: StrategyRunner = {
  scoreKind: 'bm25',
  async score({ config, documents, shared, signal }: StrategyInput): Promise<StrategyOutput> {
    const params = heuristicParamsOf(config);
    if (params.method !== 'bm25') throw new Error(`bm25Runner got method ${params.method}`);
    const corpus = await shared.bm25Corpus();
    const terms = shared.queryTerms();
    const warnings: string[] = [];
    if (terms.length === 0) {
      warnings.push('the query has no letters or digits to match; every document scores 0');
    }
    const scores: ScoredDocument[] = [];
    const count = corpus.lengths.length;
    for (let from = 0; from < count; from += SLICE) {
      const to = Math.min(count, from + SLICE);
      scoreRange(corpus, terms, params, from, to).forEach((score, offset) =>
        scores.push({ index: from + offset, score, rawScore: score }),
      );
      if (to < count) await yieldToEventLoop(signal);
    }
    if (terms.length > 0 && scores.every((s) => s.score === 0)) {
      warnings.push('no document shares a term with the query; BM25 kept the input order');
    }
    if (!hasBoosts(params)) return { scores, warnings };
    // Boosts change the score's meaning: the raw score stays BM25's own, the score is boosted.
    const boosted = applyBoosts(
      scores.map((s) => s.score),
      documents.map((document, i) => ({
        text: document.text,
        metadata: document.metadata,
        tokenCount: corpus.lengths[i]!,
      })),
      params,
      Date.now(),
    );
    return {
      scores: scores.map((s, i) => ({ ...s, score: boosted.scores[i]! })),
      warnings: [...warnings, ...boosted.warnings],
    };
  },
};

/**
 * The input order as a ranking. It has no native score, so the score is derived from the
 * position: (N − index) / N, 1 for the first document.
 */
export const inputOrderRunner: StrategyRunner = {
  scoreKind: 'rank',
  score({ documents }: StrategyInput): Promise<StrategyOutput> {
    const n = documents.length;
    const scores = documents.map(({ index }) => {
      const score = (n - index) / n;
      return { index, score, rawScore: score };
    });
    return Promise.resolve({ scores, warnings: [] });
  },
};

function hasBoosts(params: Bm25Params): boolean {
  const { keywords, fields, recency, length } = params;
  return !!(keywords?.length || fields?.length || recency || (length && length.slope > 0));
}

export function heuristicRunnerFor(input: Pick<StrategyInput, 'config'>): StrategyRunner {
  const params = heuristicParamsOf(input.config);
  switch (params.method) {
    case 'bm25':
      return bm25Runner;
    case 'input-order':
      return inputOrderRunner;
    default:
      return assertNever(params, 'heuristic method');
  }
}
