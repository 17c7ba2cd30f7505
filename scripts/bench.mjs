// `npm run bench`: bundles the benchmarks (they import TypeScript sources) and runs them.
// Each prints JSON with the machine's CPU model; compare ratios within one run.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

await build({
  entryPoints: {
    'providers-bench': 'electron/bench/providers-bench.ts',
    'sim-worker': 'electron/bench/sim-worker.ts',
    'sim-cluster': 'electron/bench/sim-cluster.ts',
  },
  outdir: 'out/bench',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});

const result = spawnSync(process.execPath, ['out/bench/providers-bench.mjs'], { stdio: 'inherit' });
process.exitCode = result.status ?? 1;
