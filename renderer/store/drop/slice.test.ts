/**
 * Files dropped on the window, against a real web host: documents of each kind are appended,
 * configs become columns that run, a workspace opens; one bad file refuses the whole drop,
 * with a notice naming it, and nothing changes.
 */
import { describe, expect, it } from 'vitest';
import { MAX_COLUMNS } from '../../../shared/rerank/limits';
import { SAMPLE_DOCUMENTS } from '../../sample';
import { createAppStore, type AppStore } from '../store';
import { webHostClient } from '../../../testkit/renderer/web-host-client';
import { DROP_TYPES } from './classify';
import type { DroppedFile } from './slice';

const file = (name: string, text: string): DroppedFile => ({
  name,
  text: () => Promise.resolve(text),
});

const YAML_CONFIG = `version: 1
name: yaml bm25
strategy: heuristic
params:
  method: bm25
  k1: 2
`;
const JSON_CONFIG = JSON.stringify({
  version: 1,
  name: 'json order',
  strategy: 'heuristic',
  params: { method: 'input-order' },
});
const WORKSPACE = JSON.stringify({
  kind: 'rerank-studio-workspace',
  version: 1,
  query: 'from the workspace',
  instruction: '',
  topN: '',
  documents: [{ text: 'w1' }, { text: 'w2', id: 'x' }],
  columns: [{ config: { version: 1, name: 'ws bm25', strategy: 'heuristic' } }],
});

/** Everything a refused drop must leave as it was. */
const contents = (store: AppStore) => {
  const { documents, columns, query } = store.getState();
  return { documents, columns, query };
};

async function dropStore() {
  return createAppStore((await webHostClient()).client);
}

