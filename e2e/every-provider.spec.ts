/**
 * Every rerank provider, set up through the column form and run against the loopback provider
 * simulator, produces a ranked column with its wire exchange visible. The host gets the
 * simulator's credentials as environment variables, as a headless host reads keys.
 */
import { RERANK_PROVIDERS, type RerankProvider } from '../shared/providers/catalog';
import { simulatorEnv } from '../testkit/provider-env';
import {
  simulatedLogit,
  startProviderSimulator,
  type ProviderSimulator,
} from '../testkit/provider-simulator';
import { expect, test } from './fixtures';

const QUERY = 'heart health exercise';
const DOCUMENTS = [
  'cooking pasta at home',
  'regular exercise improves heart health',
  'the heart of the city',
  'exercise for a healthy heart and good health',
];
const EXPECTED = DOCUMENTS.map((d, i) => ({ i, s: simulatedLogit(QUERY, d) }))
  .sort((a, b) => b.s - a.s)
  .map((x) => x.i);

/** What a user must fill in beyond provider and base URL for these providers. */
const MODELS: Partial<Record<RerankProvider, string>> = {
  'cohere-compatible': 'cohere/rerank-v3.5',
  heroku: 'cohere-rerank-3-5',
  azure: 'Cohere-rerank-v3.5',
};
const PARAMS: Partial<Record<RerankProvider, Record<string, unknown>>> = {
  vertex: { project: 'sim-project' },
};

let simulator: ProviderSimulator;
test.beforeAll(async () => {
  simulator = await startProviderSimulator();
});
test.afterAll(async () => {
  await simulator.close();
});
test.use({ hostEnv: simulatorEnv() });

test('every provider ranks from the simulator and shows its wire exchange', async ({ app }) => {
  test.setTimeout(120_000);
  await app.query.fill(QUERY);
  await app.pasteDocuments(DOCUMENTS, 'replace');
  const column = app.column(2);
  for (const provider of RERANK_PROVIDERS) {
    await test.step(provider, async () => {
      await column.configureProvider({
        provider,
        model: MODELS[provider],
        baseUrl: simulator.baseUrl(provider),
        params: PARAMS[provider],
      });
      await app.run();
      await expect(column.status).toContainText('results');
      await column.expectRanking(EXPECTED);
      await column.openWire(1);
      await expect(column.exchangeToggle(1)).toContainText(`/${provider}/`);
      await expect(column.exchangeToggle(1)).toContainText('200');
    });
  }
  // The keys the host read never reached the page.
  const html = await app.page.content();
  for (const value of Object.values(simulatorEnv())) {
    if (value.startsWith('sim-')) expect(html).not.toContain(value);
  }
});
