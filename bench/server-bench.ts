/**
 * `npm run bench -- server`: `rerank-studio serve` with the BM25 config, 20 documents per
 * request, measured with autocannon over loopback:
 *
 * - requests/s and p99 of `--workers 1` and of `--workers N` (N = the cores here), against a
 *   bare node:http server that returns a fixed response (the ceiling), and the same server
 *   parsing the body as JSON and stringifying its answer (the JSON ceiling: any JSON API's floor);
 * - CPU per request of each (the process tree: primary and workers), and the engine's own CPU
 *   per request for the same request in process (server-engine-cost.ts). Ours less the
 *   engine's is the server's overhead per request; target: at most 2 × the bare server's CPU
 *   per request, which is what any Node HTTP server pays for a request and its answer.
 *
 * Fair to each: every server is its own process tree (same Node, same flags) and the load
 * generator is this process; all get the same autocannon settings, the same request and the
 * same response bytes (the ceiling answers with one of our real answers); rounds are
 * interleaved and rotate which server goes first, so machine noise hits all alike. Ours is
 * the default `serve` (no --history) with its log on stdout redirected to a file, and every
 * request must have its log line. On a machine shared with other work, compare the ratios
 * within one run, not the absolute figures across runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import type { PipelineConfig } from '../shared/pipeline/config';
import { printBenchmark } from './report';
import { engineMicrosPerRequest } from './server-engine-cost';
import { BENCH_TOKEN } from './server-worker-token';

const ROUNDS = 6;
const DURATION_S = 3;
const CONNECTIONS = 16;
const WORKERS = availableParallelism();
const WORKER = new URL('./server-worker.mjs', import.meta.url).pathname;

const WORDS =
  'heart health exercise blood pressure training sleep diet muscle running swimming recovery study'.split(
    ' ',
  );
const fields = {
  query: 'exercise for heart health',
  documents: Array.from({ length: 20 }, (_, i) =>
    Array.from({ length: 30 }, (_, j) => WORDS[(i * 7 + j * 3) % WORDS.length]).join(' '),
  ),
  topN: 10,
};
const body = JSON.stringify({
  model: 'bm25',
  query: fields.query,
  documents: fields.documents,
  top_n: fields.topN,
});
const headers = { 'content-type': 'application/json', authorization: `Bearer ${BENCH_TOKEN}` };
const CONFIG: PipelineConfig = { version: 1, name: 'bm25', strategy: 'heuristic' };

const dir = await mkdtemp(path.join(tmpdir(), 'rerank-server-bench-'));
const configFile = path.join(dir, 'bm25.json');
await writeFile(configFile, JSON.stringify(CONFIG));

// Measured first, alone: the load generator is idle, so nothing else runs in this process.
const engineMicros = await engineMicrosPerRequest({ ...CONFIG, key: 'bm25' }, fields);

interface Served {
  name: string;
  url: string;
  /** The processes whose CPU the server uses: the primary and its workers. */
  pids: number[];
  child: ChildProcess;
  logFile?: string;
}

/** `rerank-studio serve` as a user starts it, its stdout going to a log file. */
async function startServe(workers: number): Promise<Served> {
  const logFile = path.join(dir, `serve-${workers}.log`);
  const log = await open(logFile, 'w');
  const child = spawn(
    process.execPath,
    [WORKER, 'serve', '--config', configFile, '--port', '0', '--workers', String(workers)],
    {
      stdio: ['ignore', log.fd, 'inherit'],
      env: {
        ...process.env,
        RERANK_STUDIO_TOKENS: BENCH_TOKEN,
        RERANK_STUDIO_DATA_DIR: path.join(dir, 'data'),
      },
    },
  );
  await log.close();
  const listening = await listeningLine(child, logFile);
  return {
    name: `workers${workers}`,
    url: listening.url as string,
    pids: [child.pid!, ...((listening.workerPids as number[] | undefined) ?? [])],
    child,
    logFile,
  };
}

const one = await startServe(1);
const many = await startServe(WORKERS);
const probe = await fetch(`${one.url}/v1/rerank`, { method: 'POST', headers, body });
const answer = await probe.text();
if (probe.status !== 200) throw new Error(`serve answered ${probe.status}: ${answer}`);

