/**
 * Reading a config file that may be JSON or YAML (the CLI, `serve`, the library). Kept apart
 * from import.ts so the renderer, which edits JSON only, does not bundle a YAML parser.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { importPipelineConfig, importPipelineConfigJson, type ImportResult } from './import';

/**
 * Reads a config file's text: JSON, or YAML. Syntax errors name the file, line and column.
 */
export function importPipelineConfigText(text: string, fileName = 'the config'): ImportResult {
  // JSON is read as JSON: YAML would accept `"strategy": }` as null and blame the wrong thing.
  if (text.trimStart().startsWith('{')) return importPipelineConfigJson(text, fileName);
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const where =
      error instanceof YAMLParseError && error.linePos
        ? ` line ${error.linePos[0].line}, column ${error.linePos[0].col}`
        : '';
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      ok: false,
      errors: [{ path: '', message: `${fileName}${where}: not valid JSON or YAML: ${reason}` }],
    };
  }
  return importPipelineConfig(raw);
}
