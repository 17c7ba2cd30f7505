/**
 * Reading a config file that may be JSON or YAML (the CLI, `serve`, the library). Kept apart
 * from import.ts so the renderer, which edits JSON only, does not bundle a YAML parser.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { parseJsonText } from '../util/json';
import { fail, ok, type Result } from '../util/result';
import { importPipelineConfig, type ImportResult } from './import';
import { MAX_CONFIG_NESTING } from './config-limits';

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
  const depth = yamlNesting(text);
  if (depth > MAX_CONFIG_NESTING + 1) {
    return fail(
      'invalid_request',
      `${fileName}: nests at least ${depth} levels deep; a config nests at most ${MAX_CONFIG_NESTING}`,
    );
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

/**
 * A lower bound of a YAML document's nesting, in one pass and without parsing: the deepest
 * line's indentation levels plus its open flow collections (`[`, `{`), outside quotes,
 * comments and block scalars. The YAML parser recurses per level (a 10,000-deep `[[[…]]]` took
 * it 0.7–2 s before its stack overflowed), so a document deeper than any valid config is
 * refused here, before it reaches the parser.
 */
export function yamlNesting(text: string): number {
  const indents: number[] = [];
  let flow = 0;
  let deepest = 0;
  let scalarIndent = -1; // inside a block scalar (`|`, `>`): lines indented deeper than this
  for (const line of text.split('\n')) {
    const indent = line.length - line.trimStart().length;
    const content = line.trim();
    if (content === '' || content.startsWith('#')) continue;
    if (scalarIndent >= 0 && indent > scalarIndent && flow === 0) continue;
    scalarIndent = -1;
    if (flow === 0) {
      while (indents.length > 0 && indents.at(-1)! >= indent) indents.pop();
      indents.push(indent);
    }
    let quote = '';
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quote) {
        if (c === '\\' && quote === '"') i++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) break;
      else if (c === '[' || c === '{') deepest = Math.max(deepest, indents.length + ++flow);
      else if ((c === ']' || c === '}') && flow > 0) flow--;
    }
    deepest = Math.max(deepest, indents.length + flow);
    if (flow === 0 && /[|>][0-9+-]*$/.test(content.replace(/\s+#.*$/, ''))) scalarIndent = indent;
  }
  return deepest;
}

/** Reads and validates a config file's text, listing every problem (see import.ts). */
export function importPipelineConfigText(text: string, fileName = 'the config'): ImportResult {
  const raw = readConfigText(text, fileName);
  if (!raw.ok) return { ok: false, errors: [{ path: '', message: raw.error.message }] };
  return importPipelineConfig(raw.value);
}
