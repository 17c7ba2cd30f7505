/**
 * Evaluation on labelled data, end to end: a small set made in code is imported through the
 * file picker; BM25, a rerank provider (Cohere, served by the loopback simulator) and a fusion
 * are evaluated side by side with the input order; the table shows the figures worked out by
 * hand for the baseline and p-values for the others; a report is exported; the evaluation is
 * reopened from the saved list; a column chosen as the baseline, with the matrix of every pair
 * and the wins and losses of any pair; and a cancelled evaluation keeps the query that finished.
 */
import {
  BASELINE_FIGURES,
  labelledJsonl,
  labelledQrels,
} from '../shared/evaluation/labelled-sample';
import { simulatorEnv } from '../testkit/provider-env';
import { startProviderSimulator, type ProviderSimulator } from '../testkit/provider-simulator';
import { expect, test } from './fixtures';
import { EvaluationPanel } from './pages/evaluation-panel';

let simulator: ProviderSimulator;
test.beforeAll(async () => {
  simulator = await startProviderSimulator();
});
test.afterAll(async () => {
  await simulator.close();
});
test.beforeEach(() => simulator.reset());
test.use({ hostEnv: simulatorEnv() });

const SET = { 'set.jsonl': labelledJsonl(), 'qrels.txt': labelledQrels() };
const figure = (metric: keyof typeof BASELINE_FIGURES) => BASELINE_FIGURES[metric].toFixed(4);

test('BM25, a provider and a fusion against the baseline: table, p-values, export, reopen', async ({
  app,
  page,
}) => {
  await app.addColumnButton.click();
  await app
    .column(3)
    .configureProvider({ provider: 'cohere', baseUrl: simulator.baseUrl('cohere') });
  await app.addColumnButton.click();
  await app.column(4).choosePipeline('Fusion');

  const panel = new EvaluationPanel(page);
  await panel.open();
  await panel.importFiles(SET);
  await expect(panel.importedSet).toContainText('4 queries (1 without judgments, skipped)');
  await expect(panel.importedSet).toContainText('(1 of them outside the candidates)');
  // The input order is the baseline already: not offered as a column to compare, by default.
  await expect(panel.columnChoice('input order')).not.toBeChecked();
  await expect(panel.columnChoice('bm25')).toBeChecked();
  await panel.threshold.fill('2');

  // The estimate comes first: Cohere bills one search per query of up to 100 documents.
  await panel.startButton.click();
  await expect(panel.estimate).toContainText(
    '3 queries, 9 documents per column. Estimated cost at list prices: $0.0060.',
  );
  await expect(panel.estimate).toContainText(
    'Cohere: 3 estimated search units × $2.00/1,000 (list price read 2026-12-06); 3 calls',
  );
  await expect(panel.estimate).toContainText('bm25: free: runs here');
  // The fusion's Cohere member is the Cohere column: the engine calls it once for both.
  await expect(panel.estimate).toContainText('no calls of its own');
  expect(simulator.requests).toHaveLength(0);
  await panel.runButton.click();

  await expect(panel.summary).toContainText('3 of 3 queries · relevant = grade ≥ 2');
  const headers = await panel.headers();
  expect(headers.slice(0, 3)).toEqual(['metric', 'baseline', 'bm25']);
  expect(headers).toHaveLength(5);
  expect(headers[3]).toMatch(/^Cohere/);
  await expect(panel.cell('ndcg@10', 'baseline')).toHaveText(figure('ndcg@10'));
  await expect(panel.cell('mrr@10', 'baseline')).toContainText(figure('mrr@10'));
  await expect(panel.cell('map', 'baseline')).toContainText(figure('map'));
  await expect(panel.cell('ndcg@10', 'bm25')).toHaveText(
    /^0\.\d{4}( ★)? p \d\.\d{3} \/ (\d\.\d{3}|–|<0\.001)$/,
  );
  await expect(panel.table.getByLabel('best')).toHaveCount(4);
  await expect(panel.winsAndLosses).toHaveText(
    /^bm25 against the baseline: \d wins, \d losses, \d ties$/,
  );
  // Cohere was really called: once per query (the fusion's Cohere member shares its call).
  expect(simulator.requests.filter((r) => r.path.includes('/cohere/'))).toHaveLength(3);

  const markdown = await panel.exportReport('Markdown');
  expect(markdown.name).toMatch(/^evaluation-set\.jsonl-\d{4}-\d\d-\d\d\.md$/);
  expect(markdown.text).toContain('# Evaluation of set.jsonl');
  expect(markdown.text).toContain(`| ndcg@10 | ${figure('ndcg@10')}`);
  const csv = await panel.exportReport('CSV');
  expect(csv.text.split('\n')[0]).toBe('query_id,query,column,ndcg@10,mrr@10,recall@100,map');

  // Saved: close, reopen the panel, open it from the list.
  await panel.close();
  await page.reload();
  await app.waitUntilReady();
  await panel.open();
  await expect(panel.table).toBeHidden();
  await expect(panel.saved).toHaveCount(1);
  await expect(panel.saved.first()).toContainText('completed · 3 of 3 queries');
  await panel.saved.first().getByRole('button', { name: 'Open' }).click();
  await expect(panel.cell('ndcg@10', 'baseline')).toHaveText(figure('ndcg@10'));
});

