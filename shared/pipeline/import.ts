/**
 * Importing a pipeline config someone wrote or exported: every problem at once, each with the
 * path of the field it is about, so a file can be fixed in one pass. The key is generated from
 * the name when the file has none. (Runs and the CLI keep `parsePipelineConfig`, which stops at
 * the first problem and whose messages they already show.)
 */
import { formatIssue, formatPath, withoutPathPrefixes } from '../contract/issues';
import { parseJsonText } from '../util/json';
import { PipelineConfig, pipelineKey, refuseBeforeParsing } from './config';

/** One thing wrong with an imported config. */
export interface ConfigIssue {
  /** `params.k1`, `fallbacks[0].provider`; empty for the document itself. */
  path: string;
  /** A sentence naming the field. */
  message: string;
}

export type ImportResult =
  { ok: true; value: PipelineConfig } | { ok: false; errors: ConfigIssue[] };

/** Validates a parsed document and fills in `key` from `name` when it is absent. */
export function importPipelineConfig(raw: unknown): ImportResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [{ path: '', message: 'a pipeline config must be an object' }] };
  }
  const refused = refuseBeforeParsing(raw);
  if (refused && !refused.ok) {
    const path = formatPath(refused.error.path ?? []);
    return { ok: false, errors: [{ path, message: refused.error.message }] };
  }
  const parsed = PipelineConfig.safeParse(raw);
  if (!parsed.success) {
    const seen = new Set<string>();
    const errors: ConfigIssue[] = [];
    for (const issue of parsed.error.issues) {
      const path = formatPath(issue.path);
      const bare = withoutPathPrefixes(formatIssue(issue), path);
      const message = path === '' ? bare : `${path}: ${bare}`;
      if (seen.has(message)) continue;
      seen.add(message);
      errors.push({ path, message });
    }
    return { ok: false, errors };
  }
  return { ok: true, value: { ...parsed.data, key: pipelineKey(parsed.data) } };
}

/** Reads JSON a person typed or a file held; a syntax error names the line and column. */
export function importPipelineConfigJson(text: string, fileName = 'the config'): ImportResult {
  const json = parseJsonText(text);
  if (!json.ok) {
    return { ok: false, errors: [{ path: '', message: `${fileName}: ${json.error.message}` }] };
  }
  return importPipelineConfig(json.value);
}

/** The errors as lines a person reads, one per problem. */
export function formatConfigIssues(errors: readonly ConfigIssue[]): string {
  return errors.map((error) => error.message).join('\n');
}
