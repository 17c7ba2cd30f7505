import { expect, test } from './fixtures';
import { ZEBRA_DOCUMENTS as DOCUMENTS } from './sample';

test("compares a run's columns: agreement, rank movement, Δrank, and one highlight everywhere", async ({
  app,
  page,
}) => {
  await app.pasteDocuments(DOCUMENTS, 'replace');
  await app.query.fill('zebra stripes');
  await app.run();
  await app.column(2).expectRanking([2, 1, 0]);

  const compare = app.compare;
  await compare.open();
  // BM25 reverses the input order: τ = −1; RBO_ext at p = 0.9 with X1 = 0, X2 = 1, X3 = 3 is
  // 0.729 + (0.1 / 0.9)(0.405 + 0.729) = 0.855; all three documents are in both top 10s.
  expect(await compare.figures('1 · input order', '2 · bm25')).toEqual({
    tau: '-1.000 over 3',
    rbo: expect.stringMatching(/^0\.855 \(≥ /) as unknown as string,
    overlap: '3 / 3',
  });
  await expect(compare.chartLines).toHaveCount(3);
  await expect
    .poll(() => compare.rows())
    .toEqual([
      ['#0 Tea is grown on steep hillsides.', '1', '3 ↓2'],
      ['#1 A zebra grazes on the savanna.', '2', '2 ='],
      ['#2 Zebra stripes may keep biting flies away.', '3', '1 ↑2'],
    ]);

  // Against BM25 instead, ordered by the largest move (ties by the reference's rank).
  await compare.reference.selectOption({ label: '2 · bm25' });
  await compare.order.selectOption('largest-move');
  await expect
    .poll(async () => (await compare.rows()).map((row) => row.slice(1)))
    .toEqual([
      ['3 ↓2', '1'],
      ['1 ↑2', '3'],
      ['2 =', '2'],
    ]);

  // p = 0.5: 0.125 + 1 · (0.5 · 0.25 + 0.125) = 0.375. A p out of range is refused.
  await compare.rbo.fill('0.5');
  await expect(
    compare.pair('1 · input order', '2 · bm25').getByRole('cell', { name: 'RBO' }),
  ).toHaveText(/^0\.375 /);
  await compare.rbo.fill('2');
  await expect(compare.dialog.getByRole('alert')).toHaveText(
    'RBO p must be from 0.01 to 0.99; the comparison uses 0.5',
  );

  // Pointing at a document in the table lights its line in the chart.
  await compare.row('#2').hover();
  await expect(compare.row('#2')).toHaveClass(/highlighted/);
  await expect(compare.chart.locator('g.bump-line.hovered')).toHaveAttribute('data-document', '#2');
  await compare.closeButton.click();
  await expect(compare.dialog).toBeHidden();

  // In the columns, pointing at a document highlights it in every column.
  await app.column(1).items.nth(2).locator('.result-item').hover();
  await expect(
    app.column(2).items.first().locator('.result-item'),
    'document 2 is first in BM25',
  ).toHaveClass(/highlighted/);
  await expect(app.column(2).items.nth(1).locator('.result-item')).not.toHaveClass(/highlighted/);
  await page.mouse.move(0, 0);
  await expect(app.column(2).items.first().locator('.result-item')).not.toHaveClass(/highlighted/);
});

test('5,000 documents in four columns: only the rows in view are drawn, all can be reached', async ({
  app,
  page,
}) => {
  test.setTimeout(60_000);
  const words = ['river', 'stone', 'forest', 'cloud', 'harbor', 'meadow', 'lantern', 'copper'];
  const documents = Array.from(
    { length: 5000 },
    (_, i) => `passage ${i} about ${words[i % 8]} and ${words[(i * 7 + 3) % 8]} number ${i % 97}`,
  );
  // Loaded from a file: Playwright's fill() of a 200 kB textarea alone takes a minute.
  await app.clearDocumentsButton.click();
  await app.loadFile('passages.txt', documents.join('\n'), 'text/plain');
  await expect(app.fileStatus).toHaveText('Added 5000 documents from passages.txt');
  expect(await app.documentBoxes.count()).toBeLessThan(100);

  await app.query.fill('river lantern');
  for (const [position, k1] of [
    [3, 2],
    [4, 0.5],
  ] as const) {
    await app.addColumnButton.click();
    const column = app.column(position);
    await column.pipeline.selectOption({ label: 'BM25' });
    await column.setBm25Params({ k1 });
  }
  await app.run();
  for (const position of [1, 2, 3, 4]) {
    const column = app.column(position);
    await expect(column.status).toHaveText(/^5000 results/);
    await expect(column.items.first()).toHaveAttribute('aria-setsize', '5000');
    expect(await column.items.count()).toBeLessThan(100);
  }

  // Scrolled to its end, a column shows its last rank.
  const bm25 = app.column(2);
  await bm25.items.first().hover();
  await page.mouse.wheel(0, 1_000_000);
  await expect(bm25.ranking.getByRole('listitem', { name: /^Rank 5000: / })).toBeVisible();

  await app.compare.open();
  await expect(app.compare.table).toHaveAttribute('aria-rowcount', '5001');
  expect(await app.compare.tableRows.count()).toBeLessThan(100);
  await expect(app.compare.pair('2 · bm25', '3 · bm25')).toBeVisible();
  // Four rankings, six pairs.
  await expect(app.compare.agreement.getByRole('row')).toHaveCount(7);
});
