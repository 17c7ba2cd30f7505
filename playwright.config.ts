/**
 * End-to-end tests (e2e/). Each test gets a fresh app with its own data folder: Electron where
 * its binary exists, otherwise the web host in the system Chromium (see e2e/fixtures.ts).
 * Playwright never downloads a browser here; `npm run build` must have produced out/.
 */
import { defineConfig } from '@playwright/test';
import { loadChromium } from './e2e/support/scripts';

const { chromiumPath, chromiumArgs } = await loadChromium();

export default defineConfig({
  testDir: 'e2e',
  // No retries: a flaky test is a bug to fix, and a retried pass would hide it.
  retries: 0,
  fullyParallel: false,
  workers: 2,
  timeout: 30_000,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    trace: 'retain-on-failure',
  },
});
