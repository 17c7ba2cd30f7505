import { expect, test } from './fixtures';
import { inputOrder, SAMPLE_DOCUMENTS, SAMPLE_QUERY } from './sample';

const QUERY = 'solar panel efficiency';
const SOLAR = 'Solar panel efficiency rises when the solar panel stays cool.';

test('edits query and documents, runs, and the two columns rank differently', async ({ app }) => {
  await app.query.fill(QUERY);
  await app.pasteDocuments(
    [
      'Wind turbines turn moving air into electricity.',
      'Batteries store solar energy for use after sunset.',
      'Coal plants burn fuel to boil water.',
      'This document is deleted before the run.',
      'Hydroelectric dams hold water behind a wall.',
    ],
    'replace',
  );
  await app.expectDocuments([
    'Wind turbines turn moving air into electricity.',
    'Batteries store solar energy for use after sunset.',
    'Coal plants burn fuel to boil water.',
    'This document is deleted before the run.',
    'Hydroelectric dams hold water behind a wall.',
  ]);

  // Edit: document 2 becomes the only one matching every query term.
  await app.document(2).fill(SOLAR);
  // Delete document 3; the documents after it move up one index.
  await app.deleteButton(3).click();
  // Reorder: the hydro document (now 3) goes up above the solar one.
  await expect(app.moveDownButton(3)).toBeDisabled();
  await app.moveUpButton(3).click();
  const documents = [
    'Wind turbines turn moving air into electricity.',
    'Batteries store solar energy for use after sunset.',
    'Hydroelectric dams hold water behind a wall.',
    SOLAR,
  ];
  await app.expectDocuments(documents);
  await expect(app.moveUpButton(0)).toBeDisabled();

  await app.run();

  const [byInput, bm25] = [app.column(1), app.column(2)];
  await byInput.expectRanking(inputOrder(documents.length));
  // The solar document matches all three terms, the battery one only "solar", the rest none
  // (ties keep input order).
  await bm25.expectRanking([3, 1, 0, 2]);
  expect(await bm25.rankedIndices()).not.toEqual(await byInput.rankedIndices());
  await expect(bm25.items.first()).toContainText(SOLAR);
  await expect(bm25.status).toHaveText(/^4 results · [\d.]+ ms$/);
  await expect(byInput.status).toHaveText(/^4 results · [\d.]+ ms$/);
  await expect(app.runStatus).toHaveText(/^Ranked 4 documents in [\d.]+ ms$/);
  await expect(app.page.getByText('This document is deleted before the run.')).toHaveCount(0);
  await expect(app.requestError).toBeHidden();
});

test('Ctrl/Cmd+Enter runs every column', async ({ app }) => {
  await app.runWithKeyboard();

  await app.column(1).expectRanking(inputOrder(SAMPLE_DOCUMENTS.length));
  await app.column(2).expectRanking([2, 6, 4, 0, 1, 3, 5, 7]);
  await expect(app.runStatus).toHaveText(/^Ranked 8 documents in [\d.]+ ms$/);
  // The shortcut ran the request instead of typing a newline into the query.
  await expect(app.query).toHaveValue(SAMPLE_QUERY);
});
