import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../store';
import { webHostClient } from '../../../testkit/renderer/web-host-client';
import { isFiltered, listQuery } from './slice';

describe('the History panel’s store', () => {
  it('finds an earlier run by a word, reopens it exactly, re-runs and deletes it', async () => {
    const store = createAppStore((await webHostClient()).client);
    const state = () => store.getState();
    const bm25 = state().columns[1]!.id;

    state().setQuery('zebra stripes');
    state().setInstruction('prefer biology');
    await state().run();
    const first = state().columnRuns[bm25]!.result!;
    expect(first.status).toBe('ok');
    // Committed before the answer: nothing to warn about.
    expect(state().runNotSaved).toBeUndefined();

    state().setQuery('tea gardens');
    state().setInstruction('');
    expect(state().setBm25Param(bm25, 'k1', '2').ok).toBe(true);
    await state().run();

    state().openHistory();
    await state().searchHistory({ text: 'zebra' });
    expect(state().historyRuns.map((r) => r.query)).toEqual(['zebra stripes']);
    await state().searchHistory({ text: '' });
    expect(state().historyRuns.map((r) => r.query)).toEqual(['tea gardens', 'zebra stripes']);

    const zebra = state().historyRuns[1]!.id;
    const opened = await state().openHistoryRun(zebra);
    expect(opened.ok).toBe(true);
    expect(state().historyOpen).toBe(false);
    expect(state().query).toBe('zebra stripes');
    expect(state().instruction).toBe('prefer biology');
    // The columns as they were then (k1 back at its default), with their results.
    const restored = state().columns[1]!;
    expect(restored.config.params).toBeUndefined();
    const shown = state().columnRuns[restored.id]!.result!;
    expect(shown.results).toEqual(first.results);
    expect(shown.columnId).toBe(restored.id);

    await state().rerunHistoryRun(zebra);
    expect(state().columnRuns[state().columns[1]!.id]!.result!.results).toEqual(first.results);
    await state().searchHistory({ text: '' });
    expect(state().historyRuns).toHaveLength(3);

    expect((await state().deleteHistoryRun(zebra)).ok).toBe(true);
    await state().searchHistory({ text: 'zebra' });
    expect(state().historyRuns.map((r) => r.id)).not.toContain(zebra);

    const exported = await state().exportHistory();
    expect(exported.ok && (JSON.parse(exported.value) as { runs: unknown[] }).runs.length).toBe(2);
  });
});

describe('the History filter', () => {
  it('asks for whole local days, and leaves out what is not set', () => {
    const query = listQuery({
      text: ' ',
      from: '2026-03-01',
      to: '2026-03-02',
      strategy: 'fusion',
    });
    expect(query).toEqual({
      from: new Date(2026, 2, 1).getTime(),
      // The "to" day is included: the range ends at the next midnight.
      to: new Date(2026, 2, 3).getTime(),
      strategy: 'fusion',
    });
    expect(listQuery({ text: 'zebra', from: 'not a day' })).toEqual({ text: 'zebra' });
    expect(isFiltered({ text: '' })).toBe(false);
    expect(isFiltered({ text: '', provider: 'cohere' })).toBe(true);
  });
});

describe('a run the history could not keep', () => {
  it('is shown as not saved, with the reason, run after run', async () => {
    const { client } = await webHostClient({
      // A folder where the history file should be: the host cannot open it.
      prepareDataDir: (dataDir) =>
        mkdirSync(path.join(dataDir, 'history.db', 'inside'), { recursive: true }),
    });
    const store = createAppStore(client);
    const state = () => store.getState();
    state().setQuery('zebra stripes');
    await state().run();
    expect(state().columnRuns[state().columns[1]!.id]!.result!.status).toBe('ok');
    expect(state().runNotSaved).toMatch(/^Could not open the run history .*history\.db: /);

    // The host logs the reason once; each answer still says it.
    state().setQuery('tea gardens');
    await state().run();
    expect(state().runNotSaved).toMatch(/: it is a folder, not a file$/);
  });
});
