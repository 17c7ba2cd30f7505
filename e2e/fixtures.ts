/**
 * The one e2e fixture: `app`, a fresh Rerank Studio with its own data folder for every test.
 *
 * - Where an Electron binary is installed it launches the desktop app (`electron .`).
 * - Otherwise (as on the build machines, see ARCHITECTURE.md) it starts the built web host
 *   and opens it in the system Chromium that playwright.config.ts configures.
 *
 * Specs are the same in both modes; the few that need HTTP check `hostKind` and skip.
 * `RERANK_STUDIO_E2E_HOST=web` forces the web host even where Electron is installed.
 */
import {
  test as base,
  expect,
  type ElectronApplication,
  type Page,
  type PlaywrightTestArgs,
  type PlaywrightTestOptions,
  type PlaywrightWorkerArgs,
  type PlaywrightWorkerOptions,
  type TestFixture,
  type TestInfo,
} from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppPage, openWebHost } from './pages/app-page';
import { startWebHostProcess, type PrepareDataDir } from './support/scripts';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The Electron executable if it is really there. This reads what `require('electron')` would
 * return without calling it: that module starts a download when the binary is missing, which
 * would reach for the network on every test run here.
 */
function findElectronBinary(): string | undefined {
  if (process.env.RERANK_STUDIO_E2E_HOST === 'web') return undefined;
  try {
    const packageDir = path.dirname(createRequire(import.meta.url).resolve('electron'));
    const pathFile = path.join(packageDir, 'path.txt');
    const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    let binary: string | undefined;
    if (override) binary = path.join(override, relative || 'electron');
    else if (relative) binary = path.join(packageDir, 'dist', relative);
    return binary && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const electronBinary = findElectronBinary();

/** Which host this run of the suite drives. */
export const hostKind: 'electron' | 'web' = electronBinary ? 'electron' : 'web';

function assertBuilt(): void {
  const needed = ['out/renderer/index.html', 'out/node/web-host.mjs'];
  if (hostKind === 'electron') needed.push('out/electron/main.cjs');
  const missing = needed.filter((file) => !existsSync(path.join(root, file)));
  if (missing.length > 0) {
    throw new Error(`missing ${missing.join(', ')}: run \`npm run build\` before the e2e tests`);
  }
}

/** Collects uncaught page errors so a test fails on them even if its assertions pass. */
function watchPageErrors(page: Page): () => void {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.stack ?? error.message));
  return () => expect(errors, 'uncaught errors in the page').toEqual([]);
}

/** True when the test body passed (not merely failed as `test.fail` expected). */
function passed(testInfo: TestInfo): boolean {
  return testInfo.status === 'passed';
}

/** Extra environment for the app under test (`test.use({ hostEnv })`), e.g. provider keys. */
interface AppOptions {
  hostEnv: Record<string, string>;
  /**
   * Writes into the app's fresh data folder before the app starts, e.g. installs a model.
   * A function, so `test.use` takes it in fixture form: `async ({}, use) => use(prepare)`.
   */
  prepareDataDir: PrepareDataDir | undefined;
}

type AllArgs = PlaywrightTestArgs &
  PlaywrightTestOptions &
  PlaywrightWorkerArgs &
  PlaywrightWorkerOptions &
  AppOptions;

/** The web host in the system Chromium: Playwright's own `page`, so `trace` applies as is. */
const webApp: TestFixture<AppPage, AllArgs> = async (
  { page, hostEnv, prepareDataDir },
  use,
  testInfo,
) => {
  assertBuilt();
  const host = await startWebHostProcess(hostEnv, prepareDataDir);
  try {
    const checkPageErrors = watchPageErrors(page);
    const app = await openWebHost(page, host);
    await use(app);
    if (passed(testInfo)) checkPageErrors();
  } finally {
    if (!passed(testInfo)) {
      // What the host said (and whether it died) is the first thing to read about a failure.
      const ended = host.ended === undefined ? 'still running' : `ended: ${host.ended}`;
      const text = `web host ${ended}\n${host.output}`;
      await testInfo.attach('web host output', { body: text, contentType: 'text/plain' });
      process.stderr.write(`\n── ${testInfo.title}: ${text.slice(-4000)}\n`);
    }
    await host.stop();
  }
};

/** The desktop app. Does not touch `page`, so no Chromium is launched beside it. */
const electronApp: TestFixture<AppPage, AllArgs> = async (
  { playwright, hostEnv, prepareDataDir },
  use,
  testInfo,
) => {
  assertBuilt();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-e2e-'));
  await prepareDataDir?.(dataDir);
  const env = Object.fromEntries(
    Object.entries({ ...process.env, ...hostEnv, RERANK_STUDIO_DATA_DIR: dataDir }).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  let electron: ElectronApplication | undefined;
  try {
    electron = await playwright._electron.launch({
      executablePath: electronBinary,
      args: ['.'],
      cwd: root,
      env,
    });
    const context = electron.context();
    await context.tracing.start({ screenshots: true, snapshots: true });
    const page = await electron.firstWindow();
    const checkPageErrors = watchPageErrors(page);
    const app = new AppPage(page, { kind: 'electron' });
    await app.waitUntilReady();
    await use(app);
    // The config's `trace: 'retain-on-failure'`, which Playwright applies to browser pages only.
    if (passed(testInfo)) {
      await context.tracing.stop();
      checkPageErrors();
    } else {
      const trace = testInfo.outputPath('trace.zip');
      await context.tracing.stop({ path: trace });
      await testInfo.attach('trace', { path: trace, contentType: 'application/zip' });
    }
  } finally {
    await electron?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

export const test = base.extend<{ app: AppPage } & AppOptions>({
  hostEnv: [{}, { option: true }],
  prepareDataDir: [undefined, { option: true }],
  app: hostKind === 'electron' ? electronApp : webApp,
});

export { expect };
