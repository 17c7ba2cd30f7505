/**
 * What a dropped file is, from its name and then its content: documents (txt, csv, jsonl, or
 * a JSON array), a pipeline config (JSON or YAML, which becomes a column) or a workspace
 * (which opens).
 */
import { parsePipelineConfig, type PipelineConfig } from '../../../shared/pipeline/config';
import { formatConfigIssues, importPipelineConfig } from '../../../shared/pipeline/import';
import { parseJsonText } from '../../../shared/util/json';
import { fail, ok, type Result } from '../../../shared/util/result';
import { looksLikeWorkspace } from '../../../shared/workspace/workspace';

/** A dropped file, read and recognised. */
export type DroppedContent =
  | { kind: 'documents'; text: string }
  | { kind: 'config'; config: PipelineConfig }
  | { kind: 'workspace'; text: string };

/** The file types a drop takes, for the overlay and for refusals. */
export const DROP_TYPES =
  '.txt, .csv, .json, .jsonl, a pipeline config (.json, .yaml) or a workspace (.rerank.json)';

/** A config as a column runs it: checked in full (every problem listed), then normalised. */
function configFrom(raw: unknown, name: string): Result<PipelineConfig> {
  const imported = importPipelineConfig(raw);
  if (!imported.ok)
    return fail('invalid_request', `${name}: ${formatConfigIssues(imported.errors)}`);
  const runnable: PipelineConfig = { ...imported.value };
  delete runnable.disabled;
  return parsePipelineConfig(runnable);
}

export async function classifyDroppedFile(
  name: string,
  text: string,
): Promise<Result<DroppedContent>> {
  if (/\.(txt|csv|jsonl|ndjson)$/i.test(name)) return ok({ kind: 'documents', text });
  if (/\.ya?ml$/i.test(name)) {
    // The YAML reader is loaded only when a YAML file is dropped; the editor needs none.
    const { readConfigText } = await import('../../../shared/pipeline/import-text');
    const raw = readConfigText(text, name);
    if (!raw.ok) return raw;
    // Checked like a JSON config, so its problems also start with the file's name.
    const config = configFrom(raw.value, name);
    return config.ok ? ok({ kind: 'config', config: config.value }) : config;
  }
  if (!/\.json$/i.test(name)) {
    return fail('invalid_request', `${name}: drop ${DROP_TYPES}`);
  }
  const json = parseJsonText(text);
  if (!json.ok) return fail('invalid_request', `${name}: ${json.error.message}`);
  const value = json.value;
  if (Array.isArray(value)) return ok({ kind: 'documents', text });
  if (looksLikeWorkspace(value)) return ok({ kind: 'workspace', text });
  if (typeof value === 'object' && value !== null && 'strategy' in value) {
    const config = configFrom(value, name);
    return config.ok ? ok({ kind: 'config', config: config.value }) : config;
  }
  return fail(
    'invalid_request',
    `${name}: not documents (a JSON array), a pipeline config (an object with "strategy") or a workspace ("kind": "rerank-studio-workspace")`,
  );
}
