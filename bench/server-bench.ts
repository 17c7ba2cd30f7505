/**
 * `npm run bench -- server`: requests per second and p99 latency of `rerank-studio serve` with
 * the BM25 config, 20 documents per request, measured with autocannon over loopback, against a
 * bare node:http server that returns a fixed response (the ceiling). Target: ours ≥ 0.5 × the
 * ceiling, 0 errors.
 *
 * Fair both ways: each server is its own process (same Node, same flags, one event loop each)
 * and the load generator is this process; both get the same autocannon settings, the same
 * request and the same response bytes (the ceiling answers with one of our real answers);
 * rounds are interleaved and alternate which server goes first, so machine noise hits both
 * alike. Ours is the default `serve` (no --history) with its log on stdout redirected to a
 * file, and every request must have its log line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { printBenchmark } from './report';
import { BENCH_TOKEN } from './server-worker-token';

const ROUNDS = 6;
const DURATION_S = 3;
const CONNECTIONS = 16;
const WORKER = new URL('./server-worker.mjs', import.meta.url).pathname;

const WORDS =
  'heart health exercise blood pressure training sleep diet muscle running swimming recovery study'.split(
    ' ',
  );
const body = JSON.stringify({
  model: 'bm25',
  query: 'exercise for heart health',
  documents: Array.from({ length: 20 }, (_, i) =>
    Array.from({ length: 30 }, (_, j) => WORDS[(i * 7 + j * 3) % WORDS.length]).join(' '),
  ),
  top_n: 10,
});
const headers = { 'content-type': 'application/json', authorization: `Bearer ${BENCH_TOKEN}` };

const dir = await mkdtemp(path.join(tmpdir(), 'rerank-server-bench-'));
const configFile = path.join(dir, 'bm25.json');
await writeFile(configFile, JSON.stringify({ version: 1, name: 'bm25', strategy: 'heuristic' }));
const logFile = path.join(dir, 'serve.log');
const log = await open(logFile, 'w');

// `rerank-studio serve` as a user starts it, its stdout going to a log file.
const serve = spawn(process.execPath, [WORKER, 'serve', '--config', configFile, '--port', '0'], {
  stdio: ['ignore', log.fd, 'inherit'],
  env: {
    ...process.env,
    RERANK_STUDIO_TOKENS: BENCH_TOKEN,
    RERANK_STUDIO_DATA_DIR: path.join(dir, 'data'),
  },
});
const oursUrl = await listeningUrl(serve);
const probe = await fetch(`${oursUrl}/v1/rerank`, { method: 'POST', headers, body });
const answer = await probe.text();
if (probe.status !== 200) throw new Error(`serve answered ${probe.status}: ${answer}`);

const ceiling = spawn(process.execPath, [WORKER, 'ceiling', answer], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const ceilingUrl = await new Promise<string>((resolve, reject) => {
  createInterface({ input: ceiling.stdout }).once('line', (line) =>
    resolve((JSON.parse(line) as { url: string }).url),
  );
  ceiling.once('exit', (code) => reject(new Error(`ceiling exited (${code})`)));
});

async function load(url: string, connections: number, duration: number) {
  return autocannon({
    url: `${url}/v1/rerank`,
    method: 'POST',
    headers,
    body,
    connections,
    duration,
  });
}

/**
 * CPU time a process has used, in µs (Linux /proc; undefined elsewhere). Per request it is the
 * figure machine noise moves least: a busy neighbour slows a server down without adding to it.
 */
