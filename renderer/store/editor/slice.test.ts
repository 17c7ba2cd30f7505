/**
 * The editor slice: query, instruction, top N and the documents, pasted in each format the
 * editor reads, reordered and deleted; bad or oversized input refused with nothing changed.
 * The store runs on a real web host; a run at the end shows the host reads what was pasted.
 */
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENTS } from '../../../shared/rerank/limits';
import { SAMPLE_DOCUMENTS, SAMPLE_QUERY } from '../../sample';
import { createAppStore, type AppStore } from '../store';
import { webHostClient } from '../../../testkit/renderer/web-host-client';

const texts = (store: AppStore) => store.getState().documents.map((d) => d.text);

async function editorStore() {
  const host = await webHostClient();
  return { store: createAppStore(host.client), host };
}

describe('editor slice', () => {
  it('opens with the sample and keeps the query, instruction and top N as typed', async () => {
    const { store } = await editorStore();
    const state = () => store.getState();
    expect(state().query).toBe(SAMPLE_QUERY);
    expect(texts(store)).toEqual(SAMPLE_DOCUMENTS);
    expect(new Set(state().documents.map((d) => d.key)).size).toBe(SAMPLE_DOCUMENTS.length);
    state().setQuery('  zebra ');
    state().setInstruction('prefer biology');
    // Half-typed: kept, not turned into a number or dropped.
    state().setTopN('1e');
    expect([state().query, state().instruction, state().topN]).toEqual([
      '  zebra ',
      'prefer biology',
      '1e',
    ]);
  });

  it('reads documents pasted in each format, with ids and metadata', async () => {
    const { store, host } = await editorStore();
    const paste = (text: string, format?: 'json' | 'jsonl' | 'csv' | 'lines') =>
      store.getState().importDocuments(text, { mode: 'replace', ...(format ? { format } : {}) });
    const documents = () =>
      store.getState().documents.map(({ text, id, metadata }) => ({ text, id, metadata }));

    // One document a line; blank lines are not documents; a BOM is not text.
    expect(paste('\uFEFFalpha\r\n\n  \nbeta\n')).toEqual({ ok: true, value: 2 });
    expect(texts(store)).toEqual(['alpha', 'beta']);

    expect(
      paste('["one", {"id": "b", "text": "two"}, {"content": "three", "metadata": {"k": 1}}]'),
    ).toEqual({ ok: true, value: 3 });
    expect(documents()).toEqual([
      { text: 'one', id: undefined, metadata: undefined },
      { text: 'two', id: 'b', metadata: undefined },
      { text: 'three', id: undefined, metadata: { k: 1 } },
    ]);

    expect(paste('{"text": "four", "id": 4}\n"five"\n')).toEqual({ ok: true, value: 2 });
    expect(documents()).toEqual([
      { text: 'four', id: 4, metadata: undefined },
      { text: 'five', id: undefined, metadata: undefined },
    ]);

    // CSV: the text column, an id column, and the rest as metadata; quotes keep newlines.
    const csv = 'id,title,text\nd1,First,"line one\nline two"\nd2,Second,"say ""hi"""\n';
    expect(paste(csv, 'csv')).toEqual({ ok: true, value: 2 });
    expect(documents()).toEqual([
      { text: 'line one\nline two', id: 'd1', metadata: { title: 'First' } },
      { text: 'say "hi"', id: 'd2', metadata: { title: 'Second' } },
    ]);

    // A chosen format wins over what the text looks like.
    expect(paste('["not", "json here"]', 'lines')).toEqual({ ok: true, value: 1 });
    expect(texts(store)).toEqual(['["not", "json here"]']);

    // Append adds after what is there, with keys of their own.
    store.getState().importDocuments('six\nseven', { mode: 'append' });
    expect(texts(store)).toEqual(['["not", "json here"]', 'six', 'seven']);
    expect(new Set(store.getState().documents.map((d) => d.key)).size).toBe(3);

    // The host ranks what was pasted, ids and all.
    store.getState().setQuery('seven');
    await store.getState().run();
    const sent = host.requests.find((r) => r.name === 'rerank:run')?.request;
    expect(sent).toMatchObject({ documents: ['["not", "json here"]', 'six', 'seven'] });
    const bm25 = store.getState().columnRuns[store.getState().columns[1]!.id]?.result;
    expect(bm25?.results[0]?.index).toBe(2);
  });

  it('refuses a paste it cannot read, says where, and changes nothing', async () => {
    const { store } = await editorStore();
    const before = store.getState().documents;
    const refusals: [string, 'json' | 'jsonl' | 'csv' | undefined, string][] = [
      ['[1, "two"', undefined, 'not valid JSON: '],
      ['{"text": "a"}\n{"text": "b",}', 'jsonl', 'line 2: not valid JSON: '],
      ['["a", 2]', undefined, 'item 1: a document must be a string or an object with "text"'],
      ['{"text": 5}', undefined, 'item 0: "text" must be a string (got number)'],
      ['{"a": 1}', 'json', 'expected a JSON array of documents (got object)'],
      ['text\n"open quote\n', 'csv', 'not valid CSV: '],
      ['\n  \n', undefined, 'no documents found in the pasted text'],
    ];
    for (const [text, format, message] of refusals) {
      for (const mode of ['append', 'replace'] as const) {
        const result = store
          .getState()
          .importDocuments(text, { mode, ...(format ? { format } : {}) });
        expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
        expect(!result.ok && result.error.message).toContain(message);
        expect(store.getState().documents).toBe(before);
      }
    }
  });

  it('holds at most the documents a run takes, refusing a paste that would go over', async () => {
    const { store } = await editorStore();
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `doc ${i}`).join('\n');
    const limit = MAX_DOCUMENTS.toLocaleString('en-US');

    // Up to the limit is fine, whether it replaces or fills up what is there.
    const room = MAX_DOCUMENTS - SAMPLE_DOCUMENTS.length;
    expect(store.getState().importDocuments(lines(room), { mode: 'append' })).toEqual({
      ok: true,
      value: room,
    });
    const full = store.getState().documents;
    expect(full).toHaveLength(MAX_DOCUMENTS);

    // One more is refused, and nothing is added.
    expect(store.getState().importDocuments('one more', { mode: 'append' })).toEqual({
      ok: false,
      error: {
        code: 'invalid_request',
        message: `too many documents: the editor would hold ${(MAX_DOCUMENTS + 1).toLocaleString('en-US')} (limit ${limit})`,
      },
    });
    expect(store.getState().documents).toBe(full);
    const file = new File([lines(MAX_DOCUMENTS + 1)], 'big.txt');
    expect(await store.getState().importDocumentsFile(file, 'replace')).toMatchObject({
      ok: false,
      error: {
        message: `big.txt: too many documents: the editor would hold 10,001 (limit ${limit})`,
      },
    });
    expect(store.getState().documents).toBe(full);

    // Replacing counts only what comes in.
    expect(store.getState().importDocuments(lines(MAX_DOCUMENTS), { mode: 'replace' }).ok).toBe(
      true,
    );
  });

  it('adds, edits, moves and removes documents by key; out-of-range moves do nothing', async () => {
    const { store } = await editorStore();
    const state = () => store.getState();
    state().clearDocuments();
    expect(state().documents).toEqual([]);
    const a = state().addDocument('a');
    const b = state().addDocument();
    const c = state().addDocument('c');
    expect(texts(store)).toEqual(['a', '', 'c']);
    state().updateDocument(b, 'b');
    expect(texts(store)).toEqual(['a', 'b', 'c']);

    state().moveDocument(c, -1);
    expect(texts(store)).toEqual(['a', 'c', 'b']);
    state().moveDocument(a, 1);
    expect(texts(store)).toEqual(['c', 'a', 'b']);
    // At the ends and for a key that is gone: the same list, not even a copy.
    const unchanged = state().documents;
    state().moveDocument(c, -1);
    state().moveDocument(b, 1);
    state().moveDocument('no-such-key', 1);
    expect(state().documents).toBe(unchanged);

    state().removeDocument(a);
    expect(texts(store)).toEqual(['c', 'b']);
    state().updateDocument(a, 'ghost');
    state().removeDocument(a);
    expect(texts(store)).toEqual(['c', 'b']);
    // Keys stay with their documents through all of it.
    expect(state().documents.map((d) => d.key)).toEqual([c, b]);
  });

  it('loads a file by its type, naming the file in what is refused', async () => {
    const { store } = await editorStore();
    const load = (body: string, name: string, mode: 'append' | 'replace' = 'replace') =>
      store.getState().importDocumentsFile(new File([body], name), mode);
    expect(await load('text,id\nfirst,1\nsecond,2\n', 'docs.CSV')).toEqual({ ok: true, value: 2 });
    expect(store.getState().documents.map((d) => d.id)).toEqual(['1', '2']);
    // A .jsonl file is JSON Lines even when it starts like an array would not.
    expect(await load('"x"\n"y"\n', 'more.ndjson', 'append')).toEqual({ ok: true, value: 2 });
    expect(texts(store)).toEqual(['first', 'second', 'x', 'y']);
    const before = store.getState().documents;
    expect(await load('', 'empty.txt')).toMatchObject({
      ok: false,
      error: { message: 'empty.txt: no documents found in the file' },
    });
    const broken = await load('{"text": "a"}\nnope\n', 'broken.jsonl');
    expect(!broken.ok && broken.error.message).toMatch(/^broken\.jsonl: line 2: not valid JSON: /);
    expect(store.getState().documents).toBe(before);
  });
});
