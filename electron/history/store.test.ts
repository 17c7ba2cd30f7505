/** Saving, reading, deleting and summing up runs in a real history file. */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configKey } from './config-key';
import { HistoryError, openHistoryDatabase, SCHEMA_VERSION } from './db';
import type { SavedRunInput } from '../../shared/history/saved-run';
import { all, first } from './sqlite';
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

const { dir, cleanup } = tempFolder('history-store');
afterAll(cleanup);
const file = path.join(dir, 'history.db');
const { db, store } = openStore(file);

const ftsHits = (word: string) =>
  first<{ n: number }>(db, 'SELECT count(*) AS n FROM runs_fts WHERE runs_fts MATCH ?', [word])?.n;
const columnRows = (id: string) =>
  first<{ n: number }>(db, 'SELECT count(*) AS n FROM columns WHERE run_id = ?', [id])?.n;

describe('saveRun and getRun', () => {
  it('gives back exactly what was saved, wire exchanges and all', () => {
    const run = sampleRun({
      id: 'round-trip',
      columns: [
        column(COHERE, { latencyMs: 215.75 }),
        column(JINA, { id: 'jina-2', status: 'error', latencyMs: 30 }),
        column(BM25, { status: 'cancelled', latencyMs: 0.5 }),
      ],
    });
    store.saveRun(run);
    expect(store.getRun('round-trip')).toStrictEqual({ ...run, starred: false });
  });

  it('round-trips a run without any optional field', () => {
    const run: SavedRunInput = {
      id: 'minimal',
      createdAt: 0,
      source: 'server',
      status: 'incomplete',
      query: '',
      documents: [],
      columns: [],
    };
    store.saveRun(run);
    expect(store.getRun('minimal')).toStrictEqual({ ...run, starred: false });
    expect(store.getRun('never-saved')).toBeUndefined();
  });

  it('never half-writes a run: a failing column undoes the run row and its search entry', () => {
    const bad = column(COHERE, { id: 'second' });
    // As if a bug slipped an unknown status past the types: the CHECK constraint refuses it.
    (bad.result as { status: string }).status = 'exploded';
    const run = sampleRun({
      id: 'half',
      query: 'zanzibar archipelago',
      columns: [column(BM25), bad],
    });
    expect(() => store.saveRun(run)).toThrow(HistoryError);
    expect(() => store.saveRun(run)).toThrow(
      `Could not save run "half" to the run history ${file}: CHECK constraint failed: status IN ('ok', 'error', 'cancelled')`,
    );
    expect(store.getRun('half')).toBeUndefined();
    expect(columnRows('half')).toBe(0);
    expect(ftsHits('zanzibar')).toBe(0);
    expect(store.listRuns({ text: 'zanzibar' }).runs).toEqual([]);
    expect(db.inTransaction).toBe(false);
  });

  it('refuses a second run with the same id and keeps the first', () => {
    store.saveRun(sampleRun({ id: 'twice', query: 'first version' }));
    expect(() => store.saveRun(sampleRun({ id: 'twice', query: 'second version' }))).toThrow(
      `Run "twice" is already in the run history ${file}.`,
    );
    expect(store.getRun('twice')?.query).toBe('first version');
  });
});

describe('deleteRun and setStarred', () => {
  it('deletes the run, its columns and its search entry', () => {
    store.saveRun(sampleRun({ id: 'doomed', query: 'ephemeral quokka' }));
    expect(ftsHits('quokka')).toBe(1);
    expect(columnRows('doomed')).toBe(2);
    expect(store.deleteRun('doomed')).toBe(true);
    expect(store.getRun('doomed')).toBeUndefined();
    expect(columnRows('doomed')).toBe(0);
    expect(ftsHits('quokka')).toBe(0);
    expect(store.deleteRun('doomed')).toBe(false);
  });

  it('stars and unstars a run', () => {
    store.saveRun(sampleRun({ id: 'keeper' }));
    expect(store.setStarred('keeper', true)).toBe(true);
    expect(store.getRun('keeper')?.starred).toBe(true);
    expect(store.listRuns({ starred: true }).runs.map((r) => r.id)).toEqual(['keeper']);
    expect(store.setStarred('keeper', false)).toBe(true);
    expect(store.listRuns({ starred: true }).runs).toEqual([]);
    expect(store.setStarred('nobody', true)).toBe(false);
  });
});

