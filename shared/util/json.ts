/**
 * Where JSON a person typed or loaded is broken, as "value expected at line L, column C".
 * `JSON.parse` messages differ between engines (Node 20's V8 often gives no position), so the
 * location comes from jsonc-parser's strict scan (VS Code's JSON parser), which reports the
 * offset of the first error.
 */
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { fail, ok, type Result } from './result';

export function describeJsonError(error: unknown, text: string): string {
  const errors: ParseError[] = [];
  parseTree(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  const first = errors[0];
  if (!first) return error instanceof Error ? error.message : String(error);
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - before.lastIndexOf('\n');
  // "ValueExpected" → "value expected"
  const what = printParseErrorCode(first.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return `${what} at line ${line}, column ${column}`;
}

/** `JSON.parse` with a located message on failure. */
export function parseJsonText(text: string): Result<unknown> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (error) {
    return fail('invalid_request', `not valid JSON: ${describeJsonError(error, text)}`);
  }
}
