/** The `heuristic` strategy: BM25 over the candidate set, or the input order as a baseline. */
import { heuristicParamsOf } from '../../../shared/pipeline/config';
import { scoreRange } from '../../../shared/scoring/bm25';
import { assertNever } from '../../../shared/util/assert-never';
import { yieldToEventLoop } from '../cooperative';
import type { ScoredDocument, StrategyInput, StrategyOutput, StrategyRunner } from '../strategy';

const SLICE = 2_000;

export const bm25Runner: StrategyRunner = {
  scoreKind: 'bm25',
  async score({ config, shared, signal }: StrategyInput): Promise<StrategyOutput> {
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
    return { scores, warnings };
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
