/**
 * A long local-model column through the real web host: the store shows the host's progress
 * while the column runs (tokens done of the total, the time left once a batch has given a
 * rate) and drops it when the column's result arrives. No wall-clock figure is asserted.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../store';
import { writeTinyBertShape } from '../../../testkit/renderer/models';
import { webHostClient } from '../../../testkit/renderer/web-host-client';
import type { ColumnProgress } from './slice';
import {
  LONG_RUN_CONFIG,
  LONG_RUN_MODEL,
  LONG_RUN_WORDS,
  longRunDocuments,
} from '../../../testkit/fixtures/long-run';

describe('run progress in the store', () => {
  it('follows a long local-model column batch by batch, with the time left', async () => {
    const { client } = await webHostClient({
      prepareDataDir: (dir) =>
        writeTinyBertShape(path.join(dir, 'models', ...LONG_RUN_MODEL.split('/')), LONG_RUN_WORDS),
    });
    const store = createAppStore(client);
    const state = () => store.getState();
    // 400 documents of 3 to 62 words, 8 to a batch: 50 batches.
    const documents = longRunDocuments(400);
    expect(
      state().importDocuments(documents.join('\n'), { mode: 'replace', format: 'lines' }),
    ).toEqual({ ok: true, value: 400 });
    const id = state().columns[0]!.id;
    state().setColumnConfig(id, LONG_RUN_CONFIG);

    const seen: ColumnProgress[] = [];
    const stop = store.subscribe((s) => {
      const progress = s.columnRuns[id]?.progress;
      if (progress && progress !== seen.at(-1)) seen.push(progress);
    });
    await state().run();
    stop();

    expect(state().columnRuns[id]).toMatchObject({ status: 'ok' });
    expect(state().columnRuns[id]!.progress).toBeUndefined();
    // Events can coalesce or land after the answer; several arrive while the column runs.
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen.map((p) => `${p.unit} ${p.total}`)).size).toBe(1);
    expect(seen[0]!.unit).toBe('tokens');
    const left = seen.map((p) => p.total - p.done);
    for (let i = 1; i < left.length; i++) expect(left[i]).toBeLessThan(left[i - 1]!);
    expect(seen.filter((p) => p.done > 0).every((p) => typeof p.etaMs === 'number')).toBe(true);
  });
});
