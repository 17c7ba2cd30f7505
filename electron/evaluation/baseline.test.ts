/**
 * Any column as the baseline, through the eval:* operations as every host calls them (real
 * engine, real history file): the summary's tests against the chosen column, every pair
 * tested, a bad baseline refused by name, and an evaluation saved before either existed
 * opening with its pairwise tests worked out.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/contract/dispatch';
import { comparePairs, pairTest } from '../../shared/evaluation/pairwise';
import type { Evaluation } from '../../shared/evaluation/schemas';
import { labelledJsonl, labelledQrels } from '../../shared/evaluation/labelled-sample';
import { openStore } from '../../testkit/fixtures/history';
import { BM25, evaluationHarness } from '../../testkit/harness/evaluation';
import { warningsDuring } from '../../testkit/process-warnings';

const { dir, services, call } = evaluationHarness();

const METRICS = ['ndcg@10', 'mrr@10', 'map'];
const RRF = {
  version: 1,
  name: 'rrf',
  strategy: 'fusion',
  params: {
    method: 'rrf',
    members: [
      BM25,
      { version: 1, name: 'input', strategy: 'heuristic', params: { method: 'input-order' } },
    ],
  },
};
const COLUMNS = [
  { id: 'bm25', config: BM25 },
  { id: 'rrf', config: RRF },
];

async function importSet(): Promise<string> {
  const { datasetId } = await call<{ datasetId: string }>('eval:import', {
    files: [{ name: 'tiny.jsonl', text: labelledJsonl() }],
    qrels: { name: 'qrels.txt', text: labelledQrels() },
  });
  return datasetId;
}

describe('any column as the baseline', () => {
  it('tests every column against the chosen one, and every pair', async () => {
    const datasetId = await importSet();
    const run = (evaluationId: string, baseline?: string) =>
      call<Evaluation>('eval:run', {
        evaluationId,
        datasetId,
        columns: COLUMNS,
        metrics: METRICS,
        threshold: 2,
        ...(baseline ? { baseline } : {}),
      });
    const byInput = await run('by-input');
    const byBm25 = await run('by-bm25', 'bm25');

    // The default is the input order, and says so in the record.
    expect(byInput.settings.baseline).toBe('baseline');
    expect(byBm25.settings.baseline).toBe('bm25');
    // Every pair of the three columns, in column order, exactly as the shared tests give them
    // on the record's own per-query values.
    const ids = ['baseline', 'bm25', 'rrf'];
    expect(byBm25.pairwise).toEqual(comparePairs(byBm25.queries, ids, METRICS));
    expect(byBm25.pairwise!.map((p) => [p.a, p.b])).toEqual([
      ['baseline', 'bm25'],
      ['baseline', 'rrf'],
      ['bm25', 'rrf'],
    ]);
    // Against bm25: the input order's test is bm25-against-input reversed; bm25 has none.
    const tests = (evaluation: Evaluation, columnId: string) =>
      evaluation.summary.find((s) => s.columnId === columnId)!.tests;
    expect(tests(byBm25, 'bm25')).toBeUndefined();
    expect(tests(byInput, 'baseline')).toBeUndefined();
    for (const metric of METRICS) {
      const forward = tests(byInput, 'bm25')![metric]!;
      const reversed = tests(byBm25, 'baseline')![metric]!;
      expect(reversed.meanDifference).toBeCloseTo(-forward.meanDifference, 12);
      expect([reversed.wins, reversed.losses, reversed.ties]).toEqual([
        forward.losses,
        forward.wins,
        forward.ties,
      ]);
      expect(reversed.randomisationP).toBe(forward.randomisationP);
      expect(reversed.tTestP).toBe(forward.tTestP);
      expect(tests(byBm25, 'rrf')![metric]).toEqual(
        pairTest(byBm25.pairwise, 'rrf', 'bm25', metric),
      );
    }
    // The means do not depend on the baseline.
    expect(byBm25.summary.map((s) => s.means)).toEqual(byInput.summary.map((s) => s.means));
    // Saved as run, the pairwise tests included.
    expect(await call<Evaluation>('eval:get', { id: 'by-bm25' })).toStrictEqual(byBm25);
  });

  it('evaluates queries in parallel without a listener-leak warning', async () => {
    const datasetId = await importSet();
    const warnings = await warningsDuring(() =>
      call<Evaluation>('eval:run', {
        evaluationId: 'parallel',
        datasetId,
        columns: COLUMNS,
        metrics: METRICS,
        threshold: 2,
        concurrency: 8,
      }),
    );
    expect(warnings).toEqual([]);
  });

  it('refuses a baseline that is not one of the columns, naming it', async () => {
    const datasetId = await importSet();
    const result = await dispatch(services.handlers, 'eval:run', {
      evaluationId: 'bad-baseline',
      datasetId,
      columns: COLUMNS,
      metrics: METRICS,
      baseline: 'cohere',
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_request',
        message: expect.stringContaining(
          'the baseline must be the id of one of the columns, or "baseline" for the input order',
        ) as unknown,
      },
    });
    expect(JSON.stringify(result)).toContain('baseline');
  });

  it('opens an evaluation saved before any baseline choice with its pairwise tests worked out', async () => {
    const datasetId = await importSet();
    const fresh = await call<Evaluation>('eval:run', {
      evaluationId: 'fresh',
      datasetId,
      columns: COLUMNS,
      metrics: METRICS,
      threshold: 2,
    });
    // What an older version saved: no baseline setting, no pairwise tests.
    const { pairwise, settings, ...rest } = fresh;
    const { baseline, ...olderSettings } = settings;
    expect([pairwise, baseline]).not.toContain(undefined);
    const older: Evaluation = { ...rest, id: 'older', settings: olderSettings };
    // Written through a second connection to the host's own history file, as an older
    // version of the app would have left it.
    const history = openStore(path.join(dir, 'history.db'));
    history.store.evaluations.save(older);

    const opened = await call<Evaluation>('eval:get', { id: 'older' });
    expect(opened.settings).toEqual(olderSettings);
    expect(opened.summary).toEqual(fresh.summary);
    expect(opened.pairwise).toEqual(pairwise);
    // The record itself is left as it was saved.
    expect(history.store.evaluations.get('older')).toStrictEqual(older);
    history.db.close();
  });
});
