// `npm run screenshot`: the README's screenshot, taken of the real web host in system
// Chromium after a real run (build first: `npm run build`).
import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './chromium.mjs';
import { startWebHostProcess } from './web-host-process.mjs';

const out = process.argv[2] ?? 'docs/screenshot.png';
const host = await startWebHostProcess();
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
    colorScheme: 'light',
  });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Add column' }).click();
  await page.getByLabel('Pipeline for Column 3').selectOption('bm25');
  await page.getByLabel('b for Column 3').fill('0.2');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('list', { name: 'Ranking in Column 3' }).waitFor();
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await host.stop();
}
