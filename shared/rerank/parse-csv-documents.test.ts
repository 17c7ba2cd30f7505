import { describe, expect, it } from 'vitest';
import { parseDocumentsText } from './parse-documents';

describe('CSV documents', () => {
  it('takes the text column, an id column and the rest as metadata, quotes and newlines included', () => {
    const csv =
      '\uFEFFid,title,text\n1,Heart,"exercise, daily, strengthens\nthe heart"\n2,Pasta,"cook ""al dente"""\n';
    expect(parseDocumentsText(csv, { fileName: 'docs.csv' })).toEqual({
      ok: true,
      value: [
        { id: '1', text: 'exercise, daily, strengthens\nthe heart', metadata: { title: 'Heart' } },
        { id: '2', text: 'cook "al dente"', metadata: { title: 'Pasta' } },
      ],
    });
  });

  it('without a text column, the first column is the document', () => {
    expect(
      parseDocumentsText('passage,score\nfirst one,3\nsecond,1\n', { fileName: 'x.CSV' }),
    ).toEqual({
      ok: true,
      value: [
        { text: 'first one', metadata: { score: '3' } },
        { text: 'second', metadata: { score: '1' } },
      ],
    });
  });

  it('says on which line the CSV is broken', () => {
    const result = parseDocumentsText('text\n"ok"\n"broken"x\n', { fileName: 'bad.csv' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/^line 3: not valid CSV: /);
  });
});