function cpuMicros(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime (fields 14 and 15 of stat, 12 and 13 after the name), in clock ticks
    // of 10 ms (USER_HZ is 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}

async function round(url: string, pid: number | undefined) {
  const before = cpuMicros(pid);
  const result = await load(url, CONNECTIONS, DURATION_S);
  const after = cpuMicros(pid);
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

// A short warm-up of each, outside the figures (JIT, connection pools).
const warmUp = await load(oursUrl, CONNECTIONS, 2);
await load(ceilingUrl, CONNECTIONS, 2);

const ours: Awaited<ReturnType<typeof round>>[] = [];
const bare: Awaited<ReturnType<typeof round>>[] = [];
for (let i = 0; i < ROUNDS; i++) {
  // Alternating who goes first: neither always runs on the machine the other just heated.
  if (i % 2 === 0) {
    ours.push(await round(oursUrl, serve.pid));
    bare.push(await round(ceilingUrl, ceiling.pid));
  } else {
    bare.push(await round(ceilingUrl, ceiling.pid));
    ours.push(await round(oursUrl, serve.pid));
  }
}
await Promise.all([stop(serve), stop(ceiling)]);
await log.close();

// Every request ours received has its log line (the probe and the warm-up included).
const logged = (await readFile(logFile, 'utf8'))
  .split('\n')
  .filter((line) => line.includes('"msg":"request"')).length;
const sent = 1 + warmUp.requests.sent + ours.reduce((n, r) => n + r.sent, 0);
const completed = 1 + warmUp.requests.total + ours.reduce((n, r) => n + r.completed, 0);
await rm(dir, { recursive: true, force: true });

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const round2 = (n: number) => Math.round(n * 100) / 100;
const ratios = ours.map((o, i) => o.requestsPerSecond / bare[i]!.requestsPerSecond);
const errors = ours.reduce((n, r) => n + r.errors, 0);
const logComplete = logged >= completed && logged <= sent;
const figures = (rounds: typeof ours) => ({
  requestsPerSecond: round2(mean(rounds.map((r) => r.requestsPerSecond))),
  range: [
    Math.min(...rounds.map((r) => r.requestsPerSecond)),
    Math.max(...rounds.map((r) => r.requestsPerSecond)),
  ],
  p99Ms: Math.max(...rounds.map((r) => r.p99Ms)),
  errors: rounds.reduce((n, r) => n + r.errors, 0),
  cpuMicrosPerRequest: rounds.map((r) => r.cpuMicrosPerRequest),
  rounds: rounds.map(({ requestsPerSecond, p99Ms, errors }) => ({
    requestsPerSecond,
    p99Ms,
    errors,
  })),
});
printBenchmark('server', {
  setup: `BM25 config, 20 documents of 30 words per request, top_n 10, ${CONNECTIONS} connections, pipelining 1, ${ROUNDS} interleaved rounds of ${DURATION_S} s each; each server its own process, autocannon in a third`,
  ours: {
    what: 'rerank-studio serve (default: no --history), log on stdout to a file',
    ...figures(ours),
    requestLogLines: { logged, completed, sent, complete: logComplete },
  },
  ceiling: {
    what: 'bare node:http reading the body and returning one of our answers, fixed',
    responseBytes: Buffer.byteLength(answer),
    ...figures(bare),
  },
  ratio: round2(mean(ratios)),
  // What the ratio would be if each server had a core to itself and the load generator were
  // never the limit: the ceiling's CPU per request over ours.
  cpuRatio: cpuRatio(),
  ratioRange: [round2(Math.min(...ratios)), round2(Math.max(...ratios))],
  ratioPerRound: ratios.map(round2),
  target: 'ratio >= 0.5 with 0 errors',
  met: mean(ratios) >= 0.5 && errors === 0 && logComplete,
});

function cpuRatio(): number | undefined {
  const cpu = (rounds: typeof ours) => rounds.map((r) => r.cpuMicrosPerRequest);
  const [a, b] = [cpu(ours), cpu(bare)];
  if (a.includes(undefined) || b.includes(undefined)) return undefined;
  return round2(mean(b as number[]) / mean(a as number[]));
}

/** The URL from serve's `listening` log line, once it is in the log file. */
async function listeningUrl(child: ChildProcess): Promise<string> {
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  for (let waited = 0; waited < 20_000; waited += 50) {
    if (exited !== undefined) throw new Error(`serve exited (${exited}) before listening`);
    const first = (await readFile(logFile, 'utf8'))
      .split('\n')
      .find((line) => line.includes('"msg":"listening"'));
    if (first) return (JSON.parse(first) as { url: string }).url;
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
