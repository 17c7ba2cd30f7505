/**
 * The canary: a key typed into the Keys panel is used for real (the provider simulator accepts
 * only it), inspected on the wire, copied as curl, echoed back by a provider error, and removed.
 * Then every place the page or the host could have put it is searched: the page's DOM and input
 * values, every API answer and event the page received, what the host printed, and every file in
 * the host's data folder. The key must be in none of them, whole or in part.
 */
import type { Page, Response } from '@playwright/test';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { startProviderSimulator } from '../testkit/provider-simulator';
import { expect, hostKind, test } from './fixtures';
import { forgetKeys, isolatedKeychainEnv, randomHex } from './support/keys';
import { serveConfig } from './support/serve';
import { CommandPalette } from './pages/finish';

test.skip(hostKind === 'electron', 'reads the HTTP API, the host output and its data folder');
// eslint-disable-next-line no-empty-pattern
test.use({ hostEnv: async ({}, use) => use(isolatedKeychainEnv()) });

const apiPath = (url: string) => decodeURIComponent(new URL(url).pathname);

/**
 * Everything the page sends to and receives from `/api/`: request bodies, answer bodies, and
 * the text of the event stream. The stream never ends, so its bytes are taken from Chromium's
 * network layer as they arrive (CDP `Network.streamResourceContent`).
 */
async function recordApiTraffic(page: Page) {
  const sent: { path: string; body: string }[] = [];
  const answers: Promise<string>[] = [];
  let events = '';
  page.on('request', (request) => {
    const at = apiPath(request.url());
    if (at.startsWith('/api/')) sent.push({ path: at, body: request.postData() ?? '' });
  });
  page.on('response', (response: Response) => {
    const at = apiPath(response.url());
    if (!at.startsWith('/api/') || at === '/api/events') return;
    answers.push(response.text().then((text) => `${at}\n${text}`));
  });
  const cdp = await page.context().newCDPSession(page);
  const streams = new Set<string>();
  cdp.on('Network.dataReceived', (event) => {
    if (streams.has(event.requestId) && event.data) {
      events += Buffer.from(event.data, 'base64').toString('utf8');
    }
  });
  cdp.on('Network.responseReceived', (event) => {
    if (apiPath(event.response.url) !== '/api/events') return;
    streams.add(event.requestId);
    void cdp
      .send('Network.streamResourceContent', { requestId: event.requestId })
      .then(({ bufferedData }) => (events += Buffer.from(bufferedData, 'base64').toString('utf8')));
  });
  await cdp.send('Network.enable');
  return { sent, answers: () => Promise.all(answers), events: () => events };
}

/** Every file under `dir`, with its contents. */
async function filesUnder(dir: string): Promise<{ file: string; contents: Buffer }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile());
  return Promise.all(
    files.map(async (entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return { file: path.relative(dir, file), contents: await readFile(file) };
    }),
  );
}

