import { expect, test } from './fixtures';
import { inputOrder, SAMPLE_DOCUMENTS } from './sample';

/** The discard port: nothing listens there, so a request to it fails at once. */
const CLOSED_PORT_URL = 'http://127.0.0.1:9';
const BM25_SAMPLE_RANKING = [2, 6, 4, 0, 1, 3, 5, 7];

test('switching a column to Rerank API shows the provider form', async ({ app }) => {
  const column = app.column(2);
  await expect(column.provider).toBeHidden();
  await column.choosePipeline('Rerank API');

  await expect(column.region).toHaveAccessibleName('Column 2: Cohere');
  await expect(column.pipeline).toHaveValue('dedicated-model');
  await expect(column.provider).toHaveValue('cohere');
  await expect(column.k1).toBeHidden();
  await expect(column.model).toHaveAttribute('placeholder', 'rerank-v3.5');
  await expect(column.baseUrl).toHaveAttribute('placeholder', 'https://api.cohere.com');
  await expect(column.params).toHaveValue('');
  // Providers are grouped by where they run, under their catalog labels.
  const groups = {
    Hosted: 'Amazon Bedrock',
    Gateways: 'Cohere-compatible endpoint',
    'Self-hosted': 'Hugging Face TEI',
  };
  for (const [group, example] of Object.entries(groups)) {
    await expect(column.providerOptions(group).filter({ hasText: example })).toHaveCount(1);
  }
  await expect(column.provider.getByRole('option')).toHaveCount(18);

  await column.configureProvider({ provider: 'tei', baseUrl: 'http://127.0.0.1:8080' });
  await expect(column.region).toHaveAccessibleName('Column 2: Hugging Face TEI');
  await expect(column.baseUrl).toHaveValue('http://127.0.0.1:8080');
  // Another provider starts from its own defaults.
  await column.provider.selectOption('jina');
  await expect(column.region).toHaveAccessibleName('Column 2: Jina AI');
  await expect(column.baseUrl).toHaveValue('');
  await expect(column.baseUrl).toHaveAttribute('placeholder', 'https://api.jina.ai');
  expect(await column.readConfig()).toEqual({
    version: 1,
    name: 'Jina AI',
    strategy: 'dedicated-model',
    provider: 'jina',
  });
});

test('invalid Parameters JSON shows an error and leaves the config as it was', async ({ app }) => {
  const column = app.column(2);
  await column.configureProvider({ provider: 'cohere', params: { maxRetries: 0 } });

  await column.params.fill('{ "maxRetries": 1, }');
  await expect(column.paramsError).toHaveText(
    'not valid JSON: property name expected at line 1, column 20; the run uses the last valid parameters',
  );
  await expect(column.params).toHaveAttribute('aria-invalid', 'true');
  // What was typed stays in the box for fixing.
  await expect(column.params).toHaveValue('{ "maxRetries": 1, }');
  expect(await column.readConfig()).toMatchObject({ params: { maxRetries: 0 } });

  await column.params.fill('[]');
  await expect(column.paramsError).toContainText('parameters must be a JSON object (got array)');
  await column.params.fill('{ "maxRetries": 2 }');
  await expect(column.paramsError).toBeHidden();
  await expect(column.params).not.toHaveAttribute('aria-invalid');
  expect(await column.readConfig()).toMatchObject({ params: { maxRetries: 2 } });
});

test('a provider without a key fails its own column only', async ({ app }) => {
  const [byInput, cohere] = [app.column(1), app.column(2)];
  await cohere.configureProvider({
    provider: 'cohere',
    baseUrl: CLOSED_PORT_URL,
    params: { maxRetries: 0 },
  });
  await app.run();

  await expect(cohere.error).toHaveText(/^No API key for cohere/);
  await expect(cohere.ranking).toBeHidden();
  await byInput.expectRanking(inputOrder(SAMPLE_DOCUMENTS.length));
  await expect(app.requestError).toBeHidden();
});

test('a provider config with a BM25 fallback still ranks, and says so', async ({ app }) => {
  const column = app.column(2);
  await column.applyConfig({
    version: 1,
    name: 'Cohere',
    strategy: 'dedicated-model',
    provider: 'cohere',
    fallbacks: [{ version: 1, name: 'bm25', strategy: 'heuristic' }],
  });
  await expect(column.provider).toHaveValue('cohere');
  await app.run();

  await column.expectRanking(BM25_SAMPLE_RANKING);
  await expect(column.details).toContainText('via fallback: bm25');
  await expect(column.details).toContainText('BM25 scores');
  await expect(column.region).toContainText(/"Cohere" \(cohere\) failed \(No API key for cohere/);
  await expect(column.error).toBeHidden();
});
