import { describe, expect, it } from 'vitest';
import { SAMPLE_DOCUMENTS } from '../sample';
import { createAppStore } from './store';
import { webHostClient } from '../../testkit/renderer/web-host-client';

const order = (store: ReturnType<typeof createAppStore>, columnIndex: number) => {
  const state = store.getState();
  const column = state.columns[columnIndex]!;
  return state.columnRuns[column.id]?.result?.results.map((r) => r.index);
};

describe('app store', () => {
  it('opens with the sample and two columns whose rankings differ once run', async () => {
    const store = createAppStore((await webHostClient()).client);
    expect(store.getState().documents.map((d) => d.text)).toEqual(SAMPLE_DOCUMENTS);
    expect(store.getState().columns.map((c) => c.config.name)).toEqual(['input order', 'bm25']);
    await store.getState().run();
    const state = store.getState();
    expect(state.runStatus).toBe('idle');
    expect(state.requestError).toBeUndefined();
    expect(order(store, 0)).toEqual(SAMPLE_DOCUMENTS.map((_, i) => i));
    expect(order(store, 1)).not.toEqual(order(store, 0));
    expect(order(store, 1)![0]).toBe(2);
  });

  it('shows a validation error and keeps the previous results', async () => {
    const store = createAppStore((await webHostClient()).client);
    await store.getState().run();
    const before = store.getState().columnRuns;
    store.getState().setQuery('   ');
    await store.getState().run();
    expect(store.getState().requestError?.message).toBe('query is required for rerank');
    expect(store.getState().columnRuns).toBe(before);
    expect(store.getState().query).toBe('   ');
  });

  it('sends top N and reports the clamp warning', async () => {
    const store = createAppStore((await webHostClient()).client);
    store.getState().setTopN('3');
    await store.getState().run();
    expect(order(store, 0)).toEqual([0, 1, 2]);
    store.getState().setTopN('99');
    await store.getState().run();
    expect(store.getState().runWarnings).toEqual([
      `top_n (99) is larger than the number of documents (${SAMPLE_DOCUMENTS.length}); returning all ${SAMPLE_DOCUMENTS.length}`,
    ]);
  });

  it('fills columns from progress events while the run is still in flight', async () => {
    const { client, releaseRuns, runParked } = await webHostClient({ holdRuns: true });
    const store = createAppStore(client);
    const running = store.getState().run();
    await runParked();
    expect(store.getState().runStatus).toBe('running');
    expect(Object.values(store.getState().columnRuns).map((c) => c.status)).toEqual([
      'running',
      'running',
    ]);
    releaseRuns();
    await running;
    expect(Object.values(store.getState().columnRuns).map((c) => c.status)).toEqual(['ok', 'ok']);
  });

  it('cancels a run in flight', async () => {
    const { client, releaseRuns, runParked } = await webHostClient({ holdRuns: true });
    const store = createAppStore(client);
    const running = store.getState().run();
    await runParked();
    await store.getState().cancel();
    expect(store.getState().runStatus).toBe('cancelling');
    releaseRuns();
    await running;
    expect(store.getState().runStatus).toBe('idle');
    expect(Object.values(store.getState().columnRuns).map((c) => c.status)).toEqual([
      'cancelled',
      'cancelled',
    ]);
  });

  it('edits, reorders, removes and imports documents; a bad import changes nothing', async () => {
    const store = createAppStore((await webHostClient()).client);
    const { importDocuments } = store.getState();
    expect(importDocuments('one\ntwo\nthree', { mode: 'replace' })).toEqual({ ok: true, value: 3 });
    const [one, two] = store.getState().documents;
    store.getState().moveDocument(two!.key, -1);
    expect(store.getState().documents.map((d) => d.text)).toEqual(['two', 'one', 'three']);
    store.getState().updateDocument(one!.key, 'uno');
    store.getState().removeDocument(two!.key);
    expect(store.getState().documents.map((d) => d.text)).toEqual(['uno', 'three']);

    const result = importDocuments('[{"id": 7, "text": "seven"}, {"text": 8}]', { mode: 'append' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid_request', message: 'item 1: "text" must be a string (got number)' },
    });
    expect(store.getState().documents.map((d) => d.text)).toEqual(['uno', 'three']);

    expect(
      importDocuments('{"id": 7, "text": "seven", "metadata": {"y": 1}}', { mode: 'append' }).ok,
    ).toBe(true);
    expect(store.getState().documents.at(-1)).toMatchObject({
      id: 7,
      text: 'seven',
      metadata: { y: 1 },
    });
  });

  it('loads documents from a File, refusing other file types', async () => {
    const store = createAppStore((await webHostClient()).client);
    const good = new File(['{"text":"a"}\n{"text":"b"}\n'], 'docs.jsonl');
    expect(await store.getState().importDocumentsFile(good, 'replace')).toEqual({
      ok: true,
      value: 2,
    });
    const bad = new File(['x'], 'docs.pdf');
    expect(await store.getState().importDocumentsFile(bad, 'replace')).toMatchObject({
      ok: false,
      error: { message: 'docs.pdf: load a .txt, .json, .jsonl or .csv file' },
    });
    expect(store.getState().documents.map((d) => d.text)).toEqual(['a', 'b']);
  });

  it('adds, duplicates and removes columns, and runs them all', async () => {
    const store = createAppStore((await webHostClient()).client);
    const [, bm25] = store.getState().columns;
    const copy = store.getState().duplicateColumn(bm25!.id)!;
    store.getState().setColumnConfig(copy, {
      version: 1,
      name: 'bm25 b=0',
      strategy: 'heuristic',
      params: { method: 'bm25', k1: 1.2, b: 0 },
    });
    const added = store.getState().addColumn()!;
    store.getState().setColumnPreset(added, 'input-order');
    expect(store.getState().columns.map((c) => c.config.name)).toEqual([
      'input order',
      'bm25',
      'bm25 b=0',
      'input order',
    ]);
    await store.getState().run();
    expect(Object.values(store.getState().columnRuns).every((c) => c.status === 'ok')).toBe(true);
    store.getState().removeColumn(added);
    expect(store.getState().columns).toHaveLength(3);
  });
});
