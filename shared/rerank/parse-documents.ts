/**
 * Reading a list of documents from text a user pasted or a file they loaded (renderer and CLI
 * share this). Accepted: a JSON array of strings/objects, JSON Lines, or plain text with one
 * document per line. Content is not judged here; the rerank validator does that with its
 * standard messages, so a blank document reads the same wherever it came from.
 */
import { describeJsonError } from '../util/json';
import { fail, ok, type Result } from '../util/result';
import type { DocumentInput } from './documents';
import { describeType, isPlainObject } from './documents';
import { parseCsvDocuments } from './parse-csv-documents';

export type DocumentsFormat = 'auto' | 'json' | 'jsonl' | 'csv' | 'lines';

export interface ParseDocumentsOptions {
  format?: DocumentsFormat;
  /** Used by `auto` to recognise `.jsonl` / `.ndjson` and `.csv` files. */
  fileName?: string;
}

export function detectDocumentsFormat(
  text: string,
  fileName?: string,
): Exclude<DocumentsFormat, 'auto'> {
  if (fileName && /\.(jsonl|ndjson)$/i.test(fileName)) return 'jsonl';
  if (fileName && /\.csv$/i.test(fileName)) return 'csv';
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) return 'json';
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length > 0 && lines.every((line) => /^\s*[{"]/.test(line) && isJson(line)))
    return 'jsonl';
  return 'lines';
}

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

export function parseDocumentsText(
  text: string,
  options: ParseDocumentsOptions = {},
): Result<DocumentInput[]> {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const format =
    options.format && options.format !== 'auto'
      ? options.format
      : detectDocumentsFormat(source, options.fileName);
  switch (format) {
    case 'json':
      return parseJsonArray(source);
    case 'jsonl':
      return parseJsonLines(source);
    case 'csv':
      return parseCsvDocuments(source);
    case 'lines':
      return ok(source.split(/\r?\n/).filter((line) => line.trim() !== ''));
  }
}

function parseJsonArray(text: string): Result<DocumentInput[]> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail('invalid_request', `not valid JSON: ${describeJsonError(error, text)}`);
  }
  if (!Array.isArray(value)) {
    return fail(
      'invalid_request',
      `expected a JSON array of documents (got ${describeType(value)})`,
    );
  }
  for (let i = 0; i < value.length; i++) {
    const problem = shapeProblem(value[i]);
    if (problem) return fail('invalid_request', `item ${i}: ${problem}`, [i]);
  }
  return ok(value as DocumentInput[]);
}

function parseJsonLines(text: string): Result<DocumentInput[]> {
  const documents: DocumentInput[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      // Within one line the line number is the file's; only the column comes from the scan.
      const where = describeJsonError(error, line).replace(
        / at line 1, column (\d+)$/,
        ' at column $1',
      );
      return fail('invalid_request', `line ${i + 1}: not valid JSON: ${where}`);
    }
    const problem = shapeProblem(value);
    if (problem) return fail('invalid_request', `line ${i + 1}: ${problem}`);
    documents.push(value as DocumentInput);
  }
  return ok(documents);
}

function shapeProblem(value: unknown): string | undefined {
  if (typeof value === 'string' || isPlainObject(value)) return undefined;
  return `a document must be a string or an object with "text" (got ${describeType(value)})`;
}

/** Resolves a document input to the text the editor shows, or says what is wrong with it. */
export function documentInputText(input: DocumentInput): Result<string> {
  if (typeof input === 'string') return ok(input);
  const text = input.text !== undefined ? input.text : input.content;
  if (text === undefined || text === null) return ok('');
  if (typeof text !== 'string') {
    return fail('invalid_request', `"text" must be a string (got ${describeType(text)})`);
  }
  return ok(text);
}