describe('drop slice', () => {
  it('appends documents of each kind and adds configs as columns that run', async () => {
    const store = await dropStore();
    const state = () => store.getState();
    state().setDragging(true);
    const dropped = await state().dropFiles([
      file('a.txt', 'plain one\nplain two\n'),
      file('b.csv', 'text,id\ncsv one,c1\n'),
      file('c.jsonl', '{"text": "jsonl one"}\n'),
      file('d.json', '["json one", {"text": "json two", "id": 2}]'),
      file('e.yaml', YAML_CONFIG),
      file('f.json', JSON_CONFIG),
    ]);
    const sentence =
      'Added 2 documents from a.txt; added 1 document from b.csv; added 1 document from c.jsonl; ' +
      'added 2 documents from d.json; added the column “yaml bm25” from e.yaml; ' +
      'added the column “json order” from f.json';
    expect(dropped).toEqual({ ok: true, value: sentence });
    expect(state().appNotice).toEqual({ error: false, text: sentence });
    expect(state().dragging).toBe(false);
    expect(state().documents.map((d) => d.text)).toEqual([
      ...SAMPLE_DOCUMENTS,
      'plain one',
      'plain two',
      'csv one',
      'jsonl one',
      'json one',
      'json two',
    ]);
    expect(
      state()
        .documents.map((d) => d.id)
        .filter((id) => id !== undefined),
    ).toEqual(['c1', 2]);
    const added = state().columns.slice(2);
    // As the files say, with the key the import gives a config that has none.
    expect(added.map((c) => c.config)).toEqual([
      {
        version: 1,
        key: 'yaml-bm25',
        name: 'yaml bm25',
        strategy: 'heuristic',
        params: { method: 'bm25', k1: 2 },
      },
      {
        version: 1,
        key: 'json-order',
        name: 'json order',
        strategy: 'heuristic',
        params: { method: 'input-order' },
      },
    ]);

    // The host runs the new columns as they are.
    await state().run();
    expect(added.map((c) => state().columnRuns[c.id]?.status)).toEqual(['ok', 'ok']);
  });

  it('refuses the whole drop when any file is refused, naming it, and changes nothing', async () => {
    const store = await dropStore();
    const before = contents(store);
    const good = [file('a.txt', 'new one\n'), file('e.yaml', YAML_CONFIG)];
    const refusals: [DroppedFile[], string][] = [
      [[], 'Nothing was dropped: drop files from your computer'],
      [[...good, file('notes.pdf', '%PDF')], `notes.pdf: drop ${DROP_TYPES}`],
      [[...good, file('broken.json', '{"strategy": ')], 'broken.json: '],
      [[...good, file('broken.yaml', 'name: [open')], 'broken.yaml line 1, column 12: not valid'],
      // Documents refused after other documents were already added: those go again.
      [
        [...good, file('bad.jsonl', '{"text": "ok"}\n{oops}\n')],
        'bad.jsonl: line 2: not valid JSON',
      ],
      [[...good, file('bad.json', '["ok", 3]')], 'bad.json: item 1: a document must be a string'],
      [[...good, file('empty.txt', '\n')], 'empty.txt: no documents found in the file'],
      [
        [...good, file('odd.json', '{"a": 1}')],
        'odd.json: not documents (a JSON array), a pipeline',
      ],
      [
        [...good, file('w.rerank.json', WORKSPACE)],
        'w.rerank.json is a workspace: drop it on its own',
      ],
    ];
    for (const [files, message] of refusals) {
      store.getState().setDragging(true);
      const result = await store.getState().dropFiles(files);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      expect(!result.ok && result.error.message).toContain(message);
      expect(store.getState().appNotice).toEqual({
        error: true,
        text: !result.ok && result.error.message,
      });
      expect(store.getState().dragging).toBe(false);
      expect(contents(store)).toEqual(before);
    }
  });

  it('lists every problem of a config that does not check, with the file name', async () => {
    const store = await dropStore();
    const before = contents(store);
    const bad = 'version: 1\nname: ""\nstrategy: heuristic\nparams:\n  method: bm25\n  k1: -1\n';
    const result = await store.getState().dropFiles([file('bad.yml', bad)]);
    expect(!result.ok && result.error.message).toMatch(/^bad\.yml: /);
    expect(!result.ok && result.error.message).toContain('name');
    expect(!result.ok && result.error.message).toContain('k1');
    expect(contents(store)).toEqual(before);
  });

  it('adds columns only while there is room, and says how much there is', async () => {
    const store = await dropStore();
    while (store.getState().columns.length < MAX_COLUMNS - 1) store.getState().addColumn();
    const before = contents(store);
    const two = [file('one.json', JSON_CONFIG), file('two.yaml', YAML_CONFIG)];
    expect(await store.getState().dropFiles(two)).toMatchObject({
      ok: false,
      error: { message: 'There is room for 1 more column, not 2' },
    });
    expect(contents(store)).toEqual(before);
    expect((await store.getState().dropFiles(two.slice(1))).ok).toBe(true);
    expect(store.getState().columns).toHaveLength(MAX_COLUMNS);
    expect(await store.getState().dropFiles(two.slice(0, 1))).toMatchObject({
      ok: false,
      error: { message: 'There is no room for another column (the limit is 16)' },
    });
  });

  it('opens a dropped workspace, asking first when there are unsaved changes', async () => {
    const store = await dropStore();
    const state = () => store.getState();
    expect(await state().dropFiles([file('w.rerank.json', WORKSPACE)])).toEqual({
      ok: true,
      value: 'Opened w.rerank.json',
    });
    expect(state().query).toBe('from the workspace');
    expect(state().documents.map((d) => d.text)).toEqual(['w1', 'w2']);
    expect(state().columns.map((c) => c.config.name)).toEqual(['ws bm25']);
    expect(state().workspaceName).toBe('w');

    // Edited since: the drop waits on the user's answer.
    await state().startWorkspace();
    state().setQuery('my own edit');
    expect(state().workspaceDirty).toBe(true);
    const again = WORKSPACE.replace('from the workspace', 'the second one');
    expect((await state().dropFiles([file('v.rerank.json', again)])).ok).toBe(true);
    expect(state().query).toBe('my own edit');
    expect(state().pendingWorkspace?.name).toBe('v');
    await state().resolvePendingWorkspace('discard');
    expect(state().query).toBe('the second one');
  });
});
