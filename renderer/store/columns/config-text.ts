/**
 * Pure helpers behind the column config editors: which pipeline a config is, the default
 * config of a provider, and reading JSON that a person typed (with a location when it is
 * broken). The slice's actions use them; components only render what they return.
 */
import { HeuristicParams, type PipelineConfig } from '../../../shared/pipeline/config';
import { describeProvider, type RerankProvider } from '../../../shared/providers/catalog';
import { describeType, isPlainObject } from '../../../shared/rerank/documents';
import { parseJsonText } from '../../../shared/util/json';
import { fail, ok, type Result } from '../../../shared/util/result';

/** What the Pipeline select shows; `other` covers strategies only Edit config can set up. */
export type PipelineKind =
  | 'bm25'
  | 'input-order'
  | 'dedicated-model'
  | 'local-model'
  | 'llm-judge'
  | 'llm-listwise'
  | 'fusion';

export function pipelineKindOf(config: PipelineConfig): PipelineKind {
  if (config.strategy === 'dedicated-model') {
    return config.provider === 'local' ? 'local-model' : 'dedicated-model';
  }
  if (config.strategy !== 'heuristic') return config.strategy;
  const params = HeuristicParams.safeParse(config.params ?? { method: 'bm25' });
  // Broken heuristic params are shown as BM25 with its defaults (and an error) so they can be fixed.
  return params.success ? params.data.method : 'bm25';
}

/**
 * A fresh config for a rerank API: named after the provider, with nothing provider-specific
 * carried over (model ids, URLs and params such as batch sizes mean nothing to another provider).
 */
export function providerConfig(provider: RerankProvider): PipelineConfig {
  return {
    version: 1,
    name: describeProvider(provider).label,
    strategy: 'dedicated-model',
    provider,
  };
}

/** The config as the Edit config dialog shows it. */
export function formatConfigJson(config: PipelineConfig): string {
  return JSON.stringify(config, null, 2);
}

/** A config's `params` as the Parameters box shows it; empty when there are none. */
export function formatParamsJson(params: PipelineConfig['params']): string {
  return params === undefined || Object.keys(params).length === 0
    ? ''
    : JSON.stringify(params, null, 2);
}

/** Parses the Parameters box: blank means no params, anything else must be a JSON object. */
export function parseParamsText(text: string): Result<Record<string, unknown> | undefined> {
  if (text.trim() === '') return ok(undefined);
  const parsed = parseJsonText(text);
  if (!parsed.ok) return parsed;
  if (!isPlainObject(parsed.value)) {
    return fail(
      'invalid_request',
      `parameters must be a JSON object (got ${describeType(parsed.value)})`,
    );
  }
  return ok(parsed.value);
}
