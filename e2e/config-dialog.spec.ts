import { expect, test } from './fixtures';

test('Edit config applies a valid config to its column', async ({ app }) => {
  const column = app.column(2);
  await column.openConfig();
  // The dialog opens on the column's current config.
  expect(JSON.parse(await column.configText.inputValue())).toEqual({
    version: 1,
    name: 'bm25',
    strategy: 'heuristic',
  });
  await column.configText.fill(
    JSON.stringify({ version: 1, name: 'bm25 top 2', strategy: 'heuristic', topN: 2 }, null, 2),
  );
  await column.configApplyButton.click();
  await expect(column.configDialog).toBeHidden();
  await expect(column.region).toHaveAccessibleName('Column 2: bm25 top 2');

  await app.run();
  await column.expectRanking([2, 6]);
  await expect(column.status).toHaveText(/^2 results · [\d.]+ ms$/);
  // The other column is not cut.
  await expect(app.column(1).items).toHaveCount(8);
});

test('Edit config refuses an invalid config with the reason and keeps the text', async ({
  app,
}) => {
  const column = app.column(2);
  const broken = '{ "version": 1, "name": "x", "strategy": "magic" }';
  await column.openConfig(broken);
  await column.configApplyButton.click();
  await expect(column.configError).toContainText(/^strategy: /);
  await expect(column.configText).toHaveValue(broken);
  await expect(column.configDialog).toBeVisible();

  await column.configText.fill('{ "version": 1, "name": "x", ');
  await expect(column.configError).toBeHidden();
  await column.configApplyButton.click();
  await expect(column.configError).toHaveText(
    'not valid JSON: property name expected at line 1, column 30',
  );

  // A key in a config is refused: keys live in the keychain or the environment.
  await column.configText.fill(
    JSON.stringify({
      version: 1,
      name: 'x',
      strategy: 'dedicated-model',
      provider: 'cohere',
      params: { apiKey: 'sk-1' },
    }),
  );
  await column.configApplyButton.click();
  await expect(column.configError).toContainText('pipeline configs never hold keys');

  // Cancel (or Esc) leaves the column as it was.
  await app.page.keyboard.press('Escape');
  await expect(column.configDialog).toBeHidden();
  await expect(column.region).toHaveAccessibleName('Column 2: bm25');
  await expect(column.pipeline).toHaveValue('bm25');
});
