import { expect, test } from './fixtures';

const DOCUMENTS = [
  'Tea is grown on steep hillsides.',
  'A zebra grazes on the savanna.',
  'Zebra stripes may keep biting flies away.',
];

test('every run is kept: find the first by a word, reopen it as it was', async ({ app, page }) => {
  await app.pasteDocuments(DOCUMENTS, 'replace');
  await app.query.fill('zebra stripes');
  await app.instruction.fill('prefer biology');
  await app.run();
  const bm25 = app.column(2);
  await bm25.expectRanking([2, 1, 0]);

  await app.query.fill('tea hillsides');
  await app.instruction.fill('');
  await bm25.setBm25Params({ k1: 2 });
  await app.run();
  await bm25.expectRanking([0, 1, 2]);

  await page.getByRole('button', { name: 'History', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'History' });
  const runs = dialog.getByRole('list', { name: 'Saved runs' }).getByRole('listitem');
  await expect(runs).toHaveCount(2);
  // Both runs ranked the same documents: a word of the first run's instruction finds it.
  await dialog.getByRole('searchbox', { name: 'Search runs' }).fill('biology');
  await expect(runs).toHaveCount(1);
  await expect(runs.first()).toHaveAccessibleName('Run: zebra stripes');
  await runs.first().getByRole('button', { name: 'Open' }).click();

  await expect(dialog).toBeHidden();
  await expect(app.query).toHaveValue('zebra stripes');
  await expect(app.instruction).toHaveValue('prefer biology');
  await bm25.expectRanking([2, 1, 0]);
  await expect(bm25.k1).toHaveValue('1.2');
});
