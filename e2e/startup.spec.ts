import { expect, test } from './fixtures';
import { SAMPLE_DOCUMENTS, SAMPLE_QUERY } from './sample';

test('opens with the sample query, the sample documents and two columns', async ({ app }) => {
  await expect(app.query).toHaveValue(SAMPLE_QUERY);
  await expect(app.instruction).toHaveValue('');
  await expect(app.topN).toHaveValue('');
  await app.expectDocuments(SAMPLE_DOCUMENTS);
  await expect(app.runStatus).toHaveText('Ready');
  await expect(app.requestError).toBeHidden();

  await expect(app.columnRegions).toHaveCount(2);
  const [inputOrder, bm25] = [app.column(1), app.column(2)];
  await expect(inputOrder.region).toHaveAccessibleName('Column 1: input order');
  await expect(inputOrder.pipeline).toHaveValue('input-order');
  await expect(inputOrder.k1).toBeHidden();
  await expect(bm25.region).toHaveAccessibleName('Column 2: bm25');
  await expect(bm25.pipeline).toHaveValue('bm25');
  await expect(bm25.k1).toHaveValue('1.2');
  await expect(bm25.b).toHaveValue('0.75');
  for (const column of [inputOrder, bm25]) {
    await expect(column.region).toContainText('Press Run (Ctrl/Cmd+Enter) to rank the documents.');
    await expect(column.ranking).toBeHidden();
  }
  await expect(app.cancelButton).toBeDisabled();
  await expect(app.addColumnButton).toBeEnabled();
});
