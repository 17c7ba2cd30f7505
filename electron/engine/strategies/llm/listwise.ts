/**
 * The `llm-listwise` strategy: RankGPT's permutation generation (Sun et al. 2023) with a
 * sliding window. The model sees `window` passages at a time and answers with their order;
 * the window moves from the bottom of the list to the top by `step`, so a relevant document
 * found low in the list is carried up window by window. Windows run one after another: each
 * reorders what the one before it produced.
 *
 * Scores are positions: the first document gets 1, the last 1/N. Messy answers are repaired
 * (missing ids appended in their previous order, duplicates and unknown ids dropped) with a
 * warning naming the window.
 */
import { LlmListwiseParams, strategyParamsOf } from '../../../../shared/pipeline/strategy-params';
import {
  applyWindowPermutation,
  parsePermutation,
  slidingWindowPlan,
} from '../../../../shared/strategies/listwise';
import { type StrategyInput, type StrategyOutput, type StrategyRunner } from '../../strategy';
import { openLlmSession } from './calls';
import { withSessionMeta, type LlmStrategyDeps } from './judge';
import { listwiseMessages } from './prompts';

export function createLlmListwiseRunner(deps: LlmStrategyDeps): StrategyRunner {
  return {
    scoreKind: 'rank',
    async score(input: StrategyInput): Promise<StrategyOutput> {
      const params = strategyParamsOf(LlmListwiseParams, input.config);
      const session = await openLlmSession(deps, input, params);
      const { documents } = input;
      const plan = slidingWindowPlan(documents.length, params.window, params.step);
      const warnings: string[] = [];
      const cut = new Set<number>();
      const passage = (position: number) => {
        const text = documents[position]!.text;
        if (text.length <= params.maxPassageChars) return text;
        cut.add(position);
        return text.slice(0, params.maxPassageChars);
      };

      // Positions into `documents`, in the current order; starts as the input order.
      let ranking = documents.map((_, position) => position);
      await withSessionMeta(session, async () => {
        for (const [w, window] of plan.entries()) {
          const ids = ranking.slice(window.start, window.end);
          const answer = await session.chat({
            messages: listwiseMessages({
              query: input.query,
              instruction: input.instruction,
              passages: ids.map(passage),
              hardening: params.hardening,
            }),
            temperature: params.temperature,
            maxTokens: params.maxTokens,
          });
          const parsed = parsePermutation(answer.text, ids.length);
          const where = `window ${w + 1} of ${plan.length} (positions ${window.start + 1}–${window.end})`;
          for (const warning of parsed.warnings) warnings.push(`${where}: ${warning}`);
          ranking = applyWindowPermutation(ranking, window, parsed.order);
        }
      });

      if (cut.size > 0) {
        warnings.push(
          `${cut.size} passage${cut.size === 1 ? ' was' : 's were'} cut to ${params.maxPassageChars} characters for the prompt`,
        );
      }
      warnings.push(
        `${plan.length} LLM call${plan.length === 1 ? '' : 's'} for ${documents.length} documents (window ${params.window}, step ${params.step})`,
        ...session.warnings(),
      );
      const count = documents.length;
      const scores = ranking.map((position, rank) => ({
        index: documents[position]!.index,
        score: (count - rank) / count,
        rawScore: rank + 1,
      }));
      return { scores, warnings, meta: session.meta() };
    },
  };
}
