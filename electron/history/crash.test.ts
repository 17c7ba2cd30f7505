/**
 * Crash safety of the run history. A child process (`crash-writer.ts`) saves runs into one
 * history file and is killed with SIGKILL at a random moment, 200 times over, each new child
 * reopening the file the last one died in. Then the file must open without being quarantined,
 * pass `PRAGMA integrity_check`, hold every run it holds complete (each document, each column,
 * its search entry), and hold every run a child acknowledged (`saveRun` returned).
 *
 * SIGKILL stands for any crash of the app. In WAL mode with synchronous=NORMAL a commit is in
 * the WAL, handed to the OS, before `saveRun` returns, so a dead process cannot lose it: only a
 * power cut could take the last commits (not something a test can do). A run whose save the
 * kill interrupted may be there or not, but never in part.
 *
 * The kill times come from a seeded PRNG; the seed is printed, and `CRASH_TEST_SEED=<seed>`
 * replays the same plan (the kills still land wherever the scheduler puts them).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRASH_RUN_ID, crashRun, uniqueWords } from '../../testkit/crash-writer';
import { mulberry32 } from '../../testkit/random';
import { openHistoryDatabase, type OpenedHistory } from './db';
import { all } from './sqlite';
import { createHistoryStore, type HistoryStore } from './store';
import { tempFolder } from '../../testkit/fixtures/history';

const KILLS = 200;
/** Share of the children killed while opening the file rather than while saving runs. */
const OPEN_KILLS = 0.1;
/** A child is killed this long (at most) after its cue: `opening` or `ready`. */
const OPEN_WINDOW_MS = 6;
const WRITE_WINDOW_MS = 30;
/** A child that has not died this long after starting is stuck: the test fails. */
const CHILD_DEADLINE_MS = 20_000;

const seed = process.env.CRASH_TEST_SEED
  ? Number(process.env.CRASH_TEST_SEED) >>> 0
  : Math.floor(Math.random() * 2 ** 32);

const root = fileURLToPath(new URL('../..', import.meta.url));
const { dir, cleanup } = tempFolder('history-crash');
const file = path.join(dir, 'history.db');
const live = new Set<ChildProcess>();
let bundleDir: string | undefined;

