/**
 * `npm run bench -- server`: requests per second and p99 latency of `rerank-studio serve` with
 * the BM25 config, 20 documents per request, measured with autocannon over loopback, against a
 * bare node:http server that returns a fixed response (the ceiling). Rounds alternate (ours,
 * bare, ours, …) so machine noise hits both alike. Target: ours ≥ 0.5 × the ceiling, 0 errors.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { printBenchmark } from './report';
import { BENCH_TOKEN } from './server-worker-token';

const ROUNDS = 4;
const DURATION_S = 4;
const CONNECTIONS = 16;

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

const child = spawn(process.execPath, [new URL('./server-worker.mjs', import.meta.url).pathname], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const urls = await new Promise<{ ours: string; bare: string }>((resolve, reject) => {
  createInterface({ input: child.stdout }).once('line', (line) =>
    resolve(JSON.parse(line) as { ours: string; bare: string }),
  );
  child.once('exit', (code) => reject(new Error(`server worker exited (${code})`)));
});

async function round(url: string) {
  const result = await autocannon({
    url: `${url}/v1/rerank`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_TOKEN}` },
    body,
    connections: CONNECTIONS,
    duration: DURATION_S,
  });
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

// A short warm-up of each, outside the figures (JIT, connection pools).
await autocannon({
  url: `${urls.ours}/v1/rerank`,
  method: 'POST',
  headers: { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' },
  body,
  connections: 4,
  duration: 1,
});
await autocannon({
  url: `${urls.bare}/v1/rerank`,
  method: 'POST',
  body,
  connections: 4,
  duration: 1,
});

const ours: Awaited<ReturnType<typeof round>>[] = [];
const bare: Awaited<ReturnType<typeof round>>[] = [];
for (let i = 0; i < ROUNDS; i++) {
  ours.push(await round(urls.ours));
  bare.push(await round(urls.bare));
}
child.kill('SIGTERM');

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const ratios = ours.map((o, i) => o.requestsPerSecond / bare[i]!.requestsPerSecond);
const ratio = mean(ratios);
const errors = ours.reduce((n, r) => n + r.errors, 0);
const round2 = (n: number) => Math.round(n * 100) / 100;
printBenchmark('server', {
  setup: `BM25 config, 20 documents of 30 words per request, top_n 10, ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${DURATION_S} s each`,
  ours: {
    requestsPerSecond: round2(mean(ours.map((r) => r.requestsPerSecond))),
    p99Ms: Math.max(...ours.map((r) => r.p99Ms)),
    errors,
    rounds: ours,
  },
  ceiling: {
    what: 'bare node:http reading the body and returning a fixed response',
    requestsPerSecond: round2(mean(bare.map((r) => r.requestsPerSecond))),
    p99Ms: Math.max(...bare.map((r) => r.p99Ms)),
    errors: bare.reduce((n, r) => n + r.errors, 0),
    rounds: bare,
  },
  ratio: round2(ratio),
  ratioPerRound: ratios.map(round2),
  target: 'ratio >= 0.5 with 0 errors',
  met: ratio >= 0.5 && errors === 0,
});
