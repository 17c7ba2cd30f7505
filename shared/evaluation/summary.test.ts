/** Means, paired tests, wins and losses, and the report texts, on a record built by hand. */
import { describe, expect, it } from 'vitest';
import { INPUT_ORDER_CONFIG } from '../pipeline/config';
import { columnLabels, csvReport, markdownReport, metricsByName, textTable } from './report';
import type { Evaluation, QueryResult } from './schemas';
import { comparePairs } from './pairwise';
import { bestColumn, queryDeltas, summarizeEvaluation } from './summary';

const queries: QueryResult[] = [
  {
    queryId: 'q1',
    query: 'one',
    candidates: 2,
    relevant: 1,
    values: { baseline: { map: 0.5 }, a: { map: 1 }, b: { map: 0.5 } },
  },
  {
    queryId: 'q2',
    query: 'two, "quoted"',
    candidates: 2,
    relevant: 1,
    values: { baseline: { map: 0.25 }, a: { map: 0.5 } },
    errors: { b: 'b failed' },
  },
  {
    queryId: 'q3',
    query: 'three',
    candidates: 2,
    relevant: 1,
    values: { baseline: { map: 1 }, a: { map: 0.5 }, b: { map: 1 } },
  },
];

describe('summarizeEvaluation', () => {
  const summary = summarizeEvaluation(['baseline', 'a', 'b'], 'baseline', ['map'], queries);

  it('averages each column over the queries it ranked', () => {
    expect(summary[0]).toEqual({ columnId: 'baseline', means: { map: 1.75 / 3 } });
    expect(summary[1]!.means.map).toBe(2 / 3);
    // b failed on q2: its mean is over q1 and q3, not a 0 for q2.
    expect(summary[2]!.means.map).toBe(0.75);
  });

  it('pairs only the queries both sides ranked, and counts wins, losses and ties', () => {
    expect(summary[1]!.tests!.map).toMatchObject({
      n: 3,
      wins: 2,
      losses: 1,
      ties: 0,
      exact: true,
    });
    // d = 0.5, 0.25, −0.5 sums to 0.25; every one of the 8 sign patterns sums to ±0.25 or more.
    expect(summary[1]!.tests!.map!.randomisationP).toBe(1);
    expect(summary[2]!.tests!.map).toMatchObject({
      n: 2,
      wins: 0,
      losses: 0,
      ties: 2,
      meanDifference: 0,
      tTestP: 1,
    });
  });

  it('marks the best column and gives per-query deltas', () => {
    expect(bestColumn(summary, 'map')).toBe('b');
    expect(
      queryDeltas(queries, 'a', 'baseline', 'map').map((d) => [d.queryId, d.delta, d.outcome]),
    ).toEqual([
      ['q1', 0.5, 'win'],
      ['q2', 0.25, 'win'],
      ['q3', -0.5, 'loss'],
    ]);
  });
});

