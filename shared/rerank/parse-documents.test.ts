import { describe, expect, it } from 'vitest';
import { detectDocumentsFormat, documentInputText, parseDocumentsText } from './parse-documents';

const value = (result: ReturnType<typeof parseDocumentsText>) => {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};
const error = (result: ReturnType<typeof parseDocumentsText>) =>
  result.ok ? undefined : result.error.message;

describe('parseDocumentsText', () => {
  it('reads one document per line, skipping blank lines and CRLF', () => {
    expect(value(parseDocumentsText('first\r\n\r\nsecond\n  \nthird\n'))).toEqual([
      'first',
      'second',
      'third',
    ]);
  });

  it('reads a JSON array of strings and objects', () => {
    const text = '[ "plain", {"id": "b", "text": "obj"}, {"content": "c"} ]';
    expect(value(parseDocumentsText(text))).toEqual([
      'plain',
      { id: 'b', text: 'obj' },
      { content: 'c' },
    ]);
  });

  it('reads JSON Lines, by content or by file name', () => {
    const text = '{"text":"one"}\n"two"\n\n{"text":"three","id":3}\n';
    expect(value(parseDocumentsText(text))).toEqual([
      { text: 'one' },
      'two',
      { text: 'three', id: 3 },
    ]);
    expect(detectDocumentsFormat('whatever', 'docs.JSONL')).toBe('jsonl');
  });

  it('treats text as lines when it is not all JSON', () => {
    expect(value(parseDocumentsText('{"text":"x"}\nnot json'))).toEqual([
      '{"text":"x"}',
      'not json',
    ]);
  });

  it('honours an explicit format', () => {
    expect(value(parseDocumentsText('["a","b"]', { format: 'lines' }))).toEqual(['["a","b"]']);
  });

  it('strips a UTF-8 byte order mark', () => {
    expect(value(parseDocumentsText('\uFEFF["a"]'))).toEqual(['a']);
  });

  it('names the line and column of broken JSON', () => {
    expect(error(parseDocumentsText('[\n  "a",\n  "b" "c"\n]'))).toMatch(
      /^not valid JSON: .*line 3, column 7/,
    );
    expect(error(parseDocumentsText('{"text":"ok"}\n{"text": oops}', { format: 'jsonl' }))).toMatch(
      /^line 2: not valid JSON/,
    );
  });

  it('names the item that is neither a string nor an object', () => {
    expect(error(parseDocumentsText('["a", 3]'))).toBe(
      'item 1: a document must be a string or an object with "text" (got number)',
    );
    expect(error(parseDocumentsText('"a"\n[1]', { format: 'jsonl' }))).toBe(
      'line 2: a document must be a string or an object with "text" (got array)',
    );
    expect(error(parseDocumentsText('{"a": 1}', { format: 'json' }))).toBe(
      'expected a JSON array of documents (got object)',
    );
  });
});

describe('documentInputText', () => {
  it('resolves text, then content', () => {
    expect(documentInputText('s')).toEqual({ ok: true, value: 's' });
    expect(documentInputText({ content: 'c' })).toEqual({ ok: true, value: 'c' });
    expect(documentInputText({ text: 't', content: 'c' })).toEqual({ ok: true, value: 't' });
    expect(documentInputText({ id: 1 })).toEqual({ ok: true, value: '' });
    expect(documentInputText({ text: 5 as unknown as string }).ok).toBe(false);
  });
});