/** A bare node:http server of server-worker.ts, answering with our real answer. */
async function startCeiling(mode: 'ceiling' | 'ceiling-json'): Promise<Served> {
  const child = spawn(process.execPath, [WORKER, mode, answer], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return {
    name: mode,
    url: await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', (line) =>
        resolve((JSON.parse(line) as { url: string }).url),
      );
      child.once('exit', (code) => reject(new Error(`${mode} exited (${code})`)));
    }),
    pids: [child.pid!],
    child,
  };
}
const ceiling = await startCeiling('ceiling');
const jsonCeiling = await startCeiling('ceiling-json');
const servers = [one, many, ceiling, jsonCeiling];

async function load(url: string, duration: number) {
  return autocannon({
    url: `${url}/v1/rerank`,
    method: 'POST',
    headers,
    body,
    connections: CONNECTIONS,
    duration,
  });
}

/**
 * CPU time a process has used, in µs (Linux /proc; undefined elsewhere). Per request it is the
 * figure machine noise moves least: a busy neighbour slows a server down without adding to it.
 */
function cpuMicros(pids: number[]): number | undefined {
  let total = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      // utime and stime (fields 14 and 15 of stat, 12 and 13 after the name), in clock ticks
      // of 10 ms (USER_HZ is 100 on Linux).
      total += (Number(fields[11]) + Number(fields[12])) * 10_000;
    } catch {
      return undefined;
    }
  }
  return total;
}

async function round(server: Served) {
  const before = cpuMicros(server.pids);
  const result = await load(server.url, DURATION_S);
  const after = cpuMicros(server.pids);
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    cpuMicrosPerRequest:
      before === undefined || after === undefined
        ? undefined
        : Math.round(((after - before) / result.requests.total) * 10) / 10,
    sent: result.requests.sent,
    completed: result.requests.total,
  };
}
type Round = Awaited<ReturnType<typeof round>>;

// A short warm-up of each, outside the figures (JIT, connection pools).
const warmUps = new Map<Served, Awaited<ReturnType<typeof load>>>();
for (const server of servers) warmUps.set(server, await load(server.url, 2));

const rounds = new Map<Served, Round[]>(servers.map((s) => [s, []]));
for (let i = 0; i < ROUNDS; i++) {
  // Rotating who goes first: none always runs on the machine another just heated.
  for (let j = 0; j < servers.length; j++) {
    const server = servers[(i + j) % servers.length]!;
    rounds.get(server)!.push(await round(server));
  }
}
await Promise.all(servers.map((server) => stop(server.child)));

/** Every request a server received has its log line (the probe and the warm-up included). */
async function logCheck(server: Served, extra: number) {
  const logged = (await readFile(server.logFile!, 'utf8'))
    .split('\n')
    .filter((line) => line.includes('"msg":"request"')).length;
  const runs = rounds.get(server)!;
  const warmUp = warmUps.get(server)!;
  const sent = extra + warmUp.requests.sent + runs.reduce((n, r) => n + r.sent, 0);
  const completed = extra + warmUp.requests.total + runs.reduce((n, r) => n + r.completed, 0);
  return { logged, completed, sent, complete: logged >= completed && logged <= sent };
}
const logs = { one: await logCheck(one, 1), many: await logCheck(many, 0) };
await rm(dir, { recursive: true, force: true });

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const round2 = (n: number) => Math.round(n * 100) / 100;
const rps = (server: Served) => rounds.get(server)!.map((r) => r.requestsPerSecond);
const cpu = (server: Served) => {
  const values = rounds.get(server)!.map((r) => r.cpuMicrosPerRequest);
  return values.includes(undefined) ? undefined : round2(mean(values as number[]));
};
const figures = (server: Served) => {
  const runs = rounds.get(server)!;
  return {
    requestsPerSecond: round2(mean(rps(server))),
    range: [Math.min(...rps(server)), Math.max(...rps(server))],
    p99Ms: Math.max(...runs.map((r) => r.p99Ms)),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    cpuMicrosPerRequest: cpu(server),
    rounds: runs.map(({ requestsPerSecond, p99Ms, cpuMicrosPerRequest }) => ({
      requestsPerSecond,
      p99Ms,
      cpuMicrosPerRequest,
    })),
  };
};
// Per round, so both figures of a ratio saw the same moment of the machine.
const perRound = (a: Served, b: Served) =>
  rounds.get(a)!.map((r, i) => r.requestsPerSecond / rounds.get(b)![i]!.requestsPerSecond);