describe('reports', () => {
  const config = (name: string) => ({ version: 1 as const, name, strategy: 'heuristic' as const });
  const evaluation: Evaluation = {
    id: 'e',
    createdAt: Date.UTC(2025, 0, 1),
    source: 'cli',
    status: 'completed',
    dataset: { name: 'set|1.jsonl', format: 'jsonl', queries: 3, unjudgedQueries: 0 },
    settings: { metrics: ['map'], threshold: 2 },
    columns: [
      {
        columnId: 'baseline',
        name: 'baseline',
        config: { ...INPUT_ORDER_CONFIG, name: 'baseline' },
        baseline: true,
        queries: 3,
        errors: 0,
        latencyMs: 0,
      },
      {
        columnId: 'a',
        name: 'bm25',
        config: config('bm25'),
        baseline: false,
        queries: 3,
        errors: 0,
        latencyMs: 0,
      },
      {
        columnId: 'b',
        name: 'bm25',
        config: config('bm25'),
        baseline: false,
        queries: 2,
        errors: 1,
        latencyMs: 0,
      },
    ],
    summary: summarizeEvaluation(['baseline', 'a', 'b'], 'baseline', ['map'], queries),
    queries,
    plannedQueries: 3,
    durationMs: 1,
    warnings: ['a note'],
  };

  it('names columns uniquely and prints the CLI JSON with the baseline last', () => {
    expect([...columnLabels(evaluation).values()]).toEqual(['baseline', 'bm25', 'bm25 (2)']);
    expect(JSON.stringify(metricsByName(evaluation))).toBe(
      `{"bm25":{"map":${2 / 3}},"bm25 (2)":{"map":0.75},"baseline":{"map":${1.75 / 3}}}`,
    );
  });

  // a − baseline: d = 0.5, 0.25, −0.5, t = 0.27735 on 2 df; for 2 df p = 1 − t / √(2 + t²) = 0.808.
  it('prints a table with the best marked and the p-values', () => {
    expect(textTable(evaluation).split('\n').slice(0, 3)).toEqual([
      'metric  baseline  bm25                        bm25 (2)',
      '------  --------  --------------------------  ----------------------------',
      'map     0.5833    0.6667 (p 1.000 / t 0.808)  0.7500 (p 1.000 / t 1.000) *',
    ]);
  });

  it('writes Markdown with the best in bold and pipes escaped', () => {
    const md = markdownReport(evaluation);
    expect(md).toContain('# Evaluation of set\\|1.jsonl');
    expect(md).toContain(
      '| map | 0.5833 | 0.6667 (p 1.000 / t 0.808) | **0.7500 (p 1.000 / t 1.000)** |',
    );
    expect(md).toContain('| bm25 | 2 / 1 / 0 |');
    expect(md).toContain('- a note');
  });

  it('tests against another column when it is the baseline, and prints every pair', () => {
    const pairwise = comparePairs(queries, ['baseline', 'a', 'b'], ['map']);
    const againstA: Evaluation = {
      ...evaluation,
      settings: { ...evaluation.settings, baseline: 'a' },
      summary: summarizeEvaluation(['baseline', 'a', 'b'], 'a', ['map'], queries, { pairwise }),
      pairwise,
    };
    // The same tests as run directly, read from the pairwise record reversed where needed.
    expect(againstA.summary).toEqual(
      summarizeEvaluation(['baseline', 'a', 'b'], 'a', ['map'], queries),
    );
    expect(againstA.summary[0]!.tests!.map).toMatchObject({
      meanDifference: -0.25 / 3,
      wins: 1,
      losses: 2,
    });
    expect(againstA.summary[1]!.tests).toBeUndefined();
    // The input order is no longer "baseline"; the configs' labels do not move.
    expect([...columnLabels(againstA).values()]).toEqual(['input order', 'bm25', 'bm25 (2)']);
    expect(Object.keys(metricsByName(againstA))).toEqual(['bm25', 'bm25 (2)', 'input order']);
    const table = textTable(againstA).split('\n');
    expect(table[0]).toBe('metric  input order                 bm25 (baseline)  bm25 (2)');
    expect(table).toContain(
      '3 of 3 queries, relevant = grade ≥ 2; * best; p: paired randomisation / t-test against bm25, the baseline, unadjusted',
    );
    expect(table[2]).toBe(
      'map     0.5833 (p 1.000 / t 0.808)  0.6667           0.7500 (p 1.000 / t 1.000) *',
    );
    // Row − column: a − baseline is the 0.0833 above; b − a pairs q1 and q3 only (b failed q2):
    // −0.5 and 0.5, mean 0. Holm over the three pairs lifts the t-test's 0.808 to 1 (× 3).
    expect(table.slice(6, 11)).toEqual([
      'map          input order              bm25                     bm25 (2)',
      '-----------  -----------------------  -----------------------  -----------------------',
      'input order  –                        -0.0833 p 1.000 / 1.000  +0.0000 p 1.000 / 1.000',
      'bm25         +0.0833 p 1.000 / 1.000  –                        +0.0000 p 1.000 / 1.000',
      'bm25 (2)     +0.0000 p 1.000 / 1.000  +0.0000 p 1.000 / 1.000  –',
    ]);
    expect(table.at(-1)).toMatch(/^pairwise: row − column mean difference, .*Holm–Bonferroni/);
    expect(markdownReport(againstA)).toContain('## Every pair of columns');
    // Older records carry no pairwise tests: no matrix, and the rest as before.
    expect(textTable(evaluation)).not.toContain('pairwise');
  });

  it('writes CSV with means first, quoting as RFC 4180 wants, and errors in place of values', () => {
    const lines = csvReport(evaluation).trim().split('\n');
    expect(lines[0]).toBe('query_id,query,column,map');
    expect(lines[1]).toBe(`mean,,baseline,${1.75 / 3}`);
    expect(lines).toContain('q2,"two, ""quoted""",bm25 (2),b failed');
  });
});
