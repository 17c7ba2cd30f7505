// `npm run screenshot`: the README's screenshot, taken of the real web host in system Chromium
// after a real run: input order, BM25, and Cohere's format served by the loopback provider
// simulator (keys given to the host as environment variables), with the wire inspector open.
// Build first (`npm run build`; the npm script does).
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { chromiumArgs, chromiumPath } from './chromium.mjs';
import { startWebHostProcess } from './web-host-process.mjs';

// The simulator is TypeScript test infrastructure: bundle it for this script.
await build({
  entryPoints: {
    simulator: 'electron/testing/provider-simulator/index.ts',
    'provider-env': 'electron/testing/provider-env.ts',
  },
  outdir: 'out/tools',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
const { startProviderSimulator } = await import('../out/tools/simulator.mjs');
const { simulatorEnv } = await import('../out/tools/provider-env.mjs');

const out = process.argv[2] ?? 'docs/screenshot.png';
const simulator = await startProviderSimulator();
const host = await startWebHostProcess({ env: simulatorEnv() });
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const page = await browser.newPage({
    viewport: { width: 1600, height: 960 },
    colorScheme: 'light',
  });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Add column' }).click();
  await page.getByLabel('Pipeline for Column 3').selectOption({ label: 'Rerank API' });
  await page.getByLabel('Provider for Column 3').selectOption('cohere');
  await page.getByLabel('Base URL for Column 3').fill(simulator.baseUrl('cohere'));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('list', { name: 'Ranking in Column 3' }).waitFor();
  await page.getByRole('button', { name: /^Wire \(1\)$/ }).click();
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await host.stop();
  await simulator.close();
}
