/** Export to a JSON file's worth of data and import it into another real history file. */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryError } from './db';
import type { HistoryExport } from '../../shared/history/saved-run';
import { createHistoryStore } from './store';
import {
  BM25,
  COHERE,
  column,
  JINA,
  openStore,
  sampleRun,
  tempFolder,
} from '../../testkit/fixtures/history';

const { dir, cleanup } = tempFolder('history-transfer');
afterAll(cleanup);
const exportedAt = new Date(Date.UTC(2025, 6, 4, 8));
const source = openStore(path.join(dir, 'source.db'));

const runs = [
  sampleRun({ id: 'a', createdAt: 3000, columns: [column(COHERE), column(BM25)] }),
  sampleRun({ id: 'b', createdAt: 1000, source: 'cli', instruction: undefined, topN: undefined }),
  sampleRun({
    id: 'c',
    createdAt: 2000,
    status: 'cancelled',
    columns: [column(JINA, { status: 'error' })],
  }),
];
for (const run of runs) source.store.saveRun(run);
source.store.setStarred('c', true);

/** What a file on disk holds: the export after JSON.stringify and JSON.parse. */
const throughFile = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('exportRuns', () => {
  it('exports every run, oldest first, with its star', () => {
    const empty = createHistoryStore(openStore(path.join(dir, 'clocked.db')).db, {
      now: () => exportedAt,
    });
    expect(empty.exportRuns()).toStrictEqual({
      format: 'rerank-studio-history',
      version: 1,
      exportedAt: '2025-07-04T08:00:00.000Z',
      runs: [],
    });
    const all = source.store.exportRuns();
    expect(all.runs.map((run) => [run.id, run.starred])).toEqual([
      ['b', false],
      ['c', true],
      ['a', false],
    ]);
    expect(all.runs[2]).toStrictEqual({ ...runs[0], starred: false });
  });

  it('exports the runs asked for, leaving out ids it does not have', () => {
    const some = source.store.exportRuns(['a', 'nope', 'a', 'c']);
    expect(some.runs.map((run) => run.id)).toEqual(['a', 'c']);
  });
});

describe('importRuns', () => {
  it('imports an export into a fresh history, identical when exported again', () => {
    const file = throughFile(source.store.exportRuns());
    const target = openStore(path.join(dir, 'target.db'));
    expect(target.store.importRuns(file)).toEqual({ imported: 3, skipped: 0, errors: [] });
    const again = throughFile(target.store.exportRuns()) as HistoryExport;
    expect(again.runs).toEqual((file as HistoryExport).runs);
    expect(target.store.listRuns({ starred: true }).runs.map((r) => r.id)).toEqual(['c']);
    expect(target.store.listRuns({ text: 'okapi' }).runs).toHaveLength(3); // search entries too
    // A second import of the same file skips every run.
    expect(target.store.importRuns(file)).toEqual({ imported: 0, skipped: 3, errors: [] });
  });

  it('reports each bad entry by index and field, and imports the others', () => {
    const target = openStore(path.join(dir, 'errors.db'));
    const good = throughFile(sampleRun({ id: 'good-1' })) as Record<string, unknown>;
    const badStatus = throughFile(sampleRun({ id: 'bad-status' })) as {
      columns: { result: { status: string } }[];
    };
    badStatus.columns[0]!.result.status = 'exploded';
    const withKey = throughFile(sampleRun({ id: 'with-key' })) as {
      columns: { config: { params?: object } }[];
    };
    withKey.columns[1]!.config.params = { method: 'bm25', apiKey: 'sk-live-123' };
    const file = {
      format: 'rerank-studio-history',
      version: 1,
      runs: [
        good,
        { ...good, id: 'bad id!' },
        badStatus,
        withKey,
        42,
        { ...good, id: 'good-2', createdAt: 'yesterday', starred: 'yes' },
        { ...good, id: 'good-3', starred: true },
        good,
      ],
    };
    const report = target.store.importRuns(file);
    expect(report.imported).toBe(2);
    expect(report.skipped).toBe(1); // the repeated good-1
    expect(report.errors).toEqual([
      {
        index: 1,
        id: 'bad id!',
        message: 'runs[1].id: runId must be 1–128 letters, digits, "-" or "_"',
      },
      {
        index: 2,
        id: 'bad-status',
        message: expect.stringMatching(
          /^runs\[2\]\.columns\[0\]\.result\.status: Invalid option/,
        ) as unknown,
      },
      {
        index: 3,
        id: 'with-key',
        message:
          'runs[3].columns[1].config.params.apiKey: pipeline configs never hold keys: remove "params.apiKey" and store the key in the Keys panel or an environment variable',
      },
      { index: 4, message: 'runs[4]: Invalid input: expected object, received number' },
      {
        index: 5,
        id: 'good-2',
        message: expect.stringMatching(
          /^runs\[5\]\.createdAt: .*; runs\[5\]\.starred: /,
        ) as unknown,
      },
    ]);
    expect(target.store.getRun('good-1')).toStrictEqual({
      ...sampleRun({ id: 'good-1' }),
      starred: false,
    });
    expect(target.store.getRun('good-3')?.starred).toBe(true);
    expect(target.store.getRun('bad-status')).toBeUndefined();
  });

  it('refuses a file that is not a history export, or from a newer export format', () => {
    const { store } = openStore(path.join(dir, 'refusals.db'));
    const runsOnly = { runs: [sampleRun({ id: 'x' })] };
    expect(() => store.importRuns(runsOnly)).toThrow(
      'This is not a Rerank Studio history export: expected "format": "rerank-studio-history".',
    );
    expect(() => store.importRuns([])).toThrow(HistoryError);
    expect(() =>
      store.importRuns({ ...runsOnly, format: 'rerank-studio-history', version: 2 }),
    ).toThrow(
      'This history export is version 2, written by a newer Rerank Studio (this one reads version 1); update Rerank Studio to import it.',
    );
    expect(() => store.importRuns({ ...runsOnly, format: 'rerank-studio-history' })).toThrow(
      'This history export has no version this app knows: expected "version": 1.',
    );
    expect(() =>
      store.importRuns({ format: 'rerank-studio-history', version: 1, runs: {} }),
    ).toThrow('This history export has no "runs" list.');
    expect(store.listRuns().runs).toEqual([]);
  });
});
