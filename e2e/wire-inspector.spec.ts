import { expect, hostKind, test } from './fixtures';
import { startProviderSimulator } from '../testkit/provider-simulator';
import { closedPortUrl } from './support/ports';

test('the wire inspector shows a failed exchange and copies it as curl', async ({ app }) => {
  const column = app.column(2);
  const baseUrl = await closedPortUrl();
  // A gateway needs no key, so the request really goes out (and finds nobody listening).
  await column.configureProvider({
    provider: 'cohere-compatible',
    model: 'rerank-english-v3.0',
    baseUrl,
    params: { maxRetries: 0 },
  });
  await app.run();
  await expect(column.error).toHaveText(/^cohere-compatible could not be reached/);
  await expect(app.column(1).ranking).toBeVisible();
  await expect(column.details).toContainText('1 call');

  // Closed until asked for; then one line per exchange.
  await expect(column.exchanges).toHaveCount(0);
  await column.openWire(1);
  const toggle = column.exchangeToggle(1);
  await expect(toggle).toContainText('POST');
  await expect(toggle).toContainText(`${baseUrl}/v1/rerank`);
  await expect(column.exchangeBlock(1, 'Request body')).toHaveCount(0);

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(column.exchangeBlock(1, 'Request headers')).toContainText(
    /content-type: application\/json/i,
  );
  await expect(column.exchangeBlock(1, 'Request body')).toContainText(
    '"model": "rerank-english-v3.0"',
  );
  // No response came, so there is nothing to show for one.
  await expect(column.exchangeBlock(1, 'Response body')).toHaveCount(0);

  if (app.host.kind === 'web') {
    await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: app.host.origin,
    });
  }
  await column.copyCurlButton(1).click();
  const status = column.copyStatus(1);
  if (app.host.kind === 'web') {
    await expect(status).toHaveText('Copied');
    const copied = await app.readClipboard();
    expect(copied.startsWith(`curl -X POST '${baseUrl}/v1/rerank'`)).toBe(true);
    expect(copied).toContain('--data-raw');
  } else {
    // Electron may deny clipboard access; either way the outcome is reported.
    await expect(status).toHaveText(/^(Copied|could not copy: .+)$/);
  }

  // Collapsing hides the exchanges again.
  await column.wireToggle.click();
  await expect(column.exchanges).toHaveCount(0);
});

test('Bypass cache is sent with the run', async ({ app }) => {
  test.skip(hostKind === 'electron', 'reads the rerank:run HTTP request');
  const bypass = app.toolbar.getByRole('checkbox', { name: 'Bypass cache' });
  await expect(bypass).not.toBeChecked();
  const isRun = (url: string) => decodeURIComponent(new URL(url).pathname) === '/api/rerank:run';

  const first = app.page.waitForRequest((request) => isRun(request.url()));
  await app.run();
  expect((await first).postDataJSON()).toMatchObject({ bypassCache: false });

  await bypass.check();
  const second = app.page.waitForRequest((request) => isRun(request.url()));
  await app.run();
  expect((await second).postDataJSON()).toMatchObject({ bypassCache: true });
});

test('a repeated run is served from the cache unless Bypass cache is on', async ({ app }) => {
  const simulator = await startProviderSimulator();
  try {
    const column = app.column(2);
    const bypass = app.toolbar.getByRole('checkbox', { name: 'Bypass cache' });
    await column.configureProvider({
      provider: 'cohere-compatible',
      model: 'rerank-english-v3.0',
      baseUrl: simulator.baseUrl('cohere-compatible'),
    });

    await app.run();
    await expect(column.items).toHaveCount(8);
    await expect(column.details).toContainText('probabilities');
    await expect(column.details).toContainText('1 call');
    await expect(column.cachedBadge).toBeHidden();
    expect(simulator.requests).toHaveLength(1);
    await column.openWire(1);
    await expect(column.exchangeToggle(1)).toContainText('200');
    await column.exchangeToggle(1).click();
    await expect(column.exchangeBlock(1, 'Response body')).toContainText('"relevance_score"');
    const ranking = await column.rankedIndices();

    await app.run();
    await expect(column.cachedBadge).toBeVisible();
    await column.expectRanking(ranking);
    expect(simulator.requests).toHaveLength(1);
    // Nothing went over the wire for this run.
    await expect(column.wire).toBeHidden();

    await bypass.check();
    await app.run();
    await expect(column.cachedBadge).toBeHidden();
    await expect(column.details).toContainText('1 call');
    await column.expectRanking(ranking);
    expect(simulator.requests).toHaveLength(2);
  } finally {
    await simulator.close();
  }
});
