import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENTS, MAX_REQUEST_BYTES } from './limits';
import { checkRerankInput } from './validation';

const message = (fields: Parameters<typeof checkRerankInput>[0]) => {
  const result = checkRerankInput(fields);
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error.message;
};

describe('checkRerankInput: the Bifrost messages, word for word', () => {
  it.each([undefined, null, '', '   ', '\n\t'])(
    'query %j → query is required for rerank',
    (query) => {
      expect(message({ query, documents: ['a'] })).toBe('query is required for rerank');
    },
  );

  it.each([undefined, null, []])(
    'documents %j → documents are required for rerank',
    (documents) => {
      expect(message({ query: 'q', documents })).toBe('documents are required for rerank');
    },
  );

  it.each([
    [['ok', ''], 1],
    [['ok', 'fine', '   '], 2],
    [[{ text: '' }], 0],
    [['a', { content: ' \n' }], 1],
    [['a', { id: 'x' }], 1],
    [['a', 'b', null], 2],
  ])('documents %j → document text is required for rerank at index %i', (documents, index) => {
    expect(message({ query: 'q', documents })).toBe(
      `document text is required for rerank at index ${index}`,
    );
  });

  it.each([0, -1, -100])('top_n %i → top_n must be at least 1', (topN) => {
    expect(message({ query: 'q', documents: ['a'], topN })).toBe('top_n must be at least 1');
  });

  it('checks in Bifrost order: query first, then documents, then top_n', () => {
    expect(message({ query: '', documents: [], topN: 0 })).toBe('query is required for rerank');
    expect(message({ query: 'q', documents: [], topN: 0 })).toBe(
      'documents are required for rerank',
    );
    expect(message({ query: 'q', documents: [''], topN: 0 })).toBe(
      'document text is required for rerank at index 0',
    );
  });
});

describe('checkRerankInput: other bad input gets a clear message', () => {
  it('rejects non-integer top_n', () => {
    expect(message({ query: 'q', documents: ['a'], topN: 2.5 })).toBe(
      'top_n must be an integer (got 2.5)',
    );
    expect(message({ query: 'q', documents: ['a'], topN: '3' })).toBe(
      'top_n must be an integer (got string)',
    );
    expect(message({ query: 'q', documents: ['a'], topN: Number.NaN })).toBe(
      'top_n must be an integer (got NaN)',
    );
  });

  it('rejects non-string text and query, naming the index', () => {
    expect(message({ query: 'q', documents: ['a', { text: 42 }] })).toBe(
      'document text must be a string at index 1 (got number)',
    );
    expect(message({ query: 'q', documents: [7] })).toBe(
      'document at index 0 must be a string or an object with text (got number)',
    );
    expect(message({ query: 'q', documents: [['nested']] })).toBe(
      'document at index 0 must be a string or an object with text (got array)',
    );
    expect(message({ query: 5, documents: ['a'] })).toBe('query must be a string (got number)');
    expect(message({ query: 'q', documents: 'a' })).toBe('documents must be an array (got string)');
  });

  it('rejects bad ids and metadata', () => {
    expect(message({ query: 'q', documents: [{ text: 'a', id: {} }] })).toBe(
      'document id must be a non-empty string or a number at index 0',
    );
    expect(message({ query: 'q', documents: [{ text: 'a', metadata: 'x' }] })).toBe(
      'document metadata must be an object at index 0',
    );
  });

  it(`rejects more than ${MAX_DOCUMENTS} documents`, () => {
    const documents = Array.from({ length: MAX_DOCUMENTS + 1 }, (_, i) => `doc ${i}`);
    expect(message({ query: 'q', documents })).toBe(
      'too many documents for rerank: 10001 (limit 10,000)',
    );
    expect(checkRerankInput({ query: 'q', documents: documents.slice(1) }).ok).toBe(true);
  });

  it('rejects a request over 20 MB of text, counting UTF-8 bytes', () => {
    // 'é' is 2 bytes in UTF-8: 11 MB of characters is 22 MB on the wire.
    const big = 'é'.repeat(11 * 1024 * 1024);
    expect(message({ query: 'q', documents: [big] })).toMatch(
      /^request is too large for rerank: .*limit 20 MB/,
    );
    const fits = 'a'.repeat(MAX_REQUEST_BYTES - 100);
    expect(checkRerankInput({ query: 'q', documents: [fits] }).ok).toBe(true);
  });
});

describe('checkRerankInput: normalisation', () => {
  it('accepts strings and {id, text|content, metadata} objects, keeping index and id', () => {
    const result = checkRerankInput({
      query: 'q',
      documents: [
        'plain',
        { id: 'b', text: 'with text' },
        { id: 3, content: 'with content', metadata: { year: 2020 } },
      ],
    });
    expect(result).toEqual({
      ok: true,
      value: {
        query: 'q',
        topN: undefined,
        warnings: [],
        documents: [
          { index: 0, text: 'plain' },
          { index: 1, text: 'with text', id: 'b' },
          { index: 2, text: 'with content', id: 3, metadata: { year: 2020 } },
        ],
      },
    });
  });

  it('clamps top_n to the document count with a warning', () => {
    const result = checkRerankInput({ query: 'q', documents: ['a', 'b'], topN: 5 });
    expect(result.ok && result.value.topN).toBe(2);
    expect(result.ok && result.value.warnings).toEqual([
      'top_n (5) is larger than the number of documents (2); returning all 2',
    ]);
  });

  it('repairs lone surrogates so JSON encoding never breaks, and says so', () => {
    const result = checkRerankInput({
      query: 'q\uD800',
      documents: ['ok', 'broken \uDC00 text', '😀 fine'],
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.query).toBe('q\uFFFD');
    expect(result.value.documents[1]!.text).toBe('broken \uFFFD text');
    expect(result.value.documents[2]!.text).toBe('😀 fine');
    expect(result.value.warnings).toEqual([
      'query contained invalid Unicode (a lone surrogate); it was replaced with U+FFFD',
      'document text at index 1 contained invalid Unicode (a lone surrogate); it was replaced with U+FFFD',
    ]);
    // The repaired request survives a UTF-8 round trip unchanged.
    const json = JSON.stringify(result.value);
    expect(new TextDecoder().decode(new TextEncoder().encode(json))).toBe(json);
  });
});
