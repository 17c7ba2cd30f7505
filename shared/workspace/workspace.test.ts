import { describe, expect, it } from 'vitest';
import { BM25_CONFIG } from '../pipeline/config';
import {
  looksLikeWorkspace,
  parseWorkspace,
  parseWorkspaceText,
  WORKSPACE_KIND,
  workspaceFileName,
  workspaceName,
  workspaceText,
  type Workspace,
} from './workspace';

const base: Workspace = {
  kind: WORKSPACE_KIND,
  version: 1,
  query: 'q',
  instruction: '',
  topN: '',
  documents: [{ text: 'a' }, { text: 'b', id: 7, metadata: { year: 2020 } }],
  columns: [
    { config: BM25_CONFIG },
    {
      config: {
        version: 1,
        name: 'fusion',
        strategy: 'fusion',
        params: { method: 'rrf', members: [BM25_CONFIG, { ...BM25_CONFIG, name: 'b2' }] },
      },
      linked: [0, null],
    },
  ],
};

describe('workspace files', () => {
  it('round-trips through its text', () => {
    expect(parseWorkspaceText(workspaceText(base))).toEqual({ ok: true, value: base });
    expect(looksLikeWorkspace(base)).toBe(true);
    expect(looksLikeWorkspace(BM25_CONFIG)).toBe(false);
  });

  it('lists every problem with its path', () => {
    const result = parseWorkspace(
      {
        ...base,
        documents: [{ text: 3 }],
        columns: [{ config: { ...BM25_CONFIG, strategy: 'magic' } }],
      },
      'w.rerank.json',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.error.message.split('\n');
    expect(lines.every((line) => line.startsWith('w.rerank.json: '))).toBe(true);
    expect(lines.some((line) => line.includes('documents[0].text'))).toBe(true);
    expect(lines.some((line) => line.includes('columns[0].config.strategy'))).toBe(true);
    // Links are checked once the columns themselves are valid.
    const linked = parseWorkspace({ ...base, columns: [{ config: BM25_CONFIG, linked: [5] }] });
    expect(linked).toMatchObject({
      ok: false,
      error: { message: 'columns[0].linked[0]: there is no column 5' },
    });
  });

  it('refuses a newer version and anything key-like, naming where', () => {
    const newer = parseWorkspace({ ...base, version: 2 });
    expect(newer).toMatchObject({ ok: false, error: { code: 'unsupported', path: ['version'] } });
    const keyed = parseWorkspace({
      ...base,
      columns: [{ config: { ...BM25_CONFIG, params: { apiKey: 'x' } } }],
    });
    expect(keyed.ok).toBe(false);
    if (!keyed.ok) expect(keyed.error.message).toContain('remove columns[0].config.params.apiKey');
    expect(parseWorkspaceText('{\n  "kind": ,\n}', 'x.json')).toMatchObject({
      ok: false,
      error: { message: 'x.json: not valid JSON: value expected at line 2, column 11' },
    });
  });

  it('names workspaces by their file', () => {
    expect(workspaceName('/a/b/heart study.rerank.json')).toBe('heart study');
    expect(workspaceName('C:\\w\\x.json')).toBe('x');
    expect(workspaceName(undefined)).toBe('Untitled');
    expect(workspaceFileName('a/b')).toBe('a-b.rerank.json');
  });
});
