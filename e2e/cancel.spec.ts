import type { Request, Route } from '@playwright/test';
import { expect, hostKind, test } from './fixtures';

test.skip(
  hostKind === 'electron',
  'holds the rerank:run HTTP request to cancel it in flight; Electron IPC has no HTTP to route',
);

/**
 * The renderer encodes operation names with encodeURIComponent, so `rerank:run` travels as
 * `/api/rerank%3Arun` and a `**\/api/rerank:run` glob would never match: compare decoded paths.
 */
function isOperation(name: string) {
  return (url: URL) => decodeURIComponent(url.pathname) === `/api/${name}`;
}

function isOperationRequest(name: string) {
  const matches = isOperation(name);
  return (request: Request) => request.method() === 'POST' && matches(new URL(request.url()));
}

test('Cancel stops a run that is in flight', async ({ app }) => {
  const { page } = app;
  // Hold rerank:run at the network layer until the cancel has been answered, so the click
  // lands while the run is in flight whatever the machine's speed.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: (route: Route) => void;
  const runHeld = new Promise<Route>((resolve) => (held = resolve));
  await page.route(isOperation('rerank:run'), async (route) => {
    held(route);
    await released;
    await route.continue();
  });

  try {
    await app.runButton.click();
    await runHeld;
    await expect(app.runStatus).toHaveText('Running…');
    await expect(app.runButton).toBeDisabled();
    for (const column of [app.column(1), app.column(2)]) {
      await expect(column.status).toHaveText('Running…');
    }

    const cancelAnswered = page.waitForResponse((response) =>
      isOperationRequest('rerank:cancel')(response.request()),
    );
    await app.cancelButton.click();
    const cancelResponse = await cancelAnswered;
    expect(cancelResponse.status()).toBe(200);
    // The host had not seen the run yet: it remembers the cancel for when the run arrives.
    expect(await cancelResponse.json()).toEqual({ ok: true, value: { cancelled: false } });
    await expect(app.runStatus).toHaveText('Cancelling…');
    await expect(app.cancelButton).toBeDisabled();
  } finally {
    release();
  }

  for (const column of [app.column(1), app.column(2)]) {
    await expect(column.status).toHaveText('Cancelled');
    await expect(column.ranking).toBeHidden();
  }
  await expect(app.runButton).toBeEnabled();
  await expect(app.cancelButton).toBeDisabled();
  await expect(app.runStatus).toHaveText('Cancelled');
  await expect(app.requestError).toBeHidden();

  // The app is usable again: the next run completes.
  await page.unrouteAll();
  await app.run();
  await app.column(2).expectRanking([2, 6, 4, 0, 1, 3, 5, 7]);
});
