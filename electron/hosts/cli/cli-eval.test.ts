/** `rerank-studio eval` in-process: the JSON of the issue, --table, the published TREC DL figure. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHistoryRecorder } from '../../history/recorder';
import {
  BASELINE_FIGURES,
  labelledJsonl,
  labelledQrels,
} from '../../../shared/evaluation/labelled-sample';
import { runCli } from './cli';

const dir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-cli-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  return full;
}

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => Promise.resolve(''),
    readFile: (f) => readFile(f, 'utf8'),
    env: { RERANK_STUDIO_DATA_DIR: dir },
  });
  return { code, stdout, stderr };
}

const bm25 = file('bm25.json', '{"version":1,"name":"bm25","strategy":"heuristic"}');
const set = file('set.jsonl', labelledJsonl());
const qrels = file('qrels.txt', labelledQrels());

describe('rerank-studio eval', () => {
  it('prints the mean of every metric per config name and for the baseline', async () => {
    const { code, stdout, stderr } = await cli([
      'eval',
      '--config',
      bm25,
      '--dataset',
      set,
      '--qrels',
      qrels,
      '--threshold',
      '2',
    ]);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as Record<string, Record<string, number>>;
    expect(Object.keys(printed)).toEqual(['bm25', 'baseline']);
    expect(Object.keys(printed.baseline!)).toEqual(['ndcg@10', 'mrr@10', 'recall@100', 'map']);
    for (const [metric, value] of Object.entries(BASELINE_FIGURES)) {
      expect(printed.baseline![metric], metric).toBeCloseTo(value, 12);
    }
    expect(stderr).toContain(
      'note: 1 query has no judgments and was skipped, as trec_eval skips them',
    );
    expect(stderr).toMatch(/saved as evaluation [0-9a-f-]{36}/);
  });

  it('saves the evaluation in the history, as from the app', async () => {
    const { stderr } = await cli([
      'eval',
      '--config',
      bm25,
      '--dataset',
      set,
      '--limit',
      '1',
      '--metrics',
      'p@1',
    ]);
    const id = /saved as evaluation (\S+)/.exec(stderr)![1]!;
    const history = createHistoryRecorder({
      dataDir: dir,
      onError: (e) => {
        throw e;
      },
    });
    const saved = (await history.store()).evaluations.get(id);
    await history.close();
    expect(saved).toMatchObject({
      source: 'cli',
      status: 'completed',
      plannedQueries: 1,
      settings: { metrics: ['p@1'], threshold: 1, maxQueries: 1 },
    });
  });

  it('prints a table with p-values on --table, and several configs side by side', async () => {
    const rrf = file(
      'rrf.yaml',
      'version: 1\nname: rrf\nstrategy: fusion\nparams:\n  members:\n    - {version: 1, name: bm25, strategy: heuristic}\n    - {version: 1, name: input, strategy: heuristic, params: {method: input-order}}\n',
    );
    const { code, stdout } = await cli([
      'eval',
      '--config',
      bm25,
      '--config',
      rrf,
      '--dataset',
      set,
      '--metrics',
      'ndcg@10,map',
      '--table',
    ]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^metric\s+baseline\s+bm25\s+rrf$/);
    expect(lines[2]).toMatch(/^ndcg@10\s+0\.\d{4}\s+0\.\d{4} \(p \d\.\d{3} \/ t \d\.\d{3}\)/);
    expect(stdout).toContain('3 of 3 queries, relevant = grade ≥ 1');
  });

  it('tests against the --baseline config, and prints every pair on --table', async () => {
    const rrf = file(
      'rrf2.yaml',
      'version: 1\nname: rrf\nstrategy: fusion\nparams:\n  members:\n    - {version: 1, name: bm25, strategy: heuristic}\n    - {version: 1, name: input, strategy: heuristic, params: {method: input-order}}\n',
    );
    const args = [
      'eval',
      '--config',
      bm25,
      '--config',
      rrf,
      '--dataset',
      set,
      '--metrics',
      'ndcg@10,map',
    ];
    const json = await cli([...args, '--baseline', 'bm25']);
    expect(json.code).toBe(0);
    const printed = JSON.parse(json.stdout) as Record<string, Record<string, number>>;
    // The input order is no longer "the baseline": it is printed under its own name.
    expect(Object.keys(printed)).toEqual(['bm25', 'rrf', 'input order']);
    const id = /saved as evaluation (\S+)/.exec(json.stderr)![1]!;
    const history = createHistoryRecorder({
      dataDir: dir,
      onError: (e) => {
        throw e;
      },
    });
    const saved = (await history.store()).evaluations.get(id)!;
    await history.close();
    expect(saved.settings.baseline).toBe('c1');
    expect(saved.summary.find((s) => s.columnId === 'c1')!.tests).toBeUndefined();
    expect(saved.summary.find((s) => s.columnId === 'baseline')!.tests).toBeDefined();
    expect(saved.pairwise).toHaveLength(3);

    const { stdout } = await cli([...args, '--baseline', 'bm25', '--table']);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^metric\s+input order\s+bm25 \(baseline\)\s+rrf$/);
    // bm25 is the baseline: no p-values under it, p-values under the input order.
    expect(lines[2]).toMatch(
      /^ndcg@10\s+0\.\d{4} \(p \d\.\d{3} \/ t (\d\.\d{3}|<0\.001)\)( \*)?\s+0\.\d{4}( \*)?\s+0\.\d{4} \(p/,
    );
    expect(stdout).toContain(
      'p: paired randomisation / t-test against bm25, the baseline, unadjusted',
    );
    expect(lines).toContainEqual(expect.stringMatching(/^ndcg@10\s+input order\s+bm25\s+rrf$/));
    expect(lines).toContainEqual(expect.stringMatching(/^rrf\s+[+-]0\.\d{4} p /));
    expect(stdout).toContain('Holm–Bonferroni adjusted over the pairs of each metric');

    // "input order" (or "baseline") is the default.
    const byInput = await cli([...args, '--baseline', 'input order']);
    expect(Object.keys(JSON.parse(byInput.stdout) as object)).toEqual(['bm25', 'rrf', 'baseline']);
    expect(await cli([...args, '--baseline', 'cohere'])).toMatchObject({
      code: 2,
      stderr: '--baseline: no config named "cohere"; the names are "bm25", "rrf", "input order"\n',
    });
  });

  it('says what is wrong with the input, exit code 2', async () => {
    expect(await cli(['eval', '--dataset', set])).toMatchObject({
      code: 2,
      stderr: '--config is required (repeat it for several configs)\n',
    });
    expect(await cli(['eval', '--config', bm25])).toMatchObject({
      code: 2,
      stderr: '--dataset is required (a file or a folder)\n',
    });
    expect(
      (await cli(['eval', '--config', bm25, '--dataset', set, '--metrics', 'ndcg'])).stderr,
    ).toBe('--metrics: metric "ndcg" needs a cutoff, like ndcg@10\n');
    expect((await cli(['eval', '--config', bm25, '--dataset', set, '--limit', '0'])).stderr).toBe(
      '--limit must be an integer of at least 1 (got "0")\n',
    );
    const broken = file(
      'broken.jsonl',
      `${labelledJsonl()}\n{"query_id":"q9","query":"x","candidates":[{"doc_id":"a","text":"t","relevance":"high"}]}`,
    );
    expect(await cli(['eval', '--config', bm25, '--dataset', broken])).toMatchObject({
      code: 2,
      stderr: `${broken}: line 5: candidates[0]: "relevance": the relevance must be an integer (got "high")\n`,
    });
  });

  it('lists eval in the help', async () => {
    expect((await cli(['--help'])).stdout).toContain('eval     Evaluate configs on a labelled set');
    expect((await cli(['eval', '--help'])).stdout).toContain('--threshold N');
  });
});

describe('rerank-studio eval on TREC DL 2019, BM25 top 100', () => {
  const shared = path.resolve('../shared/datasets/trec-dl-passage-bm25-top100');
  it('prints the published nDCG@10 0.5058 and MRR@10 0.7024 for the baseline (the BM25 order)', async () => {
    const { code, stdout } = await cli([
      'eval',
      '--config',
      bm25,
      '--dataset',
      path.join(shared, 'dl19.jsonl'),
      '--qrels',
      path.join(shared, 'original', 'qrels.dl19-passage.txt'),
      '--metrics',
      'ndcg@10,mrr@10,recall@100,map',
      '--threshold',
      '2',
    ]);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as Record<string, Record<string, number>>;
    expect(printed.baseline!['ndcg@10']!.toFixed(4)).toBe('0.5058');
    expect(printed.baseline!['mrr@10']!.toFixed(4)).toBe('0.7024');
    // Our BM25 reranking the top 100 with the candidates as its corpus is a different ranking.
    expect(printed.bm25!['ndcg@10']!.toFixed(4)).not.toBe('0.5058');
  });
});
