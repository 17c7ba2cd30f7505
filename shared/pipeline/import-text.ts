/**
 * Reading a config file that may be JSON or YAML (the CLI, `serve`, the library). Kept apart
 * from import.ts so the renderer, which edits JSON only, does not bundle a YAML parser.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { parseJsonText } from '../util/json';
import { fail, ok, type Result } from '../util/result';
import { importPipelineConfig, type ImportResult } from './import';

/**
 * A config file's text as data: JSON, or YAML. Syntax errors name the file, line and column.
 *
 * JSON is read as JSON: YAML would accept `"strategy": }` as null and blame the wrong thing,
 * and its parser recurses, so a deeply nested JSON config would end in a stack overflow there
 * instead of reaching the config's nesting limit (`JSON.parse` does not recurse).
 */
export function readConfigText(text: string, fileName = 'the config'): Result<unknown> {
  if (text.trimStart().startsWith('{')) {
    const json = parseJsonText(text);
    return json.ok ? json : fail('invalid_request', `${fileName}: ${json.error.message}`);
  }
  try {
    return ok(parseYaml(text, { prettyErrors: true }) as unknown);
  } catch (error) {
    const where =
      error instanceof YAMLParseError && error.linePos
        ? ` line ${error.linePos[0].line}, column ${error.linePos[0].col}`
        : '';
    const first = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    // The YAML parser recurses: a document nested thousands deep overflows its stack.
    const reason = /Maximum call stack size exceeded/.test(first)
      ? 'it nests too deeply to read'
      : first;
    return fail('invalid_request', `${fileName}${where}: not valid JSON or YAML: ${reason}`);
  }
}

/** Reads and validates a config file's text, listing every problem (see import.ts). */
export function importPipelineConfigText(text: string, fileName = 'the config'): ImportResult {
  const raw = readConfigText(text, fileName);
  if (!raw.ok) return { ok: false, errors: [{ path: '', message: raw.error.message }] };
  return importPipelineConfig(raw.value);
}
