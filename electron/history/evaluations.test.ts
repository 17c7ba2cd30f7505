/** Evaluations in a real history file: save, list, open exactly, delete, and the upgrade that adds them. */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Evaluation } from '../../shared/evaluation/schemas';
import { INPUT_ORDER_CONFIG } from '../../shared/pipeline/config';
import { HistoryError, MIGRATIONS, openHistoryDatabase, SCHEMA_VERSION } from './db';
import { evaluationsStep } from './evaluation-schema';
import { insertRun } from './records';
import { all, first } from './sqlite';
import { BM25, openStore, sampleRun, tempFolder } from '../../testkit/fixtures/history';

const { dir, cleanup } = tempFolder('history-evaluations');
afterAll(cleanup);

function sampleEvaluation(overrides: Partial<Evaluation> = {}): Evaluation {
  return {
    id: 'eval-1',
    createdAt: Date.UTC(2025, 1, 3, 10, 0),
    source: 'app',
    status: 'completed',
    dataset: { name: 'tiny.jsonl', format: 'jsonl', queries: 3, unjudgedQueries: 1 },
    settings: { metrics: ['ndcg@10', 'map'], threshold: 2, maxCandidates: 50 },
    columns: [
      {
        columnId: 'baseline',
        name: 'baseline',
        config: INPUT_ORDER_CONFIG,
        baseline: true,
        queries: 2,
        errors: 0,
        latencyMs: 0.2,
      },
      {
        columnId: 'bm25',
        name: 'bm25',
        config: BM25,
        baseline: false,
        queries: 1,
        errors: 1,
        firstError: 'boom',
        latencyMs: 3.5,
        costUsd: 0.002,
      },
    ],
    summary: [
      { columnId: 'baseline', means: { 'ndcg@10': 0.5, map: 0.25 } },
      {
        columnId: 'bm25',
        means: { 'ndcg@10': 0.75, map: 0.5 },
        tests: {
          'ndcg@10': {
            n: 1,
            meanDifference: 0.25,
            randomisationP: 1,
            exact: true,
            wins: 1,
            losses: 0,
            ties: 0,
          },
          map: {
            n: 1,
            meanDifference: 0.25,
            randomisationP: 1,
            exact: true,
            wins: 1,
            losses: 0,
            ties: 0,
          },
        },
      },
    ],
    queries: [
      {
        queryId: 'q1',
        query: 'first',
        candidates: 3,
        relevant: 2,
        values: { baseline: { 'ndcg@10': 0.5, map: 0.25 }, bm25: { 'ndcg@10': 0.75, map: 0.5 } },
      },
      {
        queryId: 'q2',
        query: 'second',
        candidates: 2,
        relevant: 0,
        values: { baseline: { 'ndcg@10': 0.5, map: 0.25 } },
        errors: { bm25: 'boom' },
      },
    ],
    plannedQueries: 2,
    durationMs: 12.25,
    warnings: ['1 query has no judgments and was skipped'],
    ...overrides,
  };
}

describe('the evaluation store', () => {
  const file = path.join(dir, 'history.db');
  const { db, store } = openStore(file);

  it('gives back exactly what was saved', () => {
    const evaluation = sampleEvaluation();
    store.evaluations.save(evaluation);
    expect(store.evaluations.get('eval-1')).toStrictEqual(evaluation);
    expect(store.evaluations.get('nope')).toBeUndefined();
  });

  it('lists newest first, without per-query rows', () => {
    store.evaluations.save(
      sampleEvaluation({
        id: 'eval-2',
        createdAt: Date.UTC(2025, 1, 4),
        source: 'cli',
        status: 'cancelled',
      }),
    );
    const list = store.evaluations.list();
    expect(list.map((e) => [e.id, e.source, e.status, e.completedQueries])).toEqual([
      ['eval-2', 'cli', 'cancelled', 2],
      ['eval-1', 'app', 'completed', 2],
    ]);
    expect(list[0]!.columns).toEqual([
      { columnId: 'baseline', name: 'baseline', baseline: true },
      { columnId: 'bm25', name: 'bm25', baseline: false },
    ]);
    expect(list[0]).not.toHaveProperty('queries');
    expect(store.evaluations.list(1)).toHaveLength(1);
  });

  it('keeps evaluations apart from runs: none shows up in the run history', () => {
    expect(store.listRuns().runs).toEqual([]);
  });

  it('refuses the same id twice and keeps the first', () => {
    expect(() => store.evaluations.save(sampleEvaluation({ durationMs: 1 }))).toThrow(
      `Evaluation "eval-1" is already in the run history ${file}.`,
    );
    expect(store.evaluations.get('eval-1')?.durationMs).toBe(12.25);
  });

  it('never half-writes: a bad query row undoes the whole evaluation', () => {
    const bad = sampleEvaluation({ id: 'eval-bad' });
    (bad.queries[1] as { candidates: unknown }).candidates = null;
    expect(() => store.evaluations.save(bad)).toThrow(HistoryError);
    expect(store.evaluations.get('eval-bad')).toBeUndefined();
    expect(
      first<{ n: number }>(
        db,
        "SELECT count(*) AS n FROM evaluation_columns WHERE evaluation_id = 'eval-bad'",
      )?.n,
    ).toBe(0);
  });

  it('deletes an evaluation with its columns and queries', () => {
    expect(store.evaluations.delete('eval-2')).toBe(true);
    expect(store.evaluations.delete('eval-2')).toBe(false);
    expect(all(db, "SELECT * FROM evaluation_queries WHERE evaluation_id = 'eval-2'")).toEqual([]);
  });

  it('stores no secret: configs are pipeline configs, which refuse key fields', () => {
    const text = all<{ config: string }>(db, 'SELECT config FROM evaluation_columns')
      .map((r) => r.config)
      .join();
    expect(text).not.toMatch(/apiKey|Authorization|token/i);
  });
});

/** Whichever version the evaluations step is: the tests do not depend on its number. */
const EVALUATIONS_VERSION = MIGRATIONS.indexOf(evaluationsStep) + 1;

it('upgrades a history from the version before evaluations, keeping its runs', () => {
  const file = path.join(dir, 'old.db');
  const before = EVALUATIONS_VERSION - 1;
  const old = openHistoryDatabase(file, { targetVersion: before });
  expect(old.version).toBe(before);
  expect(all(old.db, "SELECT name FROM sqlite_schema WHERE name = 'evaluations'")).toEqual([]);
  // The run goes in as the version before wrote it: the step leaves the run tables alone.
  insertRun(old.db, sampleRun({ id: 'kept' }));
  old.db.close();
  const upgraded = openStore(file);
  expect(upgraded.version).toBe(SCHEMA_VERSION);
  expect(upgraded.notices[0]).toContain(
    `was upgraded from schema v${before} to v${SCHEMA_VERSION}`,
  );
  upgraded.store.evaluations.save(sampleEvaluation());
  expect(upgraded.store.getRun('kept')).toStrictEqual({
    ...sampleRun({ id: 'kept' }),
    starred: false,
  });
  expect(upgraded.store.evaluations.list()).toHaveLength(1);
});
