import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHistoryRecorder } from './recorder';
import { all } from './sqlite';
import { openStore, sampleRun, tempFolder } from '../../testkit/fixtures/history';

const { dir, cleanup } = tempFolder('search-queue');
afterAll(cleanup);
let files = 0;
const fileIn = () => path.join(dir, `history-${files++}.db`);

const ids = (page: { runs: { id: string }[] }) => page.runs.map((run) => run.id);
const entries = (db: Parameters<typeof all>[0]) =>
  all<{ rowid: number }>(db, 'SELECT rowid FROM runs_fts ORDER BY rowid').length;
const queued = (db: Parameters<typeof all>[0]) =>
  all<{ seq: number }>(db, 'SELECT seq FROM runs_unindexed').length;

describe('runs saved with their search entry for later', () => {
  it('are committed without an entry, and found by a search all the same', () => {
    const { db, store } = openStore(fileIn());
    store.saveRun(sampleRun({ id: 'later', query: 'zebra stripes' }), { index: 'later' });
    expect([entries(db), queued(db)]).toEqual([0, 1]);
    expect(store.getRun('later')?.query).toBe('zebra stripes');
    // The search writes the pending entries before it runs.
    expect(ids(store.listRuns({ text: 'zebra' }))).toEqual(['later']);
    expect([entries(db), queued(db)]).toEqual([1, 0]);
    expect(store.indexPending()).toBe(0);
    db.close();
  });

  it('an ordinary save indexes its run and any run still waiting, in one commit', () => {
    const { db, store } = openStore(fileIn());
    store.saveRun(sampleRun({ id: 'a', query: 'tea gardens' }), { index: 'later' });
    store.saveRun(sampleRun({ id: 'b', query: 'tea leaves' }));
    expect([entries(db), queued(db)]).toEqual([2, 0]);
    expect(ids(store.listRuns({ text: 'tea' })).sort()).toEqual(['a', 'b']);
    db.close();
  });

  it('a run deleted or imported before its entry was written leaves the index consistent', () => {
    const { db, store } = openStore(fileIn());
    store.saveRun(sampleRun({ id: 'gone', query: 'alpha' }), { index: 'later' });
    expect(store.deleteRun('gone')).toBe(true);
    expect([entries(db), queued(db)]).toEqual([0, 0]);
    const exported = store.exportRuns();
    store.saveRun(sampleRun({ id: 'kept', query: 'beta' }), { index: 'later' });
    const other = openStore(fileIn());
    other.store.importRuns(store.exportRuns());
    expect(ids(other.store.listRuns({ text: 'beta' }))).toEqual(['kept']);
    expect([entries(other.db), queued(other.db)]).toEqual([1, 0]);
    expect(exported.runs).toEqual([]);
    expect(store.indexPending()).toBe(1);
    for (const handle of [db, other.db]) {
      expect(() =>
        handle.exec("INSERT INTO runs_fts (runs_fts) VALUES ('integrity-check')"),
      ).not.toThrow();
      handle.close();
    }
  });

  it('left waiting by a crash, are indexed by the next recorder that opens the file', async () => {
    const dataDir = path.join(dir, 'crashed');
    const { db, store } = openStore(path.join(dataDir, 'history.db'));
    // Saved, then the process died before the entry was written: the connection just ends.
    store.saveRun(sampleRun({ id: 'orphan', query: 'kiwi orchard' }), { index: 'later' });
    db.close();
    const recorder = createHistoryRecorder({ dataDir, onError: (error) => expect(error).toBe(0) });
    const reopened = await recorder.store();
    await recorder.checked();
    const check = openStore(path.join(dataDir, 'history.db'), { check: 'schema' });
    expect([entries(check.db), queued(check.db)]).toEqual([1, 0]);
    check.db.close();
    expect(ids(reopened.listRuns({ text: 'kiwi' }))).toEqual(['orphan']);
    await recorder.close();
  });
});
