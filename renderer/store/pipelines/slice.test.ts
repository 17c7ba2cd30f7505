import { describe, expect, it } from 'vitest';
import { EXPORT_TARGETS } from '../../../shared/export/types';
import { createAppStore } from '../store';
import { webHostClient } from '../../../testkit/renderer/web-host-client';

describe('the Pipelines panel’s store', () => {
  it('saves a column, counts its runs, edits, duplicates, disables, adds a column, deletes', async () => {
    const store = createAppStore((await webHostClient()).client);
    const state = () => store.getState();
    const bm25 = state().columns[1]!.id;
    expect(state().setBm25Param(bm25, 'k1', '0.9').ok).toBe(true);

    const saved = await state().savePipelineFromColumn(bm25, 'Tuned BM25');
    expect(saved.ok && saved.value.config).toEqual({
      version: 1,
      name: 'Tuned BM25',
      key: 'tuned-bm25',
      strategy: 'heuristic',
      params: { method: 'bm25', k1: 0.9, b: 0.75 },
    });
    // A column made from it runs the saved config, so its runs count for the pipeline.
    const added = state().addColumnFromPipeline('tuned-bm25');
    expect(added.ok).toBe(true);
    await state().run();
    await state().loadPipelines();
    expect(state().pipelines[0]!.stats).toMatchObject({ runs: 1, errors: 0 });

    const broken = await state().savePipelineText(
      '{"version": 1, "name": "", "strategy": "heuristic", "topN": 0}',
      'tuned-bm25',
    );
    expect(!broken.ok && broken.error.message).toBe(
      'name: name is required\ntopN: topN must be at least 1',
    );
    const edited = await state().savePipelineText(
      JSON.stringify({
        ...state().pipelines[0]!.config,
        description: 'k1 lowered for short passages',
      }),
      'tuned-bm25',
    );
    expect(edited.ok).toBe(true);
    expect((await state().duplicatePipeline('tuned-bm25')).ok).toBe(true);
    expect((await state().setPipelineDisabled('tuned-bm25-copy', true)).ok).toBe(true);
    expect(
      state().pipelines.map((p) => [p.config.name, p.config.key, p.config.disabled ?? false]),
    ).toEqual([
      ['Tuned BM25', 'tuned-bm25', false],
      ['Tuned BM25 copy', 'tuned-bm25-copy', true],
    ]);
    expect(state().pipelines[0]!.config.description).toBe('k1 lowered for short passages');
    expect((await state().deletePipeline('tuned-bm25-copy')).ok).toBe(true);
    expect(state().pipelines.map((p) => p.config.key)).toEqual(['tuned-bm25']);
  });

  it('exports a column to every target, saying why some are not available', async () => {
    const copied: string[] = [];
    const store = createAppStore((await webHostClient()).client, {
      clipboard: { writeText: (text) => Promise.resolve(void copied.push(text)) },
    });
    const state = () => store.getState();
    await state().openExport(state().columns[1]!.id);
    expect(state().exports).toHaveLength(EXPORT_TARGETS.length);
    expect((await state().copyExport()).ok).toBe(true);
    expect(JSON.parse(copied[0]!)).toEqual({
      version: 1,
      name: 'bm25',
      key: 'bm25',
      strategy: 'heuristic',
    });
    state().chooseExportTarget('curl');
    const curl = state().exports.find((e) => e.target === 'curl')!;
    expect(!curl.ok && curl.reason).toMatch(/^Not exportable to curl: BM25/);
    expect((await state().copyExport()).ok).toBe(false);
    state().chooseExportTarget('dockerfile');
    expect(state().exportFile()).toMatchObject({
      ok: true,
      value: { fileName: 'Dockerfile.bm25' },
    });
  });
});
