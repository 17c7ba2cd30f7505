/** Evaluations in a real history file: save, list, open exactly, delete, and the upgrade that adds them. */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Evaluation } from '../../shared/evaluation/schemas';
import { INPUT_ORDER_CONFIG } from '../../shared/pipeline/config';
import { HistoryError, MIGRATIONS, openHistoryDatabase, SCHEMA_VERSION } from './db';
import { evaluationPairwiseStep, evaluationsStep } from './evaluation-schema';
import { insertRun } from './records';
import { all, first, run } from './sqlite';
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

  it('keeps the baseline setting and the pairwise tests, and lists without the pairwise', () => {
    const evaluation = sampleEvaluation({
      id: 'eval-pairs',
      createdAt: Date.UTC(2025, 1, 1),
      settings: { metrics: ['ndcg@10', 'map'], threshold: 2, baseline: 'bm25' },
      pairwise: [{ a: 'baseline', b: 'bm25', tests: { map: PAIR_TEST } }],
    });
    store.evaluations.save(evaluation);
    expect(store.evaluations.get('eval-pairs')).toStrictEqual(evaluation);
    const listed = store.evaluations.list().find((e) => e.id === 'eval-pairs')!;
    expect(listed.settings.baseline).toBe('bm25');
    expect(listed).not.toHaveProperty('pairwise');
    expect(store.evaluations.delete('eval-pairs')).toBe(true);
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

const PAIR_TEST = {
  n: 1,
  meanDifference: -0.25,
  randomisationP: 1,
  exact: true,
  wins: 0,
  losses: 1,
  ties: 0,
};

/** The row as the evaluations step's store wrote it, before the pairwise step existed. */
function insertAsBeforePairwise(db: Parameters<typeof run>[0], evaluation: Evaluation): void {
  run(
    db,
    `INSERT INTO evaluations (id, created_at, source, status, dataset_name, dataset, settings,
       summary, planned_queries, completed_queries, duration_ms, warnings)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      evaluation.id,
      evaluation.createdAt,
      evaluation.source,
      evaluation.status,
      evaluation.dataset.name,
      JSON.stringify(evaluation.dataset),
      JSON.stringify(evaluation.settings),
      JSON.stringify(evaluation.summary),
      evaluation.plannedQueries,
      evaluation.queries.length,
      evaluation.durationMs,
      JSON.stringify(evaluation.warnings),
    ],
  );
  evaluation.columns.forEach(({ columnId, name, config, baseline, ...stats }, position) =>
    run(
      db,
      `INSERT INTO evaluation_columns (evaluation_id, position, column_id, name, baseline,
         strategy, provider, model, config, config_key, stats)
       VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)`,
      [
        evaluation.id,
        position,
        columnId,
        name,
        baseline ? 1 : 0,
        config.strategy,
        JSON.stringify(config),
        `key-${position}`,
        JSON.stringify(stats),
      ],
    ),
  );
  evaluation.queries.forEach((query, position) =>
    run(
      db,
      `INSERT INTO evaluation_queries (evaluation_id, position, query_id, query, candidates,
         relevant, metric_values, errors)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        evaluation.id,
        position,
        query.queryId,
        query.query,
        query.candidates,
        query.relevant,
        JSON.stringify(query.values),
        query.errors ? JSON.stringify(query.errors) : null,
      ],
    ),
  );
}

it('upgrades a history saved before pairwise tests: its evaluations open exactly as saved', () => {
  const file = path.join(dir, 'before-pairwise.db');
  const before = MIGRATIONS.indexOf(evaluationPairwiseStep);
  const old = openHistoryDatabase(file, { targetVersion: before });
  const saved = sampleEvaluation({ id: 'old-eval' });
  insertAsBeforePairwise(old.db, saved);
  old.db.close();
  const upgraded = openStore(file);
  expect(upgraded.version).toBe(SCHEMA_VERSION);
  // No baseline setting, no pairwise: the record is what it was, and reads as such.
  expect(upgraded.store.evaluations.get('old-eval')).toStrictEqual(saved);
  expect(upgraded.store.evaluations.list()[0]!.settings).toEqual(saved.settings);
  upgraded.db.close();
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
