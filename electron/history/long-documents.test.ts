/** Runs with windowed columns in a real history file, beside runs saved before windows existed. */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SavedRun } from '../../shared/history/saved-run';
import { COHERE, column, openStore, sampleRun, tempFolder } from '../../testkit/fixtures/history';

const { dir, cleanup } = tempFolder('history-long');
afterAll(cleanup);
const { store } = openStore(path.join(dir, 'history.db'));

describe('history with long documents', () => {
  it('keeps the config setting and the passage that won, and still reads runs without them', () => {
    const windowed = column({ ...COHERE, longDocuments: { mode: 'chunk', window: 64 } });
    windowed.result.results[0] = {
      ...windowed.result.results[0]!,
      passage: { start: 120, end: 380, window: 2, windows: 5 },
    };
    const run = sampleRun({ id: 'windowed', columns: [windowed, column(COHERE, { id: 'old' })] });
    store.saveRun(run);
    const back = store.getRun('windowed')!;
    expect(back).toStrictEqual({ ...run, starred: false });
    // What the contract says a saved run is, for both columns.
    expect(SavedRun.safeParse(back).success).toBe(true);
    expect(back.columns[1]!.result.results[0]).not.toHaveProperty('passage');
  });
});
