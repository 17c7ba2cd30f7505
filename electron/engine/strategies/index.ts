/** Which runner serves which pipeline config. New strategies register here. */
import type { PipelineConfig } from '../../../shared/pipeline/config';
import { assertNever } from '../../../shared/util/assert-never';
import { fail, ok, type Result } from '../../../shared/util/result';
import type { StrategyResolver, StrategyRunner } from '../strategy';
import { fusionRunner } from './fusion';
import { heuristicRunnerFor } from './heuristic';

export interface StrategyRunners {
  dedicatedModel?: StrategyRunner;
  /** Local ONNX cross-encoders: `dedicated-model` configs whose provider is `local`. */
  localModel?: StrategyRunner;
  llmJudge?: StrategyRunner;
  llmListwise?: StrategyRunner;
}

export function createStrategyResolver(runners: StrategyRunners = {}): StrategyResolver {
  return (config: PipelineConfig): Result<StrategyRunner> => {
    switch (config.strategy) {
      case 'heuristic':
        return ok(heuristicRunnerFor({ config }));
      case 'dedicated-model': {
        if (config.provider !== 'local') {
          return runners.dedicatedModel
            ? ok(runners.dedicatedModel)
            : notAvailable(config.strategy);
        }
        if (runners.localModel) return ok(runners.localModel);
        return fail(
          'unsupported',
          'local models need the inference worker, which this host was started without (run `npm run build`)',
        );
      }
      case 'fusion':
        return ok(fusionRunner);
      case 'llm-judge':
        return runners.llmJudge ? ok(runners.llmJudge) : notAvailable(config.strategy);
      case 'llm-listwise':
        return runners.llmListwise ? ok(runners.llmListwise) : notAvailable(config.strategy);
      default:
        return assertNever(config.strategy, 'strategy');
    }
  };
}

function notAvailable(strategy: string): Result<never> {
  return fail(
    'unsupported',
    `strategy "${strategy}" is not available in this host (it was started without network access for it)`,
  );
}

/** Heuristics and fusions of them only: what needs no network, key or model. */
export const resolveStrategy: StrategyResolver = createStrategyResolver();
