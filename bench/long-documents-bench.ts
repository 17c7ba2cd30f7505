/**
 * Long documents on the shared TREC DL data made long (testkit/fixtures/long-trec.ts: each
 * passage behind `PADDING` unrelated passages), evaluated with the app's own `eval:*`
 * operations: one rerank API column (the provider simulator's Cohere, which scores by
 * query-term overlap) truncating each document to its first window, and the same column
 * scoring every window and keeping the best (MaxP) or the mean of the two best. The same
 * column on the passages as they are is the ceiling; the input order (BM25) is the baseline,
 * unchanged by the padding.
 *
 * What it measures is the windowing, not a model: the simulator's relevance is word overlap.
 * Run: `npm run bench -- long` (or with `--padding N`, `--window N`).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { OperationResponse } from '../shared/contract';
import { dispatch } from '../shared/contract/dispatch';
import type { PipelineConfig } from '../shared/pipeline/config';
import type { LongDocumentsInput } from '../shared/rerank/long-documents';
import { createServices } from '../electron/composition/compose';
import { padTrecJsonl } from '../testkit/fixtures/long-trec';
import { simulatorEnv } from '../testkit/provider-env';
import { startProviderSimulator } from '../testkit/provider-simulator';
import { freshDataDir } from '../testkit/temp-dir';
import { printBenchmark } from './report';

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const PADDING = argument('padding', 4);
const WINDOW = argument('window', 128);
const OVERLAP = Math.floor(WINDOW / 4);
const DATA = path.resolve('../shared/datasets/trec-dl-passage-bm25-top100');
const METRICS = ['ndcg@10', 'mrr@10'];

const sim = await startProviderSimulator();
const dataDir = freshDataDir('long-bench');
const services = createServices({ host: 'test', dataDir, env: simulatorEnv() });
services.grants.grant(DATA, 'folder');
services.grants.grant(dataDir, 'folder');

async function call<T>(name: string, request: unknown): Promise<T> {
  const result = await dispatch(services.handlers, name, request);
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

const cohere = (name: string, longDocuments?: LongDocumentsInput): PipelineConfig => ({
  version: 1,
  name,
  strategy: 'dedicated-model',
  provider: 'cohere',
  model: 'rerank-v3.5',
  baseUrl: sim.baseUrl('cohere'),
  ...(longDocuments ? { longDocuments } : {}),
});

let evaluations = 0;

async function evaluate(file: string, split: string, columns: PipelineConfig[]) {
  const { datasetId } = await call<{ datasetId: string }>('eval:import', {
    path: file,
    qrelsPath: path.join(DATA, 'original', `qrels.${split}-passage.txt`),
  });
  const started = performance.now();
  const evaluation = await call<OperationResponse<'eval:run'>>('eval:run', {
    evaluationId: `long-${split}-${++evaluations}`,
    datasetId,
    columns: columns.map((config, i) => ({ id: `c${i}`, config })),
    metrics: METRICS,
    threshold: 2,
  });
  const seconds = (performance.now() - started) / 1000;
  const figure = (id: string) => {
    const summary = evaluation.summary.find((s) => s.columnId === id)!;
    return {
      ndcg10: round(summary.means['ndcg@10']),
      mrr10: round(summary.means['mrr@10']),
      ...(summary.tests ? { ndcg10VsInputP: round(summary.tests['ndcg@10']?.tTestP) } : {}),
    };
  };
  return {
    queries: evaluation.queries.length,
    seconds: round(seconds),
    inputOrder: figure('baseline'),
    ...Object.fromEntries(columns.map((config, i) => [config.name, figure(`c${i}`)])),
  };
}

const round = (value: number | undefined) =>
  value === undefined ? undefined : Math.round(value * 10_000) / 10_000;

const figures: Record<string, unknown> = {};
const work = path.join(dataDir, 'long');
mkdirSync(work, { recursive: true });
try {
  for (const split of ['dl19', 'dl20']) {
    const original = path.join(DATA, `${split}.jsonl`);
    const long = path.join(work, `${split}-padded.jsonl`);
    writeFileSync(long, padTrecJsonl(readFileSync(original, 'utf8'), PADDING));
    const window = { window: WINDOW, overlap: OVERLAP };
    figures[split] = {
      original: await evaluate(original, split, [cohere('whole passages')]),
      padded: await evaluate(long, split, [
        cohere('truncate', { mode: 'truncate', ...window }),
        cohere('chunk max', { mode: 'chunk', ...window, aggregate: 'max' }),
        cohere('chunk mean-top-2', { mode: 'chunk', ...window, aggregate: 'mean-top-2' }),
      ]),
    };
  }
  printBenchmark('long-documents', {
    setup: `TREC DL passages each behind ${PADDING} unrelated passages; windows of ${WINDOW} estimated tokens, overlap ${OVERLAP}; provider simulator (query-term overlap) as the reranker; qrels threshold 2 for MRR`,
    ...figures,
  });
} finally {
  await services.close();
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
}