const scaling = perRound(many, one);
const vsCeiling = perRound(one, ceiling);
const engine = round2(engineMicros);
const bareCpu = cpu(ceiling);
const overhead = (server: Served) => {
  const ours = cpu(server);
  return ours === undefined ? undefined : round2(ours - engine);
};
const overheadRatio = (server: Served, bare = bareCpu) => {
  const ours = overhead(server);
  return ours === undefined || bare === undefined ? undefined : round2(ours / bare);
};
const errors = [one, many].reduce((n, s) => n + figures(s).errors, 0);
const overheadMet = (overheadRatio(one) ?? Infinity) <= 2;
printBenchmark('server', {
  setup: `BM25 config, 20 documents of 30 words per request, top_n 10, ${CONNECTIONS} connections, pipelining 1, ${ROUNDS} rotated rounds of ${DURATION_S} s each; each server its own process tree, autocannon in another; ${WORKERS} cores`,
  workers1: {
    what: 'rerank-studio serve --workers 1 (no --history), log on stdout to a file',
    ...figures(one),
    overheadMicrosPerRequest: overhead(one),
    requestLogLines: logs.one,
  },
  [`workers${WORKERS}`]: {
    what: `rerank-studio serve --workers ${WORKERS}: the primary and ${WORKERS} workers, CPU of all`,
    ...figures(many),
    overheadMicrosPerRequest: overhead(many),
    requestLogLines: logs.many,
  },
  ceiling: {
    what: 'bare node:http reading the body and returning one of our answers, fixed',
    responseBytes: Buffer.byteLength(answer),
    ...figures(ceiling),
  },
  jsonCeiling: {
    what: 'the same bare server, but parsing the request body as JSON and stringifying the answer anew: the floor of any JSON API in Node',
    ...figures(jsonCeiling),
  },
  engineMicrosPerRequest: {
    what: 'the rerank:run handler in process for the same request (no HTTP, JSON or log)',
    value: engine,
  },
  // The server's CPU per request beyond the engine's, over the bare server's CPU per request.
  overheadVsBare: { workers1: overheadRatio(one), [`workers${WORKERS}`]: overheadRatio(many) },
  // The same over the JSON floor: what our server adds beyond parsing and writing JSON.
  overheadVsJsonCeiling: {
    workers1: overheadRatio(one, cpu(jsonCeiling)),
    [`workers${WORKERS}`]: overheadRatio(many, cpu(jsonCeiling)),
  },
  scaling: {
    what: `requests/s of --workers ${WORKERS} over --workers 1, per round (load generator on the same cores)`,
    mean: round2(mean(scaling)),
    perRound: scaling.map(round2),
  },
  ratioVsCeiling: {
    what: 'requests/s of --workers 1 over the ceiling, per round',
    mean: round2(mean(vsCeiling)),
    perRound: vsCeiling.map(round2),
  },
  target:
    'overhead per request <= 2 x the bare server CPU per request (--workers 1), 0 errors, every request logged',
  met: overheadMet && errors === 0 && logs.one.complete && logs.many.complete,
});

/** serve's `listening` log line, once it is in the log file. */
async function listeningLine(child: ChildProcess, logFile: string) {
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  for (let waited = 0; waited < 20_000; waited += 50) {
    if (exited !== undefined) throw new Error(`serve exited (${exited}) before listening`);
    const first = (await readFile(logFile, 'utf8'))
      .split('\n')
      .find((line) => line.includes('"msg":"listening"'));
    if (first) return JSON.parse(first) as Record<string, unknown>;
    await sleep(50);
  }
  throw new Error('serve did not log "listening" within 20 s');
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
