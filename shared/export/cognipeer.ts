/**
 * A Cognipeer console reranker, as the body of `POST /api/reranker` (its CreateRerankerRequest:
 * `name`, `key`, `description`, `strategy`, `status`, `config`). The console runs models from
 * its Model Hub, so `config.modelKey` names the Hub entry to register for this provider and
 * model; the Rerank Studio config travels in `metadata` so it can come back unchanged.
 *
 * No tool of Cognipeer's runs here; the fields follow its source (github.com/Cognipeer/console):
 * `src/lib/services/reranker/types.ts` (CreateRerankerRequest) and `IRerankerConfig`,
 * `RerankerStrategy` and `RerankerStatus` in `src/lib/database` — cited beside each field.
 */
import { slugify, type PipelineConfig } from '../pipeline/config';
import { LlmJudgeParams, LlmListwiseParams } from '../pipeline/strategy-params';
import { providerLabel, unavailable, withKey } from './common';
import type { ExportResult } from './types';

/**
 * Our placeholders are `{query}`; the console's are `{{query}}`. It has no instruction or
 * scale placeholder: the instruction is written in, and the console asks for its own score
 * format, so our answer-format line goes.
 */
const consoleTemplate = (template: string, instruction: string) =>
  template
    .replace(/^[ \t]*\{scale\}[ \t]*\n?/gm, '')
    .replace(/\{scale\}/g, '')
    .replace(/\{instruction\}/g, instruction)
    .replace(/\{(query|document)\}/g, '{{$1}}');

export function exportCognipeer(config: PipelineConfig): ExportResult {
  const exported = withKey(config);
  if (config.strategy === 'heuristic' || config.strategy === 'fusion') {
    return unavailable(
      'cognipeer',
      config.strategy === 'heuristic'
        ? "the console's heuristic strategy scores keyword overlap and recency, not BM25 with k1 and b, so this ranking would change"
        : "the console's fusion strategy fuses the caller's input scores, not the rankings of other rerankers",
    );
  }
  if (config.provider === 'local') {
    return unavailable(
      'cognipeer',
      'the console runs models from its Model Hub, not local ONNX files',
    );
  }
  const model = config.model ?? '';
  // IRerankerConfig: modelKey (a Model Hub key, required for dedicated-model and the LLM
  // strategies), topN, scoreNormalization 'none' | 'minmax' (none: our scores as they come).
  const consoleConfig: Record<string, unknown> = {
    modelKey: slugify(`${config.provider ?? 'model'} ${model}`),
    ...(config.topN ? { topN: config.topN } : {}),
    scoreNormalization: 'none',
  };
  if (config.strategy === 'llm-judge' || config.strategy === 'llm-listwise') {
    const parsed = (config.strategy === 'llm-judge' ? LlmJudgeParams : LlmListwiseParams).safeParse(
      config.params ?? {},
    );
    // IRerankerConfig: temperature for the LLM strategies, batchSize for llm-judge's parallel
    // scoring, promptTemplate with {{query}} and {{document}} placeholders.
    if (parsed.success) {
      consoleConfig.temperature = parsed.data.temperature;
      consoleConfig.batchSize = parsed.data.concurrency;
    }
    const template = (config.params as { promptTemplate?: unknown } | undefined)?.promptTemplate;
    if (typeof template === 'string')
      consoleConfig.promptTemplate = consoleTemplate(template, config.instruction ?? '');
  }
  // CreateRerankerRequest: name, key?, description?, strategy (RerankerStrategy: dedicated-model,
  // llm-judge, llm-listwise, heuristic), status? ('active' | 'disabled'), config, metadata?.
  const body = {
    name: exported.name,
    key: exported.key,
    ...(config.description ? { description: config.description } : {}),
    strategy: config.strategy,
    status: config.disabled ? 'disabled' : 'active',
    config: consoleConfig,
    metadata: {
      source: 'rerank-studio',
      modelHub: `register ${providerLabel(config.provider)}${model ? ` ${model}` : ''} in the Model Hub as "${String(consoleConfig.modelKey)}"`,
      pipeline: exported,
    },
  };
  return {
    target: 'cognipeer',
    ok: true,
    text: `${JSON.stringify(body, null, 2)}\n`,
    fileName: `${exported.key}-cognipeer.json`,
    language: 'json',
  };
}
