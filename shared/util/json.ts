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
  if (!first) return withoutExcerpt(error);
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - before.lastIndexOf('\n');
  // "ValueExpected" → "value expected"
  const what = printParseErrorCode(first.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return `${what} at line ${line}, column ${column}`;
}

/**
 * `JSON.parse`'s reason without the excerpt of the text V8 puts in it (`Unexpected token 'A',
 * "API_KEY=sk"... is not valid JSON`): the text may be any file a user chose, and a message is
 * shown, logged and saved. A message of another shape that still quotes is not risked.
 */
function withoutExcerpt(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const reason = message.replace(/,\s*(?:\.\.\.)?"[\s\S]*"(?:\.\.\.)?\s+is not valid JSON$/, '');
  return reason && !reason.includes('"') && reason.length <= 120 ? reason : 'a syntax error';
}

/** `JSON.parse` with a located message on failure. */
export function parseJsonText(text: string): Result<unknown> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (error) {
    return fail('invalid_request', `not valid JSON: ${describeJsonError(error, text)}`);
  }
}

/**
 * JSON with every object's keys in code-point order and `undefined` members left out: equal
 * for values that are equal whatever order their keys were set in (request bodies compared or
 * hashed).
 */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}