describe('configStats', () => {
  it('sums runs, latency and errors per config, by hand', () => {
    const { store: stats } = openStore(path.join(dir, 'stats.db'));
    const renamed = { ...COHERE, name: 'cohere B' };
    const at = (minute: number) => Date.UTC(2025, 2, 1, 10, minute);
    const runs: [number, SavedRunInput['columns']][] = [
      [1, [column(COHERE, { latencyMs: 100 }), column(BM25, { latencyMs: 2 })]],
      [2, [column(COHERE, { latencyMs: 300 }), column(BM25, { latencyMs: 4 })]],
      [
        3,
        [
          column(COHERE, { status: 'error', latencyMs: 50 }),
          column(BM25, { status: 'cancelled', latencyMs: 1 }),
        ],
      ],
      // The same config twice in one run (an A/A check), and a renamed copy.
      [
        4,
        [
          column(COHERE, { id: 'a', latencyMs: 200 }),
          column(COHERE, { id: 'b', latencyMs: 400 }),
          column(renamed, { latencyMs: 10 }),
        ],
      ],
    ];
    for (const [minute, columns] of runs) {
      stats.saveRun(sampleRun({ id: `stats-${minute}`, createdAt: at(minute), columns }));
    }
    const byName = new Map(stats.configStats().map((line) => [line.name, line]));
    expect(byName.get('cohere')).toEqual({
      configKey: configKey(COHERE),
      name: 'cohere',
      strategy: 'dedicated-model',
      provider: 'cohere',
      model: 'rerank-v3.5',
      config: COHERE,
      runs: 4,
      columns: 5,
      averageLatencyMs: 250, // (100 + 300 + 200 + 400) / 4: the error's 50 ms left out
      errors: 1,
      cancelled: 0,
      lastRunAt: at(4),
      lastError: { message: 'cohere answered 503', at: at(3) },
    });
    expect(byName.get('bm25')).toEqual({
      configKey: configKey(BM25),
      name: 'bm25',
      strategy: 'heuristic',
      config: BM25,
      runs: 3,
      columns: 3,
      averageLatencyMs: 3, // (2 + 4) / 2: the cancelled 1 ms left out
      errors: 0,
      cancelled: 1,
      lastRunAt: at(3),
    });
    expect(byName.get('cohere B')).toMatchObject({ runs: 1, columns: 1, averageLatencyMs: 10 });
    expect(byName.size).toBe(3);
    // Newest first.
    expect(stats.configStats().at(-1)?.name).toBe('bm25');
  });

  it('gives a config the same key whatever order its fields were written in', () => {
    const reordered = JSON.parse(
      '{"params":{"b":0.75,"k1":1.2,"method":"bm25"},"strategy":"heuristic","name":"bm25","version":1}',
    ) as typeof BM25;
    expect(configKey(reordered)).toBe(configKey(BM25));
    expect(configKey({ ...BM25, params: { method: 'bm25', k1: 1.5, b: 0.75 } })).not.toBe(
      configKey(BM25),
    );
    expect(all(db, 'SELECT DISTINCT config_key FROM columns WHERE name = ?', ['bm25'])).toEqual([
      { config_key: configKey(BM25) },
    ]);
  });

  it('is empty for an empty history', () => {
    expect(openStore(path.join(dir, 'empty.db')).store.configStats()).toEqual([]);
  });
});

it('refuses a database that was not brought to the current schema', () => {
  const old = openHistoryDatabase(path.join(dir, 'old.db'), { targetVersion: 1 });
  expect(() => createHistoryStore(old.db)).toThrow(
    `The run history ${path.join(dir, 'old.db')} is at schema v1 but this code needs v${SCHEMA_VERSION}: open it with openHistoryDatabase, which upgrades it.`,
  );
});
