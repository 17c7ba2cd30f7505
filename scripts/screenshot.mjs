// `npm run screenshot`: the README's screenshot, taken of the real web host in system Chromium
// after a real run: input order, BM25, and Cohere's format served by the loopback provider
// simulator (keys given to the host as environment variables), with the wire inspector open;
// then that Cohere column's export for the Vercel AI SDK; then the Keys panel after setting a
// key in it and testing Cohere's. Where the keys panel says
// keys are kept depends on the machine: run it where a keychain is (a desktop session). Last,
// the strategies: an LLM judge served by the loopback chat simulator's naive model, and a
// fusion of BM25 with it, its scores shown min-max normalised; and the comparison of those
// four columns.
// Build first (`npm run build`; the npm script does).
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { chromiumArgs, chromiumPath } from './chromium.mjs';
import { startWebHostProcess } from './web-host-process.mjs';

// The simulator is TypeScript test infrastructure: bundle it for this script.
await build({
  entryPoints: {
    simulator: 'testkit/provider-simulator/index.ts',
    'provider-env': 'testkit/provider-env.ts',
    'chat-simulator': 'testkit/llm-simulator/index.ts',
    'naive-brain': 'testkit/llm-simulator/naive-brain.ts',
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
const { startChatSimulator } = await import('../out/tools/chat-simulator.mjs');
const { naiveBrain } = await import('../out/tools/naive-brain.mjs');

const out = process.argv[2] ?? 'docs/screenshot.png';
const keysOut = process.argv[3] ?? 'docs/keys.png';
const strategiesOut = process.argv[4] ?? 'docs/strategies.png';
const compareOut = process.argv[5] ?? 'docs/compare.png';
const exportOut = process.argv[6] ?? 'docs/export.png';
const simulator = await startProviderSimulator();
const chat = await startChatSimulator({ respond: naiveBrain });
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

  // The Cohere column exported as TypeScript for the Vercel AI SDK: its own provider package,
  // pointed at the column's base URL.
  await page.getByRole('button', { name: 'Export Column 3' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export Column 3' });
  await exportDialog
    .getByRole('combobox', { name: 'Export target' })
    .selectOption({ label: 'Vercel AI SDK rerank()' });
  const exported = exportDialog.getByRole('textbox', { name: 'Exported text' });
  await exported.waitFor();
  if (!(await exported.inputValue()).includes('@ai-sdk/cohere'))
    throw new Error('the AI SDK export of the Cohere column does not use @ai-sdk/cohere');
  await page.screenshot({ path: exportOut });
  console.log(`wrote ${exportOut}`);
  await exportDialog.getByRole('button', { name: 'Close' }).click();

  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Keys', exact: true }).click();
  const voyage = page.getByRole('listitem', { name: 'Voyage AI' });
  await voyage.getByRole('button', { name: /^(Set|Replace) key for Voyage AI$/ }).click();
  await voyage.getByLabel('API key for Voyage AI').fill('pa-demo-0000000000000000-a1b2');
  await voyage.getByRole('button', { name: 'Save' }).click();
  await voyage.getByText(/••••a1b2/).waitFor();
  const cohere = page.getByRole('listitem', { name: 'Cohere', exact: true });
  await cohere.getByRole('button', { name: 'Test key for Cohere' }).click();
  await cohere.getByText(/^OK · 200/).waitFor();
  await page.screenshot({ path: keysOut });
  console.log(`wrote ${keysOut}`);
  await voyage.getByRole('button', { name: 'Remove key for Voyage AI' }).click();
  await page.keyboard.press('Escape');

  await page.reload();
  await page
    .getByRole('textbox', { name: 'Instruction', exact: true })
    .fill('Prefer passages that explain the mechanism');
  await page.getByRole('button', { name: 'Add column' }).click();
  await page.getByRole('button', { name: 'Add column' }).click();
  await page.getByLabel('Pipeline for Column 3').selectOption({ label: 'LLM judge' });
  await page.getByLabel('Base URL for Column 3').fill(chat.openaiBaseUrl);
  await page.getByLabel('Model for Column 3').fill('llama3.1:8b');
  await page.getByLabel('Pipeline for Column 4').selectOption({ label: 'Fusion' });
  await page.getByRole('button', { name: 'Remove member 1 of Column 4' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('list', { name: 'Ranking in Column 4' }).waitFor();
  await page.getByLabel('Score scale for Column 4').selectOption({ label: 'Min-max' });
  await page.getByLabel('Score threshold for Column 4').fill('0.5');
  await page.screenshot({ path: strategiesOut });
  console.log(`wrote ${strategiesOut}`);

  // The same four columns compared: agreement, the movement chart with one document pointed
  // at, and the rank table.
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const compare = page.getByRole('dialog', { name: 'Compare rankings' });
  await compare.getByRole('table', { name: 'Agreement between rankings' }).waitFor();
  await compare.getByRole('combobox', { name: 'Document order' }).selectOption('largest-move');
  await compare.locator('g.bump-line').nth(1).locator('circle').first().hover();
  await page.screenshot({ path: compareOut });
  console.log(`wrote ${compareOut}`);
} finally {
  await chat.close();
  await browser.close();
  await host.stop();
  await simulator.close();
}
