import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/contract/dispatch';
import type { OperationResponse, RerankRunAnswer } from '../../shared/contract';
import { createServices } from '../composition/compose';
import { createHistoryRecorder } from './recorder';
import { openStore, sampleRun, writeDamagedHistory } from '../../testkit/fixtures/history';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-recorder-'));
  dirs.push(dir);
  return dir;
};

const RUN = {
  runId: 'run-history-1',
  query: 'zebra stripes',
  instruction: 'prefer biology',
  documents: ['Tea grows on hills.', { id: 'z', text: 'A zebra has stripes.', metadata: { y: 1 } }],
  columns: [{ id: 'c0', config: { version: 1, name: 'bm25', strategy: 'heuristic' } }],
};

describe('every run lands in the history', () => {
  it('is committed before the answer, listed, searchable and reopened exactly', async () => {
    const dataDir = tempDir();
    const services = createServices({ host: 'web', dataDir, env: {} });
    try {
      const ran = await dispatch(services.handlers, 'rerank:run', RUN);
      expect(ran.ok).toBe(true);
      // Committed before the answer: another connection to the file sees it at once.
      expect((ran.ok ? ran.value : undefined) as RerankRunAnswer).toMatchObject({
        history: { saved: true },
      });
      const other = openStore(path.join(dataDir, 'history.db'), { check: 'schema' });
      expect(other.store.getRun('run-history-1')?.query).toBe('zebra stripes');
      other.db.close();
      const listed = await dispatch(services.handlers, 'history:list', { text: 'stripes' });
      const page = (listed.ok ? listed.value : undefined) as OperationResponse<'history:list'>;
      expect(page.runs.map((r) => r.id)).toEqual(['run-history-1']);
      expect(page.runs[0]).toMatchObject({
        source: 'playground',
        status: 'completed',
        documentCount: 2,
      });

      const got = await dispatch(services.handlers, 'history:get', { id: 'run-history-1' });
      const run = (got.ok ? got.value : undefined) as OperationResponse<'history:get'>;
      expect(run.documents[1]).toEqual({
        id: 'z',
        text: 'A zebra has stripes.',
        metadata: { y: 1 },
      });
      expect(run.instruction).toBe('prefer biology');
      const result = (ran.ok ? ran.value : undefined) as RerankRunAnswer;
      expect(run.columns[0]!.result).toEqual(result.columns[0]);

      const missing = await dispatch(services.handlers, 'history:get', { id: 'nope' });
      expect(missing.ok ? '' : missing.error.code).toBe('not_found');
      const stats = await dispatch(services.handlers, 'history:stats', {});
      expect(stats.ok && (stats.value as { configs: { runs: number }[] }).configs[0]!.runs).toBe(1);
    } finally {
      await services.close();
    }
  });

  it('a history that cannot be opened never stops a rerank, and says why', async () => {
    const dataDir = tempDir();
    // A folder where the database file should be.
    mkdirSync(path.join(dataDir, 'history.db'));
    writeFileSync(path.join(dataDir, 'history.db', 'x'), '');
    const services = createServices({ host: 'cli', dataDir, env: {} });
    try {
      // Each answer says the run is not saved, and why (the log says it once).
      for (const runId of ['unsaved-1', 'unsaved-2']) {
        const ran = await dispatch(services.handlers, 'rerank:run', { ...RUN, runId });
        expect(ran.ok).toBe(true);
        const { history } = (ran.ok ? ran.value : {}) as RerankRunAnswer;
        expect(history?.saved).toBe(false);
        expect(history?.saved === false && history.reason).toMatch(
          /^Could not open the run history .*history\.db: it is a folder, not a file$/,
        );
      }
      const listed = await dispatch(services.handlers, 'history:list', {});
      expect(listed.ok).toBe(false);
      if (!listed.ok) expect(listed.error.message).toContain('history.db');
    } finally {
      await services.close();
    }
  });
});

describe('the integrity check at opening', () => {
  it('runs after the history opened, then moves a damaged file aside and starts afresh', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'history.db');
    writeDamagedHistory(file);
    const errors: unknown[] = [];
    const recorder = createHistoryRecorder({ dataDir, onError: (error) => errors.push(error) });
    // The store is there before the check has read the pages.
    await recorder.store();
    await recorder.checked();
    const notices = recorder.notices();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      /^The run history .*history\.db could not be read \(.*\); it was moved to .*history\.db\.corrupt-\S+ and a new, empty history was started\.$/,
    );
    expect(readdirSync(dataDir).some((name) => name.startsWith('history.db.corrupt-'))).toBe(true);
    expect(await recorder.record(sampleRun({ id: 'after' }))).toEqual({ saved: true });
    const store = await recorder.store();
    expect(store.listRuns().runs.map((run) => run.id)).toEqual(['after']);
    await recorder.close();
  });

  it('leaves a sound history alone', async () => {
    const dataDir = tempDir();
    const recorder = createHistoryRecorder({
      dataDir,
      onError: (error) => expect(error).toBeUndefined(),
    });
    expect(await recorder.record(sampleRun({ id: 'kept' }))).toEqual({ saved: true });
    await recorder.checked();
    expect(recorder.notices()).toEqual([]);
    expect((await recorder.store()).getRun('kept')?.id).toBe('kept');
    await recorder.close();
  });
});
