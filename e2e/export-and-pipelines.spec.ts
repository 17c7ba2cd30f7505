/**
 * Issue 9 in the app: a column exported to a few targets and copied; a column saved to the
 * pipeline library, a column added from it, its runs counted; and the round trip: the config
 * as the UI built it, exported from the dialog, served by `rerank-studio serve`, called over
 * HTTP, ranks exactly as the UI column does.
 */
import { expect, hostKind, test } from './fixtures';
import { serveConfig } from './support/serve';

const DOCUMENTS = [
  'Tea is grown on steep hillsides in cool and misty climates.',
  'zebra zebra the quick brown fox jumps over a lazy dog in the wide green valley near the river',
  'A zebra grazes.',
  'Zebras and horses are related.',
];

test.beforeEach(async ({ app }) => {
  await app.query.fill('zebra');
  await app.pasteDocuments(DOCUMENTS, 'replace');
});

test('a column exports to JSON, a Dockerfile and curl (not available), and copies', async ({
  app,
}) => {
  const { page, exportDialog } = app;
  if (app.host.kind === 'web') {
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.host.origin });
  }
  await app.column(2).exportButton.click();
  await expect(exportDialog.dialog).toBeVisible();
  await exportDialog.choose('Pipeline config (JSON)');
  await expect(exportDialog.text).toHaveValue(/"strategy": "heuristic"/);
  const json = JSON.parse(await exportDialog.text.inputValue()) as Record<string, unknown>;
  expect(json).toEqual({ version: 1, name: 'bm25', key: 'bm25', strategy: 'heuristic' });
  if (hostKind === 'web') {
    await exportDialog.copyButton.click();
    await expect(exportDialog.status).toHaveText('Copied bm25.rerank.json');
    expect(JSON.parse(await app.readClipboard())).toEqual(json);
  }

  await exportDialog.choose('Dockerfile (rerank-studio serve)');
  await expect(exportDialog.text).toHaveValue(
    /ENTRYPOINT \["node", "bin\/rerank-studio.mjs"\]\nCMD \["serve"/,
  );
  const download = page.waitForEvent('download');
  await exportDialog.saveButton.click();
  expect((await download).suggestedFilename()).toBe('Dockerfile.bm25');

  await exportDialog.choose(/^curl/);
  await expect(exportDialog.reason).toHaveText(
    /^Not exportable to curl: BM25 and the other heuristics run inside Rerank Studio/,
  );
  await expect(exportDialog.copyButton).toBeDisabled();
  await exportDialog.closeButton.click();
  await expect(exportDialog.dialog).toBeHidden();
});

test('a tuned column saved as a pipeline becomes a column again, and its runs are counted', async ({
  app,
}) => {
  const { pipelines } = app;
  await app.column(2).setBm25Params({ b: 0 });
  await pipelines.open();
  await pipelines.saveColumn(2, 'Zebra BM25');
  await expect(pipelines.row('Zebra BM25').stats).toHaveText('0 runs · average – · 0 errors');
  await pipelines.row('Zebra BM25').button('Add column').click();
  await pipelines.close();

  const added = app.column(3);
  await expect(added.region).toHaveAccessibleName('Column 3: Zebra BM25');
  await app.run();
  await added.expectRanking(await app.column(2).rankedIndices());

  await pipelines.open();
  await expect(pipelines.row('Zebra BM25').stats).toHaveText(
    /^1 runs · average \d+\.\d ms · 0 errors$/,
  );
  await pipelines.row('Zebra BM25').button('Duplicate').click();
  await expect(pipelines.row('Zebra BM25 copy').region).toBeVisible();
  await pipelines.row('Zebra BM25 copy').button('Disable').click();
  const copy = pipelines.row('Zebra BM25 copy');
  await expect(copy.region).toContainText('Zebra BM25 copy (disabled)');
  await expect(copy.button('Enable')).toBeVisible();
  await copy.button('Delete').click();
  await expect(copy.region).toBeHidden();
  await expect(pipelines.row('Zebra BM25').region).toBeVisible();
});

test('the config the UI built, exported and served, ranks as the UI column does', async ({
  app,
}) => {
  test.skip(hostKind === 'electron', 'starts the CLI next to the web host');
  const column = app.column(2);
  await column.setBm25Params({ k1: 2, b: 0.3 });
  await app.run();
  const ranking = await column.rankedIndices();
  const scores = await column.scores();

  await column.exportButton.click();
  await app.exportDialog.choose('Pipeline config (JSON)');
  const exported = await app.exportDialog.text.inputValue();
  await app.exportDialog.closeButton.click();

  const served = await serveConfig(exported, { RERANK_STUDIO_TOKENS: 'e2e-token' });
  try {
    const key = (JSON.parse(exported) as { key: string }).key;
    const response = await fetch(`${served.url}/v1/rerank`, {
      method: 'POST',
      headers: { authorization: 'Bearer e2e-token', 'content-type': 'application/json' },
      body: JSON.stringify({ model: key, query: 'zebra', documents: DOCUMENTS }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      results: { index: number; relevance_score: number }[];
    };
    expect(body.results.map((r) => r.index)).toEqual(ranking);
    // The UI shows scores rounded; the server's are exact.
    body.results.forEach((r, i) => expect(r.relevance_score).toBeCloseTo(scores[i]!, 2));
  } finally {
    await served.stop();
  }
});
