/**
 * Files the user saves go through the store (components never save files themselves): the
 * History panel's Export all and the export dialog's Save, against the built web host.
 */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../store';
import { webHostClient } from '../../../testkit/renderer/web-host-client';
import type { FileDownload } from './downloads';

async function recordingStore() {
  const saved: { text: string; fileName: string; type: string }[] = [];
  const download: FileDownload = (text, fileName, type) => saved.push({ text, fileName, type });
  const store = createAppStore((await webHostClient()).client, { download });
  return { store, state: () => store.getState(), saved };
}

describe('saving files from the store', () => {
  it('saves the whole history as one dated JSON file', async () => {
    const { state, saved } = await recordingStore();
    state().setQuery('zebra stripes');
    await state().run();

    expect(await state().downloadHistory()).toEqual({ ok: true, value: undefined });
    expect(saved).toHaveLength(1);
    const [file] = saved;
    expect(file!.fileName).toMatch(/^rerank-studio-history-\d{4}-\d\d-\d\d\.json$/);
    expect(file!.type).toBe('application/json');
    const exported = JSON.parse(file!.text) as { runs: { query: string }[] };
    expect(exported.runs.map((r) => r.query)).toEqual(['zebra stripes']);
  });

  it('saves the export dialog’s chosen artefact, and nothing when there is none', async () => {
    const { state, saved } = await recordingStore();
    expect(state().saveExportFile()).toMatchObject({ ok: false });
    expect(saved).toEqual([]);

    await state().openExport(state().columns[1]!.id);
    const chosen = state().exports.find((e) => e.target === state().exportTarget);
    if (!chosen?.ok) throw new Error(`no ${state().exportTarget} export for a BM25 column`);
    expect(state().saveExportFile()).toEqual({ ok: true, value: undefined });
    expect(saved).toEqual([{ text: chosen.text, fileName: chosen.fileName, type: 'text/plain' }]);
  });
});
