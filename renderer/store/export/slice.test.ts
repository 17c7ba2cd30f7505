/**
 * The export dialog's store against a real web host: every target's text for a column at
 * once, with the editor's query and first documents as the code targets' example; Copy and
 * Save of the chosen one; and what a target that cannot express the config says.
 */
import { describe, expect, it } from 'vitest';
import { EXPORT_TARGETS, type ExportResult } from '../../../shared/export/types';
import type { Client } from '../../client/client';
import { createAppStore, type AppStore } from '../store';
import { webHostClient } from '../../../testkit/renderer/web-host-client';
import type { TextClipboard } from '../wire/slice';

function recordingClipboard(): TextClipboard & { copied: string[] } {
  const copied: string[] = [];
  return { copied, writeText: (text) => Promise.resolve(void copied.push(text)) };
}

/** A store whose first column is Cohere's rerank model, on a real host. */
async function exportStore(
  options: { clipboard?: TextClipboard; wrap?: (c: Client) => Client } = {},
) {
  const { client, requests } = await webHostClient();
  const store = createAppStore(options.wrap ? options.wrap(client) : client, {
    clipboard: options.clipboard ?? recordingClipboard(),
  });
  const [cohere, bm25] = store.getState().columns.map((c) => c.id) as [string, string];
  store.getState().setColumnPreset(cohere, 'dedicated-model');
  return { store, requests, cohere, bm25 };
}

const artefact = (store: AppStore, target: string): ExportResult =>
  store.getState().exports.find((e) => e.target === target)!;
const textOf = (store: AppStore, target: string): string => {
  const result = artefact(store, target);
  if (!result.ok) throw new Error(`${target}: ${result.reason}`);
  return result.text;
};