test('any column as the baseline: the pairwise matrix and any pair’s wins and losses', async ({
  app,
  page,
}) => {
  await app.addColumnButton.click();
  await app.column(3).choosePipeline('Fusion');
  const panel = new EvaluationPanel(page);
  await panel.open();
  await panel.importFiles(SET);
  await panel.threshold.fill('2');
  await expect(panel.baseline).toHaveValue('baseline');
  await panel.baseline.selectOption({ label: 'bm25' });
  await panel.startButton.click();
  await panel.runButton.click();
  await expect(panel.summary).toContainText('3 of 3 queries');

  // bm25 is the baseline: marked, and without p-values of its own; the input order has some.
  const headers = await panel.headers();
  expect(headers.slice(0, 3)).toEqual(['metric', 'input order', 'bm25 (baseline)']);
  const fusion = headers[3]!;
  await expect(panel.cell('ndcg@10', 'input order')).toHaveText(
    new RegExp(`^${figure('ndcg@10')}( ★)? p \\d\\.\\d{3} / (\\d\\.\\d{3}|–|<0\\.001)$`),
  );
  await expect(panel.cell('ndcg@10', 'bm25')).toHaveText(/^0\.\d{4}( ★)?$/);
  await expect(panel.dialog).toContainText('against bm25, the baseline, unadjusted');

  // The matrix: all three queries are paired, so a cell's mean difference is the difference
  // of the two means in the table above.
  await expect(panel.pairwiseNote).toContainText('Holm–Bonferroni adjusted over the 3 pairs');
  const mean = async (metric: string, column: string) =>
    Number((await panel.cell(metric, column).locator('.metric-value').innerText()).trim());
  for (const metric of ['ndcg@10', 'map']) {
    await panel.comparisonMetric.selectOption(metric);
    const delta = (await mean(metric, 'input order')) - (await mean(metric, 'bm25'));
    // Both means are rounded to 4 places: their difference is within 1e-4 of the exact one.
    const shown = Number(
      /^([+-]\d\.\d{4}) p /.exec(await panel.pairCell('input order', 'bm25').innerText())![1],
    );
    expect(Math.abs(shown - delta)).toBeLessThanOrEqual(1.5e-4);
    await expect(panel.pairCell('bm25', 'bm25')).toHaveText('–');
  }
  await expect(panel.pairCell(fusion, 'input order')).toHaveText(
    /^[+-]\d\.\d{4} p (\d\.\d{3}|<0\.001) \/ (\d\.\d{3}|–|<0\.001)$/,
  );

  // By default the wins and losses are the first other column against the baseline.
  await expect(panel.winsAndLosses).toHaveText(
    new RegExp(`^${fusion} against bm25: \\d wins, \\d losses, \\d ties$`),
  );
  // A cell opens its pair; the counts are the ones its test reports.
  const cell = panel.pairCell('input order', 'bm25').getByRole('button');
  const title = (await cell.getAttribute('title'))!;
  const [, wins, losses, ties] = /wins (\d), loses (\d), ties (\d) of 3 queries/.exec(title)!;
  await cell.click();
  await expect(panel.winsAndLosses).toHaveText(
    `input order against bm25: ${wins} wins, ${losses} losses, ${ties} ties`,
  );
  await expect(panel.perQueryRows).toHaveCount(3);
  await expect(panel.margins).toContainText('input order wins');
  await panel.swapButton.click();
  await expect(panel.winsAndLosses).toHaveText(
    `bm25 against input order: ${losses} wins, ${wins} losses, ${ties} ties`,
  );

  // Reopened from the saved list (which names the baseline): the same baseline and matrix.
  await expect(panel.saved.first()).toContainText(
    new RegExp(`ndcg@10: input order ${figure('ndcg@10')} · bm25 \\(baseline\\) 0\\.\\d{4} · `),
  );
  await panel.saved.first().getByRole('button', { name: 'Open' }).click();
  expect((await panel.headers()).slice(0, 3)).toEqual(['metric', 'input order', 'bm25 (baseline)']);
  await expect(panel.pairwise).toBeVisible();
});

test('cancel keeps the queries that finished, marked as cancelled', async ({ app, page }) => {
  // Cohere answers the first request and leaves the others hanging until they are cancelled.
  simulator.script('cohere', [{ delayMs: 0 }, { hang: true }, { hang: true }, { hang: true }]);
  await app
    .column(2)
    .configureProvider({ provider: 'cohere', baseUrl: simulator.baseUrl('cohere') });
  const panel = new EvaluationPanel(page);
  await panel.open();
  await panel.importFiles(SET);
  await panel.startButton.click();
  await panel.runButton.click();
  await expect(panel.status).toHaveText(/^1 of 3 queries/);
  await expect(panel.progress).toHaveAttribute('value', '1');
  await panel.cancelButton.click();

  await expect(panel.summary).toContainText('cancelled: 1 of 3 queries');
  await expect(panel.dialog).toContainText(
    'cancelled after 1 of 3 queries; the figures are over those 1',
  );
  await expect(panel.saved.first()).toContainText('cancelled · 1 of 3 queries');
});
