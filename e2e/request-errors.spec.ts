import { expect, test } from './fixtures';
import { inputOrder, SAMPLE_DOCUMENTS } from './sample';

const BM25_SAMPLE_RANKING = [2, 6, 4, 0, 1, 3, 5, 7];

test('an empty query is refused and the previous results stay', async ({ app }) => {
  await app.run();
  await app.column(1).expectRanking(inputOrder(SAMPLE_DOCUMENTS.length));
  await app.column(2).expectRanking(BM25_SAMPLE_RANKING);

  await app.query.fill('');
  await app.run();

  await app.expectRequestError('query is required for rerank');
  for (const column of [app.column(1), app.column(2)]) {
    await expect(column.ranking).toBeVisible();
    await expect(column.items).toHaveCount(SAMPLE_DOCUMENTS.length);
  }
  await app.column(1).expectRanking(inputOrder(SAMPLE_DOCUMENTS.length));
  await app.column(2).expectRanking(BM25_SAMPLE_RANKING);

  // Dismissing the error keeps the results too.
  await app.dismissErrorButton.click();
  await expect(app.requestError).toBeHidden();
  await expect(app.column(2).ranking).toBeVisible();
});

test('a blank document is refused with its index', async ({ app }) => {
  // A new, empty document at the end: index 8.
  await app.addDocumentButton.click();
  await expect(app.document(8)).toBeFocused();
  await expect(app.document(8)).toHaveValue('');
  await app.run();
  await app.expectRequestError('document text is required for rerank at index 8');

  // Whitespace only counts as blank, anywhere in the list.
  await app.document(8).fill('A ninth document about rowing.');
  await app.document(3).fill('   ');
  await app.run();
  await app.expectRequestError('document text is required for rerank at index 3');
  await expect(app.column(1).ranking).toBeHidden();
});

test('top N must be at least 1', async ({ app }) => {
  await app.topN.fill('0');
  await app.run();
  await app.expectRequestError('top_n must be at least 1');
  await expect(app.column(1).ranking).toBeHidden();
  await expect(app.column(2).ranking).toBeHidden();
});
