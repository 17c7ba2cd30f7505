/**
 * The eval:* operations in-process, through `dispatch` as every host calls them, on the real
 * engine and a real history file: figures worked out by hand on a set made in code, the same
 * figures from every import format, TREC DL 2019/2020 reproduced, progress, cancel, saving.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/contract/dispatch';
import type { OperationResponse } from '../../shared/contract';
import type { Evaluation } from '../../shared/evaluation/schemas';
import { BM25, evaluationHarness } from '../../testkit/harness/evaluation';
import {
  BASELINE_FIGURES,
  labelledCsv,
  labelledJsonl,
  labelledQrels,
  labelledTrecFiles,
} from '../../shared/evaluation/labelled-sample';

const { dir, services, events, call } = evaluationHarness();

const METRICS = ['ndcg@10', 'mrr@10', 'recall@100', 'map'];
let counter = 0;

async function evaluate(
  datasetId: string,
  extra: Record<string, unknown> = {},
): Promise<Evaluation> {
  return call<Evaluation>('eval:run', {
    evaluationId: `e${++counter}`,
    datasetId,
    columns: [{ id: 'bm25', config: BM25 }],
    metrics: METRICS,
    threshold: 2,
    ...extra,
  });
}

const baselineMeans = (evaluation: Evaluation) =>
  evaluation.summary.find((s) => s.columnId === 'baseline')!.means;

describe('figures on the set made in code', () => {
  it('match the hand-worked values exactly, from JSONL with its qrels', async () => {
    const imported = await call<OperationResponse<'eval:import'>>('eval:import', {
      files: [{ name: 'tiny.jsonl', text: labelledJsonl() }],
      qrels: { name: 'qrels.txt', text: labelledQrels() },
    });
    expect(imported).toMatchObject({
      format: 'jsonl',
      queries: 4,
      unjudgedQueries: 1,
      candidates: 10,
      judgments: 8,
      judgedOutsideCandidates: 1,
      grades: { '0': 3, '1': 1, '2': 3, '3': 1 },
    });
    const evaluation = await evaluate(imported.datasetId);
    expect(evaluation.status).toBe('completed');
    expect(evaluation.queries.map((q) => q.queryId)).toEqual(['q1', 'q2', 'q3']);
    const means = baselineMeans(evaluation);
    for (const [metric, value] of Object.entries(BASELINE_FIGURES)) {
      expect(means[metric], metric).toBeCloseTo(value, 12);
    }
    expect(evaluation.warnings).toContain(
      '1 query has no judgments and was skipped, as trec_eval skips them',
    );
    // q3 has no relevant document: 0, and it is in the mean.
    expect(evaluation.queries[2]!.values.baseline).toEqual({
      'ndcg@10': 0,
      'mrr@10': 0,
      'recall@100': 0,
      map: 0,
    });
  });

  it('are the same from a TREC folder, a CSV with qrels, and files picked in the UI', async () => {
    const trecDir = path.join(dir, 'trec-set');
    mkdirSync(trecDir);
    const files = labelledTrecFiles();
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(trecDir, name), text);
    writeFileSync(path.join(dir, 'pairs.csv'), labelledCsv());
    writeFileSync(path.join(dir, 'qrels.txt'), labelledQrels());
    const sources = [
      { path: trecDir },
      { path: path.join(dir, 'pairs.csv'), qrelsPath: path.join(dir, 'qrels.txt') },
      { files: Object.entries(files).map(([name, text]) => ({ name, text })) },
    ];
    for (const source of sources) {
      const { datasetId } = await call<{ datasetId: string }>('eval:import', source);
      const means = baselineMeans(await evaluate(datasetId));
      for (const [metric, value] of Object.entries(BASELINE_FIGURES)) {
        expect(means[metric], `${JSON.stringify(source).slice(0, 40)} ${metric}`).toBeCloseTo(
          value,
          12,
        );
      }
    }
  });

  it('reads a BEIR folder: the test split of qrels/, candidates retrieved by BM25 over the corpus', async () => {
    const beir = path.join(dir, 'beir-set');
    mkdirSync(path.join(beir, 'qrels'), { recursive: true });
    const corpus = [
      { _id: 'c1', title: 'Apple pie', text: 'an apple pie recipe with butter' },
      { _id: 'c2', text: 'stock markets fell on monday' },
      { _id: 'c3', text: 'okapi bm25 ranking explained' },
    ];
    writeFileSync(path.join(beir, 'corpus.jsonl'), corpus.map((d) => JSON.stringify(d)).join('\n'));
    writeFileSync(
      path.join(beir, 'queries.jsonl'),
      '{"_id":"1","text":"apple pie recipe"}\n{"_id":"2","text":"bm25 ranking"}\n{"_id":"3","text":"train only"}\n',
    );
    writeFileSync(
      path.join(beir, 'qrels', 'test.tsv'),
      'query-id\tcorpus-id\tscore\n1\tc1\t2\n2\tc3\t1\n',
    );
    writeFileSync(path.join(beir, 'qrels', 'train.tsv'), 'query-id\tcorpus-id\tscore\n3\tc2\t1\n');
    const imported = await call<OperationResponse<'eval:import'>>('eval:import', {
      path: beir,
      depth: 2,
    });
    // Like any first-stage retrieval, BM25 returns only documents sharing a term with the query.
    expect(imported).toMatchObject({ format: 'beir', queries: 2, candidates: 2, judgments: 2 });
    const evaluation = await evaluate(imported.datasetId, { threshold: 1 });
    // BM25 puts each query's one relevant document first: every metric is 1 for the baseline.
    expect(baselineMeans(evaluation)).toEqual({
      'ndcg@10': 1,
      'mrr@10': 1,
      'recall@100': 1,
      map: 1,
    });
  });

  it('report progress for every query, with an ETA', async () => {
    const { datasetId } = await call<{ datasetId: string }>('eval:import', {
      files: [{ name: 'tiny.jsonl', text: labelledJsonl() }],
    });
    events.length = 0;
    await evaluate(datasetId, { concurrency: 1 });
    expect(events.map((e) => (e as { done: number }).done)).toEqual([1, 2, 3]);
    // Every query done gives a rate, so every event has an estimate; the last has none left.
    expect(events.every((e) => typeof (e as { etaMs?: number }).etaMs === 'number')).toBe(true);
    expect(events.at(-1)).toMatchObject({ total: 3, failed: 0, etaMs: 0 });
  });
});

describe('TREC DL passage, BM25 top 100, the ideal from all qrels', () => {
  const shared = path.resolve('../shared/datasets/trec-dl-passage-bm25-top100');
  services.grants.grant(shared, 'folder');
  for (const [split, ndcg, mrr] of [
    ['dl19', 0.5058, 0.7024],
    ['dl20', 0.4796, 0.6533],
  ] as const) {
    it(`${split}: the baseline gives the published nDCG@10 ${ndcg} and MRR@10 ${mrr}`, async () => {
      const { datasetId, queries } = await call<{ datasetId: string; queries: number }>(
        'eval:import',
        {
          path: path.join(shared, `${split}.jsonl`),
          qrelsPath: path.join(shared, 'original', `qrels.${split}-passage.txt`),
        },
      );
      const evaluation = await evaluate(datasetId);
      expect(evaluation.queries).toHaveLength(queries);
      const means = baselineMeans(evaluation);
      expect(means['ndcg@10']!.toFixed(4)).toBe(ndcg.toFixed(4));
      expect(means['mrr@10']!.toFixed(4)).toBe(mrr.toFixed(4));
      // Our BM25 over the 100 candidates is another ranking, with its own figure and a test.
      const bm25 = evaluation.summary.find((s) => s.columnId === 'bm25')!;
      expect(bm25.means['ndcg@10']).not.toBe(means['ndcg@10']);
      expect(bm25.tests!['ndcg@10']!.n).toBe(queries);
      expect(bm25.tests!['ndcg@10']!.tTestP).toBeGreaterThan(0);
    });
  }
});

describe('cancel, failures and saving', () => {
  it('keeps the queries that finished when cancelled, and saves the evaluation as cancelled', async () => {
    const { datasetId } = await call<{ datasetId: string }>('eval:import', {
      files: [{ name: 'tiny.jsonl', text: labelledJsonl() }],
    });
    const unsubscribe = services.events.subscribe((event, payload) => {
      const progress = payload as { evaluationId: string; done: number };
      if (
        event === 'eval:progress' &&
        progress.evaluationId === 'to-cancel' &&
        progress.done === 1
      ) {
        void dispatch(services.handlers, 'eval:cancel', { evaluationId: 'to-cancel' });
      }
    });
    const evaluation = await call<Evaluation>('eval:run', {
      evaluationId: 'to-cancel',
      datasetId,
      columns: [{ id: 'bm25', config: BM25 }],
      metrics: ['ndcg@10'],
      concurrency: 1,
    });
    unsubscribe();
    expect(evaluation.status).toBe('cancelled');
    expect(evaluation.queries.map((q) => q.queryId)).toEqual(['q1']);
    expect(evaluation.plannedQueries).toBe(3);
    expect(evaluation.warnings).toContain(
      'cancelled after 1 of 3 queries; the figures are over those 1',
    );
    const saved = await call<Evaluation>('eval:get', { id: 'to-cancel' });
    expect(saved).toStrictEqual(evaluation);
    const list = await call<{ evaluations: { id: string; status: string }[] }>('eval:list', {});
    expect(list.evaluations[0]).toMatchObject({
      id: 'to-cancel',
      status: 'cancelled',
      completedQueries: 1,
    });
  });

  it('records a failing column per query, stops it after three, and keeps the others', async () => {
    const { datasetId } = await call<{ datasetId: string }>('eval:import', {
      files: [{ name: 'tiny.jsonl', text: labelledJsonl() }],
    });
    // No key and a port nothing listens on: fails at once, without a call.
    const broken = {
      version: 1,
      name: 'broken',
      strategy: 'dedicated-model',
      provider: 'cohere',
      baseUrl: 'http://127.0.0.1:9',
    };
    const evaluation = await evaluate(datasetId, {
      columns: [
        { id: 'bm25', config: BM25 },
        { id: 'broken', config: broken },
      ],
      concurrency: 1,
    });
    const column = evaluation.columns.find((c) => c.columnId === 'broken')!;
    expect(column).toMatchObject({ queries: 0, errors: 3, stopped: true });
    expect(column.firstError).toMatch(/COHERE_API_KEY/);
    expect(evaluation.summary.find((s) => s.columnId === 'broken')!.means).toEqual({});
    expect(evaluation.summary.find((s) => s.columnId === 'bm25')!.means['ndcg@10']).toBeGreaterThan(
      0,
    );
  });

  it('refuses bad requests with messages that name the problem', async () => {
    const bad = (name: string, request: unknown) => dispatch(services.handlers, name, request);
    expect(
      await bad('eval:run', {
        evaluationId: 'x',
        datasetId: 'gone',
        columns: [{ id: 'bm25', config: BM25 }],
        metrics: ['ndcg@10'],
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'not_found',
        message:
          'no imported set "gone" in this session (the last 8 imports are kept): import it again',
      },
    });
    const { datasetId } = await call<{ datasetId: string }>('eval:import', {
      files: [{ name: 't.jsonl', text: labelledJsonl() }],
    });
    expect(
      await bad('eval:run', {
        evaluationId: 'x',
        datasetId,
        columns: [{ id: 'bm25', config: BM25 }],
        metrics: ['bleu'],
      }),
    ).toMatchObject({
      error: {
        message: 'unknown metric "bleu": use ndcg@k, mrr@k, mrr, recall@k, p@k, map or map@k',
      },
    });
    expect(
      await bad('eval:run', {
        evaluationId: 'x',
        datasetId,
        columns: [{ id: 'baseline', config: BM25 }],
        metrics: ['map'],
      }),
    ).toMatchObject({
      error: { code: 'invalid_request' },
    });
    expect(await bad('eval:import', { path: path.join(dir, 'missing.jsonl') })).toMatchObject({
      error: {
        code: 'not_found',
        message: expect.stringMatching(
          `^${path.join(dir, 'missing.jsonl')} is not available: it does not exist, or it was not chosen`,
        ) as unknown,
      },
    });
    expect(
      await bad('eval:import', {
        files: [
          { name: 'b.jsonl', text: '{"query_id":"q","query":"x","candidates":[{"doc_id":1}]}' },
        ],
      }),
    ).toMatchObject({
      error: { message: 'b.jsonl: line 1: candidates[0]: missing "text" or "content"' },
    });
  });
});
