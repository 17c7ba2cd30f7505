/**
 * Documents from a CSV file (RFC 4180, as spreadsheets export it): the first row is the
 * header; the `text` column (or `content`, else the first column) is the document, an `id`
 * column its id, and the other columns its metadata. csv-parse does the quoting, embedded
 * newlines and BOMs; its browser build, so the renderer and the CLI share this.
 */
import { CsvError, parse } from 'csv-parse/browser/esm/sync';
import { fail, ok, type Result } from '../util/result';
import type { DocumentObjectInput } from './documents';

/** Documents from CSV text; a broken file says on which line. */
export function parseCsvDocuments(text: string): Result<DocumentObjectInput[]> {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true });
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      const reason = error.message.replace(/^Invalid /, 'invalid ').split(':')[0];
      return fail('invalid_request', `${line ? `line ${line}: ` : ''}not valid CSV: ${reason}`);
    }
    throw error;
  }
  const [header, ...records] = rows;
  if (!header) return ok([]);
  const names = header.map((name) => name.trim());
  const lower = names.map((name) => name.toLowerCase());
  let textAt = lower.indexOf('text');
  if (textAt === -1) textAt = lower.indexOf('content');
  if (textAt === -1) textAt = 0;
  const idAt = lower.indexOf('id');
  return ok(
    records.map((record) => {
      const document: DocumentObjectInput = { text: record[textAt] ?? '' };
      if (idAt !== -1 && idAt !== textAt && record[idAt]) document.id = record[idAt];
      const metadata: Record<string, unknown> = {};
      names.forEach((name, i) => {
        if (i !== textAt && i !== idAt && name !== '' && record[i] !== undefined) {
          metadata[name] = record[i];
        }
      });
      if (Object.keys(metadata).length > 0) document.metadata = metadata;
      return document;
    }),
  );
}
