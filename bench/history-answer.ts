/**
 * Part of `npm run bench -- history`: what saving a run before answering costs on the hot path
 * (issue 18, item 4). `rerank:run` with one BM25 column goes through the real services and
 * handler, in process (no HTTP, so the ratio is the least favourable one), for runs of 10, 100
 * and 1,000 documents, in interleaved rounds so noise hits each alike:
 *
 * - `before`: the answer as the hosts gave it until now, when the save came after the answer:
 *   services with no history, then the same run saved by a store (synchronous=NORMAL), timed
 *   apart (`saveAfterAnswer`: work the event loop still did, just after the answer);
 * - `after`: services with a history, which commit the run before they answer (its search
 *   entry is written just after the answer, outside the timing, as in a host);
 * - the save alone under WAL with synchronous=FULL (an fsync per commit: it would also
 *   survive a power cut), against NORMAL's `saveAfterAnswer` (what the app uses: a commit
 *   survives a crash of the process), on two files of the same folder.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { dispatch } from '../shared/contract/dispatch';
import type { RerankRunAnswer } from '../shared/contract';
import type { SavedRunInput } from '../shared/history/saved-run';
import type { PipelineConfig } from '../shared/pipeline/config';
import { openStore, tempFolder } from '../testkit/fixtures/history';
import { createServices } from '../electron/composition/compose';
import { benchRun } from './history-corpus';
import { quantile, summarize } from './stats';

const SIZES = [10, 100, 1000];
const ROUNDS = 60;
const BM25: PipelineConfig = { version: 1, name: 'bm25', strategy: 'heuristic' };

type Answer = RerankRunAnswer;

/** The run the handler records for this request and answer. */
function savedRun(id: string, request: ReturnType<typeof rerankRequest>, answer: Answer) {
  const run: SavedRunInput = {
    id,
    createdAt: Date.now(),
    source: 'playground',
    status: answer.status,
    query: request.query,
    documents: request.documents.map((text) => ({ text })),
    columns: [{ config: BM25, result: answer.columns[0]! }],
    durationMs: answer.latencyMs,
  };
  return run;
}

function rerankRequest(runId: string, n: number, size: number) {
  const corpus = benchRun(n, size);
  return {
    runId,
    query: corpus.query,
    documents: corpus.documents.map((document) => document.text),
    columns: [{ id: 'bm25', config: BM25 }],
  };
}

async function timedRun(
  handlers: ReturnType<typeof createServices>['handlers'],
  request: ReturnType<typeof rerankRequest>,
) {
  const start = performance.now();
  const result = await dispatch(handlers, 'rerank:run', request);
  const ms = performance.now() - start;
  if (!result.ok) throw new Error(`rerank:run failed: ${result.error.message}`);
  return { ms, answer: result.value as Answer };
}

export async function measureSaveBeforeAnswer() {
  const folder = tempFolder('history-answer-bench');
  const before = createServices({
    host: 'web',
    dataDir: path.join(folder.dir, 'before'),
    env: {},
    historyDir: false,
  });
  const after = createServices({ host: 'web', dataDir: path.join(folder.dir, 'after'), env: {} });
  const normal = openStore(path.join(folder.dir, 'normal.db'));
  const full = openStore(path.join(folder.dir, 'full.db'));
  full.db.exec('PRAGMA synchronous = FULL');
  const samples = SIZES.map(() => ({
    before: [] as number[],
    saveAfter: [] as number[],
    after: [] as number[],
    full: [] as number[],
  }));
  try {
    for (let round = -3; round < ROUNDS; round++) {
      for (const [i, size] of SIZES.entries()) {
        const id = (mode: string) => `${mode}-${size}-${round}`;
        const request = rerankRequest(id('before'), round + 3, size);
        const old = await timedRun(before.handlers, request);
        const run = savedRun(id('before'), request, old.answer);
        let start = performance.now();
        normal.store.saveRun(run);
        const saveAfter = performance.now() - start;
        const now = await timedRun(after.handlers, { ...request, runId: id('after') });
        if (now.answer.history?.saved !== true) throw new Error('the run was not saved');
        // Lets the search entry be written, as a host's event loop does after the answer.
        await new Promise((resolve) => setImmediate(resolve));
        start = performance.now();
        full.store.saveRun({ ...run, id: id('full') });
        const saveFull = performance.now() - start;
        // The first rounds warm up the JIT and the files.
        if (round < 0) continue;
        const s = samples[i]!;
        s.before.push(old.ms);
        s.saveAfter.push(saveAfter);
        s.after.push(now.ms);
        s.full.push(saveFull);
      }
    }
  } finally {
    await Promise.all([before.close(), after.close()]);
    normal.db.close();
    full.db.close();
    folder.cleanup();
  }
  const ratio = (a: number[], b: number[]) => round(quantile(a, 0.5) / quantile(b, 0.5));
  return {
    what: 'rerank:run, one BM25 column, in process; medians over interleaved rounds',
    rounds: ROUNDS,
    bySize: Object.fromEntries(
      SIZES.map((size, i) => {
        const s = samples[i]!;
        return [
          `${size} documents`,
          {
            answerBeforeFix: summarize(s.before),
            saveAfterAnswer: summarize(s.saveAfter),
            answerSavedFirst: summarize(s.after),
            answerRatioAfterOverBefore: ratio(s.after, s.before),
            saveSynchronousFull: summarize(s.full),
            saveRatioFullOverNormal: ratio(s.full, s.saveAfter),
          },
        ];
      }),
    ),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