test('a key set in the UI appears nowhere the page or the host keeps or shows things', async ({
  app,
}) => {
  test.setTimeout(60_000);
  const { page, host, keys } = app;
  if (host.kind !== 'web') throw new Error('web host only');
  const canary = `rk-CANARY-${randomHex(16)}`;
  // A leak of part of the key: everything but the last four characters, which the UI shows.
  const hidden = canary.slice('rk-CANARY-'.length, -4);
  const last4 = canary.slice(-4);
  const simulator = await startProviderSimulator({ keys: { cohere: canary } });
  const traffic = await recordApiTraffic(page);
  const inputValues = () =>
    page.evaluate<string[]>(
      "[...document.querySelectorAll('input, textarea, select')].map((e) => e.value)",
    );
  const valuesSeen: string[] = [];
  try {
    const cohere = keys.row('cohere');
    await keys.open();
    // Refused (a space): not sent, and the field is emptied all the same.
    await cohere.setButton.click();
    await cohere.field('API key').fill(`${canary} x`);
    await cohere.saveButton.click();
    await expect(cohere.formError).toContainText('contains spaces');
    await expect(cohere.field('API key')).toHaveValue('');
    valuesSeen.push(...(await inputValues()));
    expect(traffic.sent.filter((r) => r.path === '/api/secrets:set')).toEqual([]);

    await cohere.field('API key').fill(canary);
    await cohere.saveButton.click();
    await expect(cohere.status).toHaveText(new RegExp(`••••${last4}$`));
    valuesSeen.push(...(await inputValues()));
    await keys.close();

    // Used for real: the simulator accepts no other key.
    const column = app.column(2);
    await column.configureProvider({
      provider: 'cohere',
      baseUrl: simulator.baseUrl('cohere'),
      params: { maxRetries: 0 },
    });
    await app.run();
    await expect(column.items).toHaveCount(8);
    // The comparison of the input order and the Cohere column, while both have rankings.
    await app.compare.open();
    await expect(app.compare.agreement).toBeVisible();
    const comparison = await page.content();
    await app.compare.closeButton.click();
    expect(simulator.requests.at(-1)?.headers.authorization).toBe(`Bearer ${canary}`);

    // The wire inspector shows it masked; Copy curl writes a variable instead.
    await column.openWire(1);
    await column.exchangeToggle(1).click();
    await expect(column.exchangeBlock(1, 'Request headers')).toContainText(`Bearer ••••${last4}`);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: host.origin,
    });
    await column.copyCurlButton(1).click();
    await expect(column.copyStatus(1)).toHaveText('Copied');
    const curl = await app.readClipboard();
    expect(curl).toContain('$COHERE_API_KEY');

    // Exports and the server: the exported texts name the variable, and a server running the
    // exported config with the key in its environment never answers or logs it, not even when
    // the provider echoes it in an error (502 with the provider's message).
    await column.exportButton.click();
    await app.exportDialog.choose(/^curl/);
    await expect(app.exportDialog.text).toHaveValue(/\$COHERE_API_KEY/);
    await app.exportDialog.choose('Pipeline config (JSON)');
    const exportedConfig = await app.exportDialog.text.inputValue();
    valuesSeen.push(...(await inputValues()));
    await app.exportDialog.closeButton.click();
    const served = await serveConfig(exportedConfig, {
      COHERE_API_KEY: canary,
      RERANK_STUDIO_TOKENS: 'canary-served-token',
    });
    const servedAnswers: string[] = [];
    try {
      const key = (JSON.parse(exportedConfig) as { key: string }).key;
      // Other documents each time: an identical request would come from the server's cache.
      const callServed = async (documents: string[]) => {
        const response = await fetch(`${served.url}/v1/rerank`, {
          method: 'POST',
          headers: {
            authorization: 'Bearer canary-served-token',
            'content-type': 'application/json',
          },
          body: JSON.stringify({ model: key, query: 'served canary', documents }),
        });
        servedAnswers.push(`${response.status} ${await response.text()}`);
      };
      await callServed(['served a', 'served b']);
      simulator.script('cohere', [
        { status: 401, body: { message: `invalid api token: ${canary}` } },
      ]);
      await callServed(['served c', 'served d']);
    } finally {
      await served.stop();
    }
    expect(servedAnswers[0]).toMatch(/^200 /);
    expect(servedAnswers[1]).toMatch(/^502 .*invalid api token/);
    expect(simulator.requests.at(-1)?.headers.authorization).toBe(`Bearer ${canary}`);

    // A provider that echoes the key in its error, to a key test and to a run.
    const echo = { status: 401, body: { message: `invalid api token: ${canary}` } };
    simulator.script('cohere', [echo, echo]);
    await keys.open();
    await cohere.testButton.click();
    await expect(cohere.testResult).toContainText(/^Failed · 401 /);
    await expect(cohere.testResult).toContainText('invalid api token');
    await keys.close();
    await app.toolbar.getByRole('checkbox', { name: 'Bypass cache' }).check();
    await app.run();
    await expect(column.error).toContainText('invalid api token');
    await column.openWire(1);
    await column.exchangeToggle(1).click();
    await expect(column.exchangeBlock(1, 'Response body')).toContainText('invalid api token');

    // Removed: the next run fails before any request.
    await keys.open();
    await cohere.removeButton.click();
    await expect(cohere.status).toHaveText('Not set');
    await keys.close();
    await app.run();
    await expect(column.error).toHaveText(/^No API key for cohere/);

    // The run history, exported.
    await app.history.open();
    const download = page.waitForEvent('download');
    await app.history.dialog.getByRole('button', { name: 'Export all' }).click();
    const historyExport = await readFile(await (await download).path(), 'utf8');
    expect(historyExport).toContain('"rerank-studio-history"');
    await app.history.closeButton.click();

    // Controls: the recording saw the key where it legitimately went, and saw the events.
    const setBodies = traffic.sent.filter((r) => r.path === '/api/secrets:set');
    expect(setBodies).toHaveLength(1);
    expect(setBodies[0]!.body).toContain(canary);
    expect(traffic.events()).toContain('column-finished');
    const answers = await traffic.answers();
    expect(answers.filter((a) => a.startsWith('/api/rerank:run\n'))).toHaveLength(3);

    // Diagnostics for a bug report: versions, settings, key status and recent problems only.
    const diagnosticsDownload = page.waitForEvent('download');
    await new CommandPalette(page).run('diagnostics');
    const diagnostics = await readFile(await (await diagnosticsDownload).path());
    expect(diagnostics.toString('utf8')).toContain('"historySchemaVersion"');

    const places: { where: string; text: string | Buffer }[] = [
      { where: 'diagnostics export', text: diagnostics },
      { where: 'page HTML', text: await page.content() },
      { where: 'input values', text: [...valuesSeen, ...(await inputValues())].join('\n') },
      { where: 'clipboard', text: curl },
      { where: 'event stream', text: traffic.events() },
      { where: 'host output', text: host.output() },
      { where: 'served answers', text: servedAnswers.join('\n') },
      { where: 'history export', text: historyExport },
      { where: 'comparison', text: comparison },
      { where: 'server log', text: served.output() },
      ...answers.map((text) => ({ where: `answer ${text.split('\n')[0]}`, text })),
      ...traffic.sent
        .filter((r) => r.path !== '/api/secrets:set')
        .map((r) => ({ where: `request ${r.path}`, text: r.body })),
      ...(await filesUnder(host.dataDir)).map(({ file, contents }) => ({
        where: `data folder: ${file}`,
        text: contents,
      })),
    ];
    const leaks = places
      .filter(({ text }) => [canary, hidden].some((secret) => text.includes(secret)))
      .map(({ where }) => where);
    expect(leaks).toEqual([]);
  } finally {
    await forgetKeys(host, ['cohere']);
    await simulator.close();
  }
});
