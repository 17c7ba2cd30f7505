/**
 * Validation of a rerank request's query, documents and top_n, shared by every host.
 *
 * The first four messages are word for word those the Bifrost gateway documents for its rerank
 * endpoint, so that scripts written against a gateway see the same errors from us. Checks run
 * in Bifrost's order (query, documents, each document, top_n) and the first failure is returned.
 */
import { fail, ok, type Result } from '../util/result';
import {
  formatBytes,
  hasLoneSurrogate,
  repairLoneSurrogates,
  utf8ByteLength,
} from '../util/unicode';
import { describeType, isPlainObject, type RerankDocument } from './documents';
import { MAX_DOCUMENTS, MAX_REQUEST_BYTES } from './limits';

export const QUERY_REQUIRED = 'query is required for rerank';
export const DOCUMENTS_REQUIRED = 'documents are required for rerank';
export const TOP_N_MIN = 'top_n must be at least 1';
export const documentTextRequired = (index: number) =>
  `document text is required for rerank at index ${index}`;

/** The loosely typed fields as they arrive from any transport. */
export interface RerankInputFields {
  query?: unknown;
  documents?: unknown;
  topN?: unknown;
}

/** What the engine receives once the fields are valid. */
export interface CheckedRerankInput {
  query: string;
  documents: RerankDocument[];
  /** Already clamped to the number of documents. */
  topN?: number;
  /** Things we repaired or adjusted, to show the user (never silent). */
  warnings: string[];
}

export function checkRerankInput(fields: RerankInputFields): Result<CheckedRerankInput> {
  const warnings: string[] = [];

  const { query: rawQuery } = fields;
  if (rawQuery !== undefined && rawQuery !== null && typeof rawQuery !== 'string') {
    return fail('invalid_request', `query must be a string (got ${describeType(rawQuery)})`, [
      'query',
    ]);
  }
  if (typeof rawQuery !== 'string' || rawQuery.trim() === '') {
    return fail('invalid_request', QUERY_REQUIRED, ['query']);
  }
  let query = rawQuery;
  if (hasLoneSurrogate(query)) {
    query = repairLoneSurrogates(query);
    warnings.push(
      'query contained invalid Unicode (a lone surrogate); it was replaced with U+FFFD',
    );
  }

  const rawDocuments = fields.documents;
  if (rawDocuments !== undefined && rawDocuments !== null && !Array.isArray(rawDocuments)) {
    return fail(
      'invalid_request',
      `documents must be an array (got ${describeType(rawDocuments)})`,
      ['documents'],
    );
  }
  if (!Array.isArray(rawDocuments) || rawDocuments.length === 0) {
    return fail('invalid_request', DOCUMENTS_REQUIRED, ['documents']);
  }
  if (rawDocuments.length > MAX_DOCUMENTS) {
    return fail(
      'invalid_request',
      `too many documents for rerank: ${rawDocuments.length} (limit ${MAX_DOCUMENTS.toLocaleString('en-US')})`,
      ['documents'],
    );
  }

  const documents: RerankDocument[] = [];
  const repaired: number[] = [];
  // A UTF-16 unit is at most 3 UTF-8 bytes, so while 3 × length stays under the limit no
  // exact count is needed; past that, bytes are counted exactly (once, catching up).
  let bytes = query.length * 3;
  let exact = false;
  for (let index = 0; index < rawDocuments.length; index++) {
    const checked = checkDocument(rawDocuments[index] as unknown, index);
    if (!checked.ok) return checked;
    const document = checked.value;
    if (hasLoneSurrogate(document.text)) {
      document.text = repairLoneSurrogates(document.text);
      repaired.push(index);
    }
    bytes += exact ? utf8ByteLength(document.text) : document.text.length * 3;
    if (!exact && bytes > MAX_REQUEST_BYTES) {
      exact = true;
      bytes =
        utf8ByteLength(query) +
        [...documents, document].reduce((n, d) => n + utf8ByteLength(d.text), 0);
    }
    if (bytes > MAX_REQUEST_BYTES) {
      return fail(
        'invalid_request',
        `request is too large for rerank: over ${formatBytes(MAX_REQUEST_BYTES)} of text by document index ${index} (limit ${formatBytes(MAX_REQUEST_BYTES)})`,
        ['documents', index],
      );
    }
    documents.push(document);
  }
  if (repaired.length > 0) {
    const list =
      repaired.length <= 10
        ? repaired.join(', ')
        : `${repaired.slice(0, 10).join(', ')} and ${repaired.length - 10} more`;
    warnings.push(
      `document text at index ${list} contained invalid Unicode (a lone surrogate); it was replaced with U+FFFD`,
    );
  }

  const topN = checkTopN(fields.topN, documents.length, warnings);
  if (!topN.ok) return topN;

  return ok({ query, documents, topN: topN.value, warnings });
}

function checkDocument(raw: unknown, index: number): Result<RerankDocument> {
  if (typeof raw === 'string') {
    if (raw.trim() === '')
      return fail('invalid_request', documentTextRequired(index), ['documents', index]);
    return ok({ index, text: raw });
  }
  if (raw === null || raw === undefined) {
    return fail('invalid_request', documentTextRequired(index), ['documents', index]);
  }
  if (!isPlainObject(raw)) {
    return fail(
      'invalid_request',
      `document at index ${index} must be a string or an object with text (got ${describeType(raw)})`,
      ['documents', index],
    );
  }
  const { id, metadata } = raw;
  // `text` wins over `content` when both are present (Cohere/Jina use text; some gateways content).
  const field = raw.text !== undefined ? 'text' : 'content';
  const text = raw[field];
  if (text !== undefined && text !== null && typeof text !== 'string') {
    return fail(
      'invalid_request',
      `document text must be a string at index ${index} (got ${describeType(text)})`,
      ['documents', index, field],
    );
  }
  if (typeof text !== 'string' || text.trim() === '') {
    return fail('invalid_request', documentTextRequired(index), ['documents', index, field]);
  }
  const document: RerankDocument = { index, text };
  if (id !== undefined) {
    if ((typeof id !== 'string' || id === '') && (typeof id !== 'number' || !Number.isFinite(id))) {
      return fail(
        'invalid_request',
        `document id must be a non-empty string or a number at index ${index}`,
        ['documents', index, 'id'],
      );
    }
    document.id = id;
  }
  if (metadata !== undefined) {
    if (!isPlainObject(metadata)) {
      return fail('invalid_request', `document metadata must be an object at index ${index}`, [
        'documents',
        index,
        'metadata',
      ]);
    }
    document.metadata = metadata;
  }
  return ok(document);
}

function checkTopN(
  raw: unknown,
  documentCount: number,
  warnings: string[],
): Result<number | undefined> {
  if (raw === undefined || raw === null) return ok(undefined);
  if (typeof raw !== 'number' || !Number.isInteger(raw)) {
    return fail(
      'invalid_request',
      `top_n must be an integer (got ${typeof raw === 'number' ? raw : describeType(raw)})`,
      ['top_n'],
    );
  }
  if (raw < 1) return fail('invalid_request', TOP_N_MIN, ['top_n']);
  if (raw > documentCount) {
    warnings.push(
      `top_n (${raw}) is larger than the number of documents (${documentCount}); returning all ${documentCount}`,
    );
    return ok(documentCount);
  }
  return ok(raw);
}
