import { buriedDocument } from '../testkit/fixtures/long-documents';
import { startProviderSimulator } from '../testkit/provider-simulator';
import { expect, test } from './fixtures';

const RELEVANT = 'regular exercise improves heart health';
const DOCUMENTS = [
  'the heart of the city',
  buriedDocument(RELEVANT, 300),
  'exercise for a healthy heart',
];

test('a long document scored window by window shows the passage that won', async ({
  app,
  page,
}) => {
  const simulator = await startProviderSimulator();
  try {
    const column = app.column(2);
    await column.configureProvider({
      provider: 'cohere-compatible',
      model: 'rerank-english-v3.0',
      baseUrl: simulator.baseUrl('cohere-compatible'),
    });
    await app.query.fill('heart health exercise');
    await app.pasteDocuments(DOCUMENTS, 'replace');

    const mode = page.getByRole('combobox', { name: 'Long documents for Column 2' });
    await mode.selectOption('chunk');
    const window = page.getByRole('spinbutton', { name: 'Window for Column 2' });
    await window.fill('64');
    expect(await column.readConfig()).toMatchObject({
      longDocuments: { mode: 'chunk', window: 64 },
    });

    await app.run();
    await expect(column.items).toHaveCount(3);
    await column.expectRanking([1, 2, 0]);
    const top = column.items.first();
    await expect(top.getByLabel(/^winning passage/)).toContainText(RELEVANT);
    await expect(top).toContainText(/window \d+\/\d+/);

    // First window only: the buried passage is not read, and the document falls.
    await mode.selectOption('truncate');
    await app.run();
    await expect.poll(async () => (await column.rankedIndices())[0]).not.toBe(1);
    await expect(column.region.getByLabel(/^winning passage/)).toHaveCount(0);
  } finally {
    await simulator.close();
  }
});
