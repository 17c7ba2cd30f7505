// `npm run bench [providers] [local] [injection] [history] [renderer] [server] [long]`: bundles the
// benchmarks (they import TypeScript sources),
// runs them one after another and prints one JSON array, one document per benchmark, each with
// the machine's CPU model; compare ratios within one run.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const BENCHMARKS = {
  providers: 'out/bench/providers-bench.mjs',
  local: 'out/bench/local-bench.mjs',
  injection: 'out/bench/injection-bench.mjs',
  history: 'out/bench/history-bench.mjs',
  // Drives Chromium against the built app: plain JavaScript, run as it is.
  renderer: 'scripts/renderer-bench.mjs',
  server: 'out/bench/server-bench.mjs',
  long: 'out/bench/long-documents-bench.mjs',
};
const selected = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(BENCHMARKS);
for (const name of selected) {
  if (!(name in BENCHMARKS))
    throw new Error(`unknown benchmark ${name}; one of ${Object.keys(BENCHMARKS)}`);
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
  outExtension: { '.js': '.mjs' },
};
await Promise.all([
  build({
    ...common,
    entryPoints: {
      'providers-bench': 'bench/providers-bench.ts',
      'sim-worker': 'bench/sim-worker.ts',
      'sim-cluster': 'bench/sim-cluster.ts',
      'local-bench': 'bench/local-bench.ts',
      'injection-bench': 'bench/injection-bench.ts',
      'history-bench': 'bench/history-bench.ts',
      'server-bench': 'bench/server-bench.ts',
      'server-worker': 'bench/server-worker.ts',
      'long-documents-bench': 'bench/long-documents-bench.ts',
    },
    outdir: 'out/bench',
  }),
  // The inference worker the local benchmark starts, built from the current sources as
  // scripts/build-node.mjs builds it, so the benchmark never measures a stale bundle.
  build({
    ...common,
    entryPoints: { 'inference-worker': 'electron/inference/worker.ts' },
    outdir: 'out/node',
    sourcemap: true,
  }),
]);

const documents = [];
for (const name of selected) {
  // --expose-gc: the local benchmark collects garbage between passes, outside the timings.
  const result = spawnSync(process.execPath, ['--expose-gc', BENCHMARKS[name]], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout ?? '');
    throw new Error(`the ${name} benchmark failed (exit ${result.status ?? result.signal})`);
  }
  documents.push(JSON.parse(result.stdout));
}
process.stdout.write(`${JSON.stringify(documents, null, 2)}\n`);
