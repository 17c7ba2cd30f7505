/**
 * `npm run bench -- history`: the run history at scale. Builds a history of
 * HISTORY_BENCH_RUNS runs (default 100,000) of 100 documents each in a temporary folder, timing
 * every save, then times the History panel's queries for a page of 50 (target < 50 ms), opening
 * the file (start-up cost: the schema read the app waits for, and the page check it runs in a
 * worker), reading one whole run, and reports the file's size. Queries are interleaved, round after round, so noise hits each alike.
 * First, what committing a run before answering costs a `rerank:run` (history-answer.ts).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ListRunsQuery } from '../shared/history/saved-run';
import { openHistoryDatabase } from '../electron/history/db';
import { checkIntegrity } from '../electron/history/integrity';
import { createHistoryStore, type HistoryStore } from '../electron/history/store';
import { tempFolder } from '../testkit/fixtures/history';
import { measureSaveBeforeAnswer } from './history-answer';
import { benchRun, runTime, VOCABULARY } from './history-corpus';
import { printBenchmark } from './report';
import { quantile, summarize } from './stats';

const RUNS = Number(process.env.HISTORY_BENCH_RUNS ?? 100_000);
const DOCUMENTS = 100;
const ROUNDS = 15;
const TARGET_MS = 50;

function fileSize(file: string): number {
  let bytes = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      bytes += statSync(file + suffix).size;
    } catch {
      // No WAL or shared-memory file right now.
    }
  }
  return bytes;
}

function build(store: HistoryStore): number[] {
  const saves: number[] = [];
  for (let n = 0; n < RUNS; n++) {
    const run = benchRun(n, DOCUMENTS);
    const start = performance.now();
    store.saveRun(run);
    saves.push(performance.now() - start);
    if (n > 0 && n % 10_000 === 0) process.stderr.write(`history bench: ${n} runs saved\n`);
  }
  return saves;
}

/** The History panel's questions, from the easiest to the hardest for the database. */
function queries(): Record<string, ListRunsQuery> {
  return {
    'newest page': {},
    'a day in the middle': { from: runTime(RUNS / 2), to: runTime(RUNS / 2) + 86_400_000 },
    'older than the middle (a deep page)': { to: runTime(RUNS / 2) },
    'word in nearly every run': { text: `${VOCABULARY[3]} ` },
    'word in some runs': { text: `${VOCABULARY[2_000]} ` },
    'rare word': { text: `${VOCABULARY[19_000]} ` },
    'two words': { text: `${VOCABULARY[300]} ${VOCABULARY[900]} ` },
    'word being typed, 2 letters (prefix)': { text: VOCABULARY[700]!.slice(0, 2) },
    'word being typed, 4 letters (prefix)': { text: VOCABULARY[700]!.slice(0, 4) },
    'word being typed, 6 letters (prefix)': { text: VOCABULARY[700]!.slice(0, 6) },
    'provider cohere': { provider: 'cohere' },
    'strategy heuristic': { strategy: 'heuristic' },
    'status cancelled (2% of runs)': { status: 'cancelled' },
    'word + cancelled': { text: `${VOCABULARY[50]} `, status: 'cancelled' },
    'rare word + provider': { text: `${VOCABULARY[12_000]} `, provider: 'cohere' },
  };
}

async function main() {
  const folder = tempFolder('history-bench');
  const file = path.join(folder.dir, 'history.db');
  try {
    const saveBeforeAnswer = await measureSaveBeforeAnswer();
    let opened = openHistoryDatabase(file);
    let store = createHistoryStore(opened.db);
    const buildStart = performance.now();
    const saves = build(store);
    const buildSeconds = (performance.now() - buildStart) / 1000;
    opened.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const bytes = fileSize(file);
    opened.db.close();

    // Start-up: what the app pays to open this history. The app opens with `schema` and
    // checks the pages in a worker (integrity.ts); `full` is the page check on the event loop.
    const openMs = { schema: [] as number[], full: [] as number[], workerCheck: [] as number[] };
    for (let i = 0; i < 3; i++) {
      for (const check of ['schema', 'full'] as const) {
        const start = performance.now();
        const again = openHistoryDatabase(file, { check });
        openMs[check].push(performance.now() - start);
        again.db.close();
      }
      const start = performance.now();
      if ((await checkIntegrity(file)) !== undefined)
        throw new Error('the benchmark file is damaged');
      openMs.workerCheck.push(performance.now() - start);
    }
    opened = openHistoryDatabase(file);
    store = createHistoryStore(opened.db);

    const named = Object.entries(queries());
    const samples = new Map<string, number[]>(named.map(([name]) => [name, []]));
    const found = new Map<string, number>();
    const getMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, query] of named) {
        const start = performance.now();
        const page = store.listRuns({ ...query, limit: 50 });
        samples.get(name)!.push(performance.now() - start);
        found.set(name, page.runs.length);
      }
      const id = `bench-${Math.floor((round / ROUNDS) * RUNS)}`;
      const start = performance.now();
      store.getRun(id);
      getMs.push(performance.now() - start);
    }
    opened.db.close();

    const pages = Object.fromEntries(
      named.map(([name]) => {
        const times = samples.get(name)!;
        return [name, { ...summarize(times), runsOnPage: found.get(name) }];
      }),
    );
    const worstMedian = Math.max(...named.map(([name]) => quantile(samples.get(name)!, 0.5)));
    printBenchmark('history', {
      runs: RUNS,
      documentsPerRun: DOCUMENTS,
      columnsPerRun: 2,
      insert: {
        ...summarize(saves),
        p99Ms: round(quantile(saves, 0.99)),
        totalSeconds: round(buildSeconds),
      },
      databaseBytes: bytes,
      databaseMiB: round(bytes / 2 ** 20),
      bytesPerRun: Math.round(bytes / RUNS),
      openMs: {
        schemaOnly: summarize(openMs.schema),
        fullCheckOnEventLoop: summarize(openMs.full),
        pageCheckInWorker: summarize(openMs.workerCheck),
      },
      getRunMs: summarize(getMs),
      saveBeforeAnswer,
      listPage50: pages,
      target: {
        pageUnderMs: TARGET_MS,
        worstMedianMs: round(worstMedian),
        met: worstMedian < TARGET_MS,
      },
    });
  } finally {
    folder.cleanup();
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

await main();
