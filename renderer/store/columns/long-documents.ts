/**
 * Edits of a column's `longDocuments` (shared/rerank/long-documents.ts) from the column form:
 * the mode (off removes the setting), the aggregate, and window and overlap as typed (blank
 * goes back to the default). The slice checks the whole config after each edit.
 */
import type { PipelineConfig } from '../../../shared/pipeline/config';
import type { LongDocumentsInput, WindowAggregate } from '../../../shared/rerank/long-documents';
import { fail, ok, type Result } from '../../../shared/util/result';

export type LongDocumentsMode = 'off' | LongDocumentsInput['mode'];

/** The config with another mode; `off` removes the setting (documents cut as the model cuts). */
export function withLongDocumentsMode(
  config: PipelineConfig,
  mode: LongDocumentsMode,
): PipelineConfig {
  const next = { ...config };
  if (mode === 'off') delete next.longDocuments;
  else next.longDocuments = { ...config.longDocuments, mode };
  return next;
}

export function withLongDocumentsAggregate(
  config: PipelineConfig,
  aggregate: WindowAggregate,
): Result<PipelineConfig> {
  if (!config.longDocuments)
    return fail('invalid_request', 'choose how long documents are read first');
  return ok({ ...config, longDocuments: { ...config.longDocuments, aggregate } });
}

/** Window or overlap as typed: a whole number of tokens, or blank for the default. */
export function withLongDocumentsNumber(
  config: PipelineConfig,
  name: 'window' | 'overlap',
  text: string,
): Result<PipelineConfig> {
  if (!config.longDocuments)
    return fail('invalid_request', 'choose how long documents are read first');
  const next = { ...config.longDocuments };
  if (text.trim() === '') delete next[name];
  else {
    const value = Number(text);
    if (!Number.isInteger(value))
      return fail('invalid_request', `${name} must be a whole number of tokens`);
    next[name] = value;
  }
  return ok({ ...config, longDocuments: next });
}
