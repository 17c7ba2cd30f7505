import { expect, test } from './fixtures';

/**
 * BM25 length normalisation on purpose: document 1 says "zebra" twice but is long, document 2
 * says it once and is short, document 0 never does. With b = 0 length is ignored and two
 * mentions win; with b = 1 the long document is penalised fully and the short one wins.
 */
const FILLER =
  'the quick brown fox jumps over a lazy dog while the farmer counts his sheep in the wide ' +
  'green valley near the old stone bridge and the river runs slowly toward the distant sea';
const DOCUMENTS = [
  'Tea is grown on steep hillsides in cool and misty climates.',
  `zebra zebra ${FILLER}`,
  'A zebra grazes.',
];

test.beforeEach(async ({ app }) => {
  await app.query.fill('zebra');
  await app.pasteDocuments(DOCUMENTS, 'replace');
  await app.expectDocuments(DOCUMENTS);
});

test("BM25's b and k1 change the column's ranking and scores", async ({ app }) => {
  const bm25 = app.column(2);

  await bm25.setBm25Params({ b: 0 });
  await app.run();
  await bm25.expectRanking([1, 2, 0]);
  const withoutLength = await bm25.scores();

  await bm25.setBm25Params({ b: 1 });
  await app.run();
  await bm25.expectRanking([2, 1, 0]);
  const fullLength = await bm25.scores();
  expect(fullLength).not.toEqual(withoutLength);
  expect(fullLength[0]).toBeGreaterThan(fullLength[1]!);

  // k1 = 0 ignores how often a term occurs: both zebra documents score the same, and the tie
  // keeps input order.
  await bm25.setBm25Params({ k1: 0 });
  await app.run();
  await bm25.expectRanking([1, 2, 0]);
  const [first, second, last] = await bm25.scores();
  expect(first).toBeGreaterThan(0);
  expect(second).toBe(first);
  expect(last).toBe(0);

  // The input-order column never moves.
  await app.column(1).expectRanking([0, 1, 2]);
});

test("switching a column's pipeline changes its output", async ({ app }) => {
  const [first, second] = [app.column(1), app.column(2)];
  await app.run();
  await first.expectRanking([0, 1, 2]);
  await second.expectRanking([2, 1, 0]);

  await first.choosePipeline('BM25');
  await expect(first.region).toHaveAccessibleName('Column 1: bm25');
  await expect(first.k1).toHaveValue('1.2');
  await expect(first.b).toHaveValue('0.75');
  await second.choosePipeline('Input order');
  await expect(second.region).toHaveAccessibleName('Column 2: input order');
  await expect(second.k1).toBeHidden();
  await expect(second.b).toBeHidden();

  await app.run();
  await first.expectRanking([2, 1, 0]);
  await second.expectRanking([0, 1, 2]);
});

test('a k1 outside 0–10 is refused at the input and the app stays usable', async ({ app }) => {
  const bm25 = app.column(2);
  // The input says max 10, but nothing stops a user typing 11.
  await bm25.k1.fill('11');
  await expect(bm25.region.getByRole('alert')).toHaveText(
    'k1 must be a number from 0 to 10; the run uses 1.2',
  );
  await expect(bm25.k1).toHaveAttribute('aria-invalid', 'true');
  await app.run();
  await bm25.expectRanking([2, 1, 0]);
  await bm25.k1.fill('2');
  await expect(bm25.region.getByRole('alert')).toBeHidden();
  await expect(bm25.k1).not.toHaveAttribute('aria-invalid');
});
