/**
 * The Evaluation panel's store against the built web host: import picked files, estimate,
 * run, progress, reopen, export; and the built CLI on the same files prints the same numbers.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BASELINE_FIGURES,
  labelledJsonl,
  labelledQrels,
} from '../../../shared/evaluation/labelled-sample';
import { pairTest } from '../../../shared/evaluation/pairwise';
import { createAppStore } from '../store';
import { evaluationBaseline } from './slice';
import { webHostClient } from '../../../testkit/renderer/web-host-client';

const picked = (name: string, text: string) => ({ name, text: () => Promise.resolve(text) });
const dir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-eval-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Evaluation panel’s store', () => {
  it('imports, estimates, runs and reopens an evaluation; the CLI prints the same numbers', async () => {
    const saved: { text: string; fileName: string; type: string }[] = [];
    const store = createAppStore((await webHostClient()).client, {
      download: (text, fileName, type) => saved.push({ text, fileName, type }),
    });
    const state = () => store.getState();
    state().openEvaluation();
    const bm25 = state().columns[1]!.id;
    const fusion = state().addColumn({
      version: 1,
      name: 'rrf',
      strategy: 'fusion',
      params: {
        method: 'rrf',
        members: [
          { version: 1, name: 'bm25', strategy: 'heuristic' },
          {
            version: 1,
            name: 'input order',
            strategy: 'heuristic',
            params: { method: 'input-order' },
          },
        ],
      },
    })!;

    // A broken file is refused with its line, and the set imported before stays.
    expect((await state().importEvaluationFiles([picked('bad.jsonl', '{"query": 1}')])).ok).toBe(
      false,
    );
    expect(state().evalError).toBe('bad.jsonl: line 1: missing "query_id" or "qid" or "id"');
    const summary = await state().importEvaluationFiles([
      picked('set.jsonl', labelledJsonl()),
      picked('qrels.txt', labelledQrels()),
    ]);
    expect(summary.ok && summary.value).toMatchObject({ queries: 4, judgedOutsideCandidates: 1 });
    expect(state().evalError).toBeUndefined();

    // The input-order column is the baseline already, so it is not chosen by default.
    state().setEvaluationSettings({ metrics: 'ndcg@10, mrr@10, recall@100, map', threshold: '2' });
    const estimate = await state().estimateEvaluation();
    expect(estimate.ok && estimate.value.columns.map((c) => [c.columnId, c.paid])).toEqual([
      [bm25, false],
      [fusion, false],
    ]);
    expect(state().evalEstimate?.queries).toBe(3);

    const events: number[] = [];
    const estimates: (number | undefined)[] = [];
    const stop = store.subscribe((s) => {
      if (s.evalProgress && events.at(-1) !== s.evalProgress.done) {
        events.push(s.evalProgress.done);
        estimates.push(s.evalProgress.etaMs);
      }
    });
    const run = await state().startEvaluation();
    expect(run.ok).toBe(true);
    // Progress travels as events, which may land just after the answer.
    await expect.poll(() => state().evalProgress?.done).toBe(3);
    stop();
    expect(events.at(-1)).toBe(3);
    // Every query done gives the shared estimator a rate: each event has a time left.
    expect(estimates.every((eta) => typeof eta === 'number')).toBe(true);
    expect(estimates.at(-1)).toBe(0);
    const result = state().evalResult!;
    expect(result.columns.map((c) => c.name)).toEqual(['baseline', 'bm25', 'rrf']);
    const baseline = result.summary[0]!.means;
    for (const [metric, value] of Object.entries(BASELINE_FIGURES))
      expect(baseline[metric]).toBeCloseTo(value, 12);

    // Saved, listed and reopened exactly.
    // The list is read again after the answer, without being awaited: wait for it.
    await expect.poll(() => state().evalSaved.map((e) => e.id)).toEqual([result.id]);
    await state().openSavedEvaluation(result.id);
    expect(state().evalResult).toEqual(result);

    const md = state().exportEvaluation('md');
    expect(md.ok && md.value.type).toBe('text/markdown');
    expect(md.ok && md.value.fileName).toMatch(/^evaluation-set\.jsonl-\d{4}-\d\d-\d\d\.md$/);
    const csv = state().exportEvaluation('csv');
    expect(csv.ok && csv.value.text.split('\n')[0]).toBe(
      'query_id,query,column,ndcg@10,mrr@10,recall@100,map',
    );
    // The panel's Export buttons: the store saves the file.
    expect(state().downloadEvaluation('md')).toEqual({ ok: true, value: undefined });
    expect(saved).toEqual([md.ok && md.value]);

    // The same files through the CLI, in its own process.
    writeFileSync(path.join(dir, 'set.jsonl'), labelledJsonl());
    writeFileSync(path.join(dir, 'qrels.txt'), labelledQrels());
    writeFileSync(path.join(dir, 'bm25.json'), JSON.stringify(state().columns[1]!.config));
    writeFileSync(
      path.join(dir, 'rrf.json'),
      JSON.stringify(state().columns.find((c) => c.id === fusion)!.config),
    );
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        'bin/rerank-studio.mjs',
        'eval',
        '--config',
        path.join(dir, 'bm25.json'),
        '--config',
        path.join(dir, 'rrf.json'),
        '--dataset',
        path.join(dir, 'set.jsonl'),
        '--qrels',
        path.join(dir, 'qrels.txt'),
        '--threshold',
        '2',
      ],
      {
        env: { PATH: process.env.PATH, RERANK_STUDIO_DATA_DIR: dir, RERANK_STUDIO_KEYCHAIN: 'off' },
      },
    );
    const printed = JSON.parse(stdout) as Record<string, Record<string, number>>;
    expect(printed).toEqual({
      bm25: result.summary[1]!.means,
      rrf: result.summary[2]!.means,
      baseline,
    });
  });

  it('runs against a chosen column as the baseline, with every pair tested', async () => {
    const { client, requests } = await webHostClient();
    const store = createAppStore(client);
    const state = () => store.getState();
    const bm25 = state().columns[1]!.id;
    const rrf = state().addColumn({
      version: 1,
      name: 'rrf',
      strategy: 'fusion',
      params: {
        method: 'rrf',
        members: [
          { version: 1, name: 'bm25', strategy: 'heuristic' },
          { version: 1, name: 'input', strategy: 'heuristic', params: { method: 'input-order' } },
        ],
      },
    })!;
    await state().importEvaluationFiles([
      picked('set.jsonl', labelledJsonl()),
      picked('qrels.txt', labelledQrels()),
    ]);
    state().setEvaluationSettings({ metrics: 'ndcg@10, map', threshold: '2' });
    expect(evaluationBaseline(state())).toBe('baseline');
    state().setEvaluationBaseline(bm25);
    expect(evaluationBaseline(state())).toBe(bm25);

    const run = await state().startEvaluation();
    expect(run.ok).toBe(true);
    expect(requests.find((r) => r.name === 'eval:run')?.request).toMatchObject({ baseline: bm25 });
    const result = state().evalResult!;
    expect(result.settings.baseline).toBe(bm25);
    expect(result.pairwise!.map((p) => [p.a, p.b])).toEqual([
      ['baseline', bm25],
      ['baseline', rrf],
      [bm25, rrf],
    ]);
    const summary = (id: string) => result.summary.find((s) => s.columnId === id)!;
    expect(summary(bm25).tests).toBeUndefined();
    expect(summary(rrf).tests!.map).toEqual(pairTest(result.pairwise, rrf, bm25, 'map'));
    await state().openSavedEvaluation(result.id);
    expect(state().evalResult).toEqual(result);

    // Unticking the baseline column falls back to the input order rather than sending an id
    // the host would refuse.
    state().toggleEvaluationColumn(bm25, false);
    expect(evaluationBaseline(state())).toBe('baseline');
  });

  it('names what is wrong with the settings before calling the host', async () => {
    const store = createAppStore((await webHostClient()).client);
    const state = () => store.getState();
    expect((await state().estimateEvaluation()).ok).toBe(false);
    expect(state().evalError).toBe('import a labelled set first');
    await state().importEvaluationFiles([picked('set.jsonl', labelledJsonl())]);
    state().setEvaluationSettings({ maxQueries: '0' });
    await state().estimateEvaluation();
    expect(state().evalError).toBe(
      'Queries must be a whole number of at least 1, or blank for all',
    );
    state().setEvaluationSettings({ maxQueries: '', metrics: 'ndcg' });
    await state().startEvaluation();
    expect(state().evalError).toBe('metric "ndcg" needs a cutoff, like ndcg@10');
    state().setEvaluationSettings({ metrics: 'map' });
    state().toggleEvaluationColumn(state().columns[1]!.id, false);
    await state().estimateEvaluation();
    expect(state().evalError).toBe('choose at least one column to evaluate');
  });
});
