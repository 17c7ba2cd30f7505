import { expect, test } from './fixtures';

const TOP = 3;

test('top N cuts every column and marks documents new to the top', async ({ app }) => {
  await app.topN.fill(String(TOP));
  await app.run();

  const [byInput, bm25] = [app.column(1), app.column(2)];
  await byInput.expectRanking([0, 1, 2]);
  await bm25.expectRanking([2, 6, 4]);
  for (const column of [byInput, bm25]) {
    await expect(column.items).toHaveCount(TOP);
    await expect(column.status).toHaveText(/^3 results · [\d.]+ ms$/);
  }

  // Nothing is new in the input-order column; in BM25 exactly the documents from below the
  // cut (input index 3 or more) carry the marker.
  await expect(byInput.newMarkers).toHaveCount(0);
  const ranked = await bm25.rankedIndices();
  const fromBelowTheCut = ranked.filter((index) => index >= TOP);
  expect(fromBelowTheCut.length).toBeGreaterThan(0);
  await expect(bm25.newMarkers).toHaveCount(fromBelowTheCut.length);
  for (const [rank, index] of ranked.entries()) {
    const marker = bm25.items.nth(rank).getByLabel('new in the top results', { exact: true });
    await expect(marker).toHaveCount(index >= TOP ? 1 : 0);
  }
  await expect(bm25.newMarkers.first()).toHaveText('new');
});