describe('export slice', () => {
  it('shows every target for a provider column, with the editor’s example in the code', async () => {
    const { store, requests, cohere } = await exportStore();
    const state = () => store.getState();
    const documents = ['first doc', '  ', 'second doc', 'third', 'fourth', 'fifth', 'sixth'];
    state().importDocuments(JSON.stringify(documents), { mode: 'replace' });
    state().setQuery('which doc?');

    const opening = state().openExport(cohere);
    expect(state().exportColumnId).toBe(cohere);
    expect(state().exportLoading).toBe(true);
    await opening;
    expect(state().exportLoading).toBe(false);
    expect(state().exportError).toBeUndefined();
    // The example: the query and the first five documents that are not blank.
    expect(requests.at(-1)?.request).toEqual({
      config: state().columns[0]!.config,
      sample: {
        query: 'which doc?',
        documents: ['first doc', 'second doc', 'third', 'fourth', 'fifth'],
      },
    });
    expect(state().exports.map((e) => e.target)).toEqual(EXPORT_TARGETS);

    // The config as the column holds it, with the key a saved config gets from its name.
    const config = state().columns[0]!.config;
    expect(JSON.parse(textOf(store, 'json'))).toEqual({ ...config, key: 'cohere' });
    expect(textOf(store, 'yaml')).toMatch(/^strategy: dedicated-model$/m);
    expect(textOf(store, 'yaml')).toMatch(/^provider: cohere$/m);
    for (const code of ['curl', 'typescript', 'python']) {
      const text = textOf(store, code);
      expect(text).toContain('COHERE_API_KEY');
      expect(text).toContain('which doc?');
      expect(text).toContain('fifth');
      expect(text).not.toContain('sixth');
    }
    expect(textOf(store, 'curl')).toMatch(/^curl .*https:\/\/api\.cohere\.(com|ai)\/v2\/rerank/m);
    // Every artefact has a name to save it under.
    for (const result of state().exports) {
      if (result.ok) expect(result.fileName).toMatch(/\S\.\w+$|^Dockerfile$/);
      else expect(result.reason).toMatch(/\S/);
    }
  });

  it('copies and saves the chosen target, and says when the clipboard refuses', async () => {
    const clipboard = recordingClipboard();
    const { store, cohere } = await exportStore({ clipboard });
    const state = () => store.getState();
    await state().openExport(cohere);
    expect(state().exportTarget).toBe('json');

    state().chooseExportTarget('python');
    expect(await state().copyExport()).toEqual({ ok: true, value: undefined });
    const python = artefact(store, 'python');
    expect(python.ok).toBe(true);
    expect(clipboard.copied).toEqual([textOf(store, 'python')]);
    expect(state().exportNotice).toEqual({
      ok: true,
      message: `Copied ${python.ok && python.fileName}`,
    });
    expect(state().exportFile()).toEqual({
      ok: true,
      value: { text: textOf(store, 'python'), fileName: python.ok && python.fileName },
    });
    // Choosing another target clears the notice about the last one.
    state().chooseExportTarget('yaml');
    expect(state().exportNotice).toBeUndefined();
    expect(state().exportFile()).toMatchObject({
      ok: true,
      value: { text: textOf(store, 'yaml') },
    });

    const refusing: TextClipboard = {
      writeText: () => Promise.reject(new Error('Document is not focused')),
    };
    const other = await exportStore({ clipboard: refusing });
    await other.store.getState().openExport(other.cohere);
    expect(await other.store.getState().copyExport()).toEqual({
      ok: false,
      error: { code: 'unsupported', message: 'Could not copy: Document is not focused' },
    });
    expect(other.store.getState().exportNotice).toEqual({
      ok: false,
      message: 'Could not copy: Document is not focused',
    });
  });

  it('gives the reason for a target that cannot express the config, and nothing to copy', async () => {
    const clipboard = recordingClipboard();
    const { store, bm25 } = await exportStore({ clipboard });
    await store.getState().openExport(bm25);
    // The config files always work; bm25 makes no provider call for curl to show.
    expect(JSON.parse(textOf(store, 'json'))).toEqual({
      ...store.getState().columns[1]!.config,
      key: 'bm25',
    });
    const curl = artefact(store, 'curl');
    expect(curl.ok).toBe(false);
    expect(!curl.ok && curl.reason).toMatch(/\S/);
    store.getState().chooseExportTarget('curl');
    expect(await store.getState().copyExport()).toEqual({
      ok: false,
      error: { code: 'unsupported', message: 'nothing to copy for this target' },
    });
    expect(store.getState().exportFile()).toEqual({
      ok: false,
      error: { code: 'unsupported', message: 'nothing to save for this target' },
    });
    expect(clipboard.copied).toEqual([]);
  });

  it('sends no example without a query, and exports a column whose documents are long', async () => {
    const { store, requests, cohere } = await exportStore();
    const state = () => store.getState();
    state().setQuery('   ');
    await state().openExport(cohere);
    expect(requests.at(-1)?.request).toEqual({ config: state().columns[0]!.config });
    expect(textOf(store, 'curl')).toContain('What is the capital of France?');

    // A long passage and a long query are what a user pastes; the export still works, and the
    // example keeps their start.
    const passage = `Passage start. ${'word '.repeat(6_000)}`;
    state().importDocuments(JSON.stringify([passage, 'short']), { mode: 'replace' });
    state().setQuery(`Query start ${'q'.repeat(3_000)}`);
    await state().openExport(cohere);
    expect(state().exportError).toBeUndefined();
    expect(textOf(store, 'curl')).toContain('Passage start.');
    expect(textOf(store, 'curl')).toContain('Query start');
    expect(textOf(store, 'curl')).toContain('short');
  });

  it('shows only the last column asked for, closes, and ignores a column that is gone', async () => {
    // The first column's answer is held back until the second one's has arrived.
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let exportsSeen = 0;
    const { store, cohere, bm25, requests } = await exportStore({
      wrap: (client) => ({
        ...client,
        async call(name, request) {
          const answer = await client.call(name, request);
          if (name === 'pipelines:export' && exportsSeen++ === 0) await firstHeld;
          return answer;
        },
      }),
    });
    const first = store.getState().openExport(cohere);
    await store.getState().openExport(bm25);
    releaseFirst();
    await first;
    expect(store.getState().exportColumnId).toBe(bm25);
    expect(JSON.parse(textOf(store, 'json'))).toEqual({
      ...store.getState().columns[1]!.config,
      key: 'bm25',
    });

    store.getState().closeExport();
    expect(store.getState().exportColumnId).toBeUndefined();
    expect(store.getState().exports).toEqual([]);
    const sent = requests.length;
    await store.getState().openExport('no-such-column');
    expect(requests).toHaveLength(sent);
    expect(store.getState().exportColumnId).toBeUndefined();
  });
});
