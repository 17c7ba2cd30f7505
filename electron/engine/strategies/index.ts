/** Which runner serves which pipeline config. New strategies register here. */
import type { PipelineConfig } from '../../../shared/pipeline/config';
import { assertNever } from '../../../shared/util/assert-never';
import { fail, ok, type Result } from '../../../shared/util/result';
import type { StrategyResolver, StrategyRunner } from '../strategy';
import { heuristicRunnerFor } from './heuristic';

export const resolveStrategy: StrategyResolver = (
  config: PipelineConfig,
): Result<StrategyRunner> => {
  switch (config.strategy) {
    case 'heuristic':
      return ok(heuristicRunnerFor({ config }));
    case 'dedicated-model':
    case 'llm-judge':
    case 'llm-listwise':
    case 'fusion':
      return fail(
        'unsupported',
        `strategy "${config.strategy}" is not available in this version of Rerank Studio yet; use "heuristic" (BM25 or input order)`,
      );
    default:
      return assertNever(config.strategy, 'strategy');
  }
};
