import { expect, test } from './fixtures';
import { ZEBRA_DOCUMENTS as DOCUMENTS } from './sample';

test('every run is kept: find the first by a word, reopen it as it was', async ({ app }) => {
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

  const history = app.history;
  await history.open();
  await expect(history.runs).toHaveCount(2);
  // Both runs ranked the same documents: a word of the first run's instruction finds it.
  await history.search.fill('biology');
  await expect(history.runs).toHaveCount(1);
  await expect(history.runs.first()).toHaveAccessibleName('Run: zebra stripes');
  await history.runs.first().getByRole('button', { name: 'Open' }).click();

  await expect(history.dialog).toBeHidden();
  await expect(app.query).toHaveValue('zebra stripes');
  await expect(app.instruction).toHaveValue('prefer biology');
  await bm25.expectRanking([2, 1, 0]);
  await expect(bm25.k1).toHaveValue('1.2');
});

test('two saved runs compared: how each ranker moved every document between them', async ({
  app,
}) => {
  await app.pasteDocuments(DOCUMENTS, 'replace');
  await app.query.fill('zebra stripes');
  await app.run();
  await app.column(2).expectRanking([2, 1, 0]);
  // The second run ranks the same documents listed in another order: they are matched by text.
  await app.pasteDocuments([DOCUMENTS[2]!, DOCUMENTS[0]!, DOCUMENTS[1]!], 'replace');
  await app.query.fill('tea hillsides');
  await app.run();
  await app.column(2).expectRanking([1, 0, 2]);

  const history = app.history;
  await history.open();
  await history.filter('Strategy filter').selectOption('heuristic');
  await expect(history.runs).toHaveCount(2);
  await history.filter('Provider filter').selectOption('cohere');
  await expect(history.dialog.getByText('No run matches.')).toBeVisible();
  await history.filter('Provider filter').selectOption('');
  await expect(history.runs).toHaveCount(2);
  await history.search.fill('tea');
  await expect(history.runs).toHaveCount(2); // "tea" is in both runs' documents
  await history.search.fill('hillsides zebra');
  await expect(history.runs).toHaveCount(2);
  await history.search.fill('');
  await expect(history.compareSelectedButton).toBeDisabled();
  await history.select('zebra stripes');
  await history.select('tea hillsides');
  await history.compareSelectedButton.click();

  const compare = app.compare;
  await expect(compare.dialog).toBeVisible();
  await expect(history.dialog).toBeHidden();
  await expect(
    compare.dialog.getByText(/^Run A: “zebra stripes” .* against run B: “tea hillsides”/),
  ).toBeVisible();
  await expect(
    compare.dialog.getByText(/3 of run B's 3 documents are also in run A/),
  ).toBeVisible();
  // BM25 ranked A's documents 2 1 0 for run A and (in A's numbers) 0 2 1 for run B: of the
  // three pairs only (2, 1) kept its order, τ = (1 − 2) / 3.
  expect(await compare.figures('A · 2 · bm25', 'B · 2 · bm25')).toMatchObject({
    tau: '-0.333 over 3',
    overlap: '3 / 3',
  });
  // Run A's input order and run B's input order differ too, as the documents were reordered.
  expect((await compare.figures('A · 1 · input order', 'B · 1 · input order')).tau).toBe(
    '-0.333 over 3',
  );
  await compare.reference.selectOption({ label: 'A · 2 · bm25' });
  await expect
    .poll(async () => (await compare.rows()).map((row) => [row[0], row[2], row[4]]))
    .toEqual([
      ['A#2 B#0 Zebra stripes may keep biting flies away.', '1', '2 ↓1'],
      ['A#1 B#2 A zebra grazes on the savanna.', '2', '3 ↓1'],
      ['A#0 B#1 Tea is grown on steep hillsides.', '3', '1 ↑2'],
    ]);
});