afterAll(() => {
  for (const child of live) child.kill('SIGKILL');
  opened?.db.close();
  cleanup();
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

/** What one child said before it died. */
interface Life {
  ready: boolean;
  acknowledged: string[];
  /** The run it had begun saving and not acknowledged, if any, when killed. */
  inFlight?: string;
  notices: string[];
}

/** Plain JavaScript with libsql left in node_modules, so a child starts in about 0.15 s. */
async function bundleWriter(): Promise<string> {
  // In the repository, not the system temp folder: the bundle imports `libsql`, which Node
  // resolves from node_modules folders above the importing file.
  const cache = path.join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  bundleDir = mkdtempSync(path.join(cache, 'rerank-studio-crash-'));
  const outfile = path.join(bundleDir, 'crash-writer.mjs');
  await build({
    stdin: {
      contents:
        "import { writeRuns } from '../../testkit/crash-writer';\nwriteRuns(process.argv[2]!, Number(process.argv[3]));\n",
      resolveDir: path.join(root, 'electron', 'history'),
      sourcefile: 'crash-writer-main.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // zod and the rest are bundled: loading them from node_modules makes each start slower.
    external: ['libsql'],
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/** Starts child number `index` and kills it `delayMs` after it prints `cue`. */
function killedChild(writer: string, index: number, cue: 'opening' | 'ready', delayMs: number) {
  return new Promise<Life>((resolve, reject) => {
    // Nothing inherited: NODE_OPTIONS or NODE_EXTRA_CA_CERTS can cost 0.1 s per start.
    const child = spawn(process.execPath, [writer, file, String(index)], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(child);
    const life: Life = { ready: false, acknowledged: [], notices: [] };
    let pending = '';
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    let stuck = false;
    const deadline = setTimeout(() => {
      stuck = true;
      child.kill('SIGKILL');
    }, CHILD_DEADLINE_MS);
    const onLine = (line: string) => {
      const [word = '', ...rest] = line.split(' ');
      const argument = rest.join(' ');
      if (word === cue && !killTimer) {
        killTimer = setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
      if (word === 'ready') life.ready = true;
      else if (word === 'notice') life.notices.push(argument);
      else if (word === 'begin') life.inFlight = argument;
      else if (word === 'saved') {
        life.acknowledged.push(argument);
        delete life.inFlight;
      }
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      // A line is written whole (far below PIPE_BUF) or not at all; keep any tail anyway.
      pending = lines.pop() ?? '';
      lines.forEach(onLine);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    // 'close', not 'exit': by then every line the child wrote has been read.
    child.once('close', (code, signal) => {
      clearTimeout(deadline);
      clearTimeout(killTimer);
      live.delete(child);
      if (stuck) reject(new Error(`child ${index} was still alive after ${CHILD_DEADLINE_MS} ms`));
      else if (signal !== 'SIGKILL') {
        reject(
          new Error(`child ${index} ended by itself (code ${code}, signal ${signal}):\n${stderr}`),
        );
      } else resolve(life);
    });
  });
}

const lives: Life[] = [];
let opened: OpenedHistory | undefined;
let store: HistoryStore;
let seconds = 0;

beforeAll(async () => {
  console.log(`history crash test: seed ${seed} (CRASH_TEST_SEED=${seed} to replay)`);
  const writer = await bundleWriter();
  const random = mulberry32(seed);
  const started = performance.now();
  for (let index = 0; index < KILLS; index++) {
    // Not the first child: it creates the file, and a kill between its two migration steps
    // would rightly make the next child upgrade a v1 file, with a notice saying so.
    const duringOpen = random() < OPEN_KILLS && index > 0;
    const window = duringOpen ? OPEN_WINDOW_MS : WRITE_WINDOW_MS;
    lives.push(
      await killedChild(writer, index, duringOpen ? 'opening' : 'ready', random() * window),
    );
  }
  seconds = (performance.now() - started) / 1000;
  opened = openHistoryDatabase(file);
  store = createHistoryStore(opened.db);
}, 240_000);

const savedIds = () =>
  new Set(all<{ id: string }>(opened!.db, 'SELECT id FROM runs').map((row) => row.id));

describe(`the run history after ${KILLS} SIGKILLs of a process saving runs`, () => {
  it('opens with no notice: nothing quarantined, by the children or at the end', () => {
    expect(lives.flatMap((life) => life.notices)).toEqual([]);
    expect(opened!.notices).toEqual([]);
    expect(readdirSync(dir).filter((name) => name.includes('.corrupt-'))).toEqual([]);
  });

  it("passes SQLite's integrity check, the foreign key check and FTS5's own check", () => {
    const db = opened!.db;
    expect(all(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(all(db, 'PRAGMA foreign_key_check')).toEqual([]);
    expect(() =>
      db.exec("INSERT INTO runs_fts (runs_fts) VALUES ('integrity-check')"),
    ).not.toThrow();
  });

  it('holds every run complete: each document, each column, its search entry', () => {
    const db = opened!.db;
    const rows = all<{ seq: number; id: string; document_count: number; column_count: number }>(
      db,
      'SELECT seq, id, document_count, column_count FROM runs ORDER BY seq',
    );
    const ftsRows = (word: string) =>
      all<{ rowid: number }>(db, 'SELECT rowid FROM runs_fts WHERE runs_fts MATCH ?', [
        `"${word}"`,
      ]).map((row) => row.rowid);
    const begun = new Set(
      lives.flatMap((life) => [...life.acknowledged, ...(life.inFlight ? [life.inFlight] : [])]),
    );
    const problems: string[] = [];
    for (const row of rows) {
      if (!CRASH_RUN_ID.test(row.id) || !begun.has(row.id)) {
        problems.push(`${row.id}: no child began saving this run`);
        continue;
      }
      const expected = { ...crashRun(row.id), starred: false };
      const saved = store.getRun(row.id);
      const documents = saved?.documents.length ?? 0;
      const columns = saved?.columns.length ?? 0;
      if (
        row.document_count !== expected.documents.length ||
        row.column_count !== expected.columns.length ||
        documents !== expected.documents.length ||
        columns !== expected.columns.length
      ) {
        problems.push(
          `${row.id}: ${documents} of ${expected.documents.length} documents and ${columns} of ${expected.columns.length} columns (the row says ${row.document_count} and ${row.column_count})`,
        );
      } else if (!isDeepStrictEqual(saved, expected)) {
        problems.push(`${row.id}: saved, but not as the child built it`);
      }
      for (const word of Object.values(uniqueWords(row.id))) {
        const found = store.listRuns({ text: `"${word}"` }).runs.map((run) => run.id);
        if (!isDeepStrictEqual(ftsRows(word), [row.seq]) || !isDeepStrictEqual(found, [row.id])) {
          problems.push(`${row.id}: searching "${word}" finds ${JSON.stringify(found)}`);
        }
      }
    }
    // What a run left behind when its save did not commit: columns or a search entry alone.
    const orphans = all<{ run_id: string }>(
      db,
      'SELECT DISTINCT run_id FROM columns WHERE run_id NOT IN (SELECT id FROM runs)',
    );
    for (const orphan of orphans) problems.push(`${orphan.run_id}: columns without their run`);
    const indexed = all<{ rowid: number }>(db, 'SELECT rowid FROM runs_fts ORDER BY rowid');
    if (
      !isDeepStrictEqual(
        indexed.map((entry) => entry.rowid),
        rows.map((row) => row.seq),
      )
    ) {
      problems.push(`the search index has ${indexed.length} entries for ${rows.length} runs`);
    }
    const saved = new Set(rows.map((row) => row.id));
    for (const life of lives) {
      if (!life.inFlight || saved.has(life.inFlight)) continue;
      for (const word of Object.values(uniqueWords(life.inFlight))) {
        const rowids = ftsRows(word);
        if (rowids.length > 0) {
          problems.push(`${life.inFlight}: not saved, yet "${word}" is indexed`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps every run a child acknowledged before it was killed', () => {
    const saved = savedIds();
    const acknowledged = lives.flatMap((life) => life.acknowledged);
    expect(acknowledged.filter((id) => !saved.has(id))).toEqual([]);
  });

  it('killed children in the middle of saves, many runs in all', () => {
    const saved = savedIds();
    const acknowledged = lives.flatMap((life) => life.acknowledged);
    const interrupted = lives.filter((life) => life.inFlight !== undefined);
    const committed = interrupted.filter((life) => saved.has(life.inFlight!)).length;
    const beforeReady = lives.filter((life) => !life.ready).length;
    const size = (statSync(file).size / 2 ** 20).toFixed(1);
    console.log(
      `history crash test: seed ${seed}, ${KILLS} kills in ${seconds.toFixed(1)} s ` +
        `(${beforeReady} before the file was open); ${acknowledged.length} runs acknowledged, ` +
        `${saved.size} in the ${size} MiB file; ${interrupted.length} kills between "begin" ` +
        `and "saved" (${committed} of those runs committed, ${interrupted.length - committed} rolled back)`,
    );
    // Otherwise the checks above proved little: the kills missed the saves.
    expect(interrupted.length).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(KILLS / 2);
  });
});
