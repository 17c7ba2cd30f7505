/**
 * The `llm-judge` strategy (pointwise): the LLM grades each document on its own, with an
 * editable prompt, at temperature 0, on a declared scale, or yes/no read from the probability
 * of "yes" where the backend returns log-probabilities.
 *
 * An answer that does not parse becomes that document's error: never a made-up score.
 */
import type { DocumentError } from '../../../../shared/contract/schemas';
import { LlmJudgeParams, strategyParamsOf } from '../../../../shared/pipeline/strategy-params';
import { describeLlm, isLlmProvider } from '../../../../shared/providers/llm-catalog';
import type { RerankDocument } from '../../../../shared/rerank/documents';
import {
  gradeToScore,
  parseGrade,
  yesProbabilityFromLogprobs,
  type JudgeScale,
} from '../../../../shared/strategies/judge';
import type { ChatClient } from '../../../chat/chat-client';
import type { ChatAnswer } from '../../../chat/types';
import type { SecretStore } from '../../../secrets/secret-store';
import type { ResultCache } from '../../result-cache';
import {
  StrategyError,
  type ScoredDocument,
  type StrategyInput,
  type StrategyOutput,
  type StrategyRunner,
} from '../../strategy';
import { openLlmSession, settleAll, type LlmSession } from './calls';
import { judgeMessages } from './prompts';
import { readStrictGrade } from './strict-answers';

export interface LlmStrategyDeps {
  chat: ChatClient;
  secrets: SecretStore;
  cache: ResultCache<ChatAnswer>;
}

/** Alternatives per answer token asked for when judging yes/no by probability. */
const TOP_LOGPROBS = 5;

type Judged = { index: number; score: number; rawScore: number } | DocumentError;

export function createLlmJudgeRunner(deps: LlmStrategyDeps): StrategyRunner {
  return {
    scoreKind: 'grade',
    async score(input: StrategyInput): Promise<StrategyOutput> {
      const params = strategyParamsOf(LlmJudgeParams, input.config);
      const scale: JudgeScale =
        params.scale === 'yes-no' ? { kind: 'yes-no' } : { kind: 'numeric', ...params.scale };
      const provider = input.config.provider;
      const byProbability =
        scale.kind === 'yes-no' &&
        params.logprobs &&
        isLlmProvider(provider) &&
        describeLlm(provider).logprobs;
      const session = await openLlmSession(deps, input, params);
      let withoutLogprobs = 0;
      const judgeOne = async (document: RerankDocument): Promise<Judged> => {
        const answer = await session.chat({
          messages: judgeMessages({
            template: params.promptTemplate,
            query: input.query,
            instruction: input.instruction,
            document: document.text,
            scale: params.scale,
            hardening: params.hardening,
          }),
          temperature: params.temperature,
          maxTokens: params.maxTokens,
          ...(byProbability ? { topLogprobs: TOP_LOGPROBS } : {}),
        });
        if (byProbability) {
          const first = answer.logprobs?.[0]?.top;
          const pYes = first ? yesProbabilityFromLogprobs(first) : undefined;
          if (pYes !== undefined) return { index: document.index, score: pYes, rawScore: pYes };
          withoutLogprobs++;
        }
        const grade = params.hardening
          ? readStrictGrade(answer.text, scale)
          : parseGrade(answer.text, scale);
        if (!grade.ok) return documentError(document, grade.reason, answer);
        return {
          index: document.index,
          score: gradeToScore(grade.grade, scale),
          rawScore: grade.grade,
        };
      };

      // One call per document: a long wait for many, so each answer counts as progress.
      const total = input.documents.length;
      const report = total > 1 ? input.onProgress : undefined;
      let answered = 0;
      report?.({ unit: 'documents', done: 0, total });
      const judgeAndCount = async (document: RerankDocument): Promise<Judged> => {
        const result = await judgeOne(document);
        report?.({ unit: 'documents', done: ++answered, total });
        return result;
      };
      const judged = await withSessionMeta(session, () =>
        settleAll(input.documents, judgeAndCount),
      );
      const scores = judged.filter((j): j is ScoredDocument => 'score' in j);
      const documentErrors = judged.filter((j): j is DocumentError => 'message' in j);
      const warnings = [...session.warnings()];
      if (withoutLogprobs > 0) {
        warnings.push(
          `${withoutLogprobs} answer${withoutLogprobs === 1 ? '' : 's'} came without log-probabilities for yes/no; read from the text instead`,
        );
      }
      if (documentErrors.length > 0) {
        warnings.push(
          `${documentErrors.length} of ${input.documents.length} answers could not be read as a grade; what they judged is left out of the ranking (a document, or a window of one)`,
        );
      }
      return {
        scores,
        warnings,
        documentErrors,
        scoreKind: byProbability ? 'probability' : 'grade',
        meta: session.meta(),
      };
    },
  };
}

function documentError(
  document: RerankDocument,
  reason: string,
  answer: ChatAnswer,
): DocumentError {
  const shown = answer.text.length > 120 ? `${answer.text.slice(0, 120)}…` : answer.text;
  const cut = answer.finishReason === 'length' || answer.finishReason === 'max_tokens';
  const message = `${reason}; the answer was ${JSON.stringify(shown)}${cut ? ' (cut off at maxTokens)' : ''}`;
  return document.id === undefined
    ? { index: document.index, message }
    : { index: document.index, id: document.id, message };
}

/** Re-throws a column failure with everything the session spent, not what it had spent then. */
export async function withSessionMeta<T>(session: LlmSession, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StrategyError) throw new StrategyError(error.error, session.meta());
    throw error;
  }
}
