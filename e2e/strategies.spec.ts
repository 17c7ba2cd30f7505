import { startChatSimulator, type ChatSimulator } from '../testkit/llm-simulator';
import { naiveBrain } from '../testkit/llm-simulator/naive-brain';
import { expect, test } from './fixtures';

const QUERY = 'zebra stripes';
const DOCUMENTS = [
  'Tea is grown on steep hillsides.',
  'A zebra grazes on the savanna.',
  'Zebra stripes may keep biting flies away.',
  'Stripes are a pattern of parallel lines.',
  'The weather was mild all week.',
];

/** RRF with k = 60 over rankings given as document indices, best first; ties by index. */
function rrf(...rankings: number[][]): number[] {
  const score = (d: number) => rankings.reduce((s, r) => s + 1 / (60 + r.indexOf(d) + 1), 0);
  return DOCUMENTS.map((_, d) => d).sort((a, b) => score(b) - score(a) || a - b);
}

test.beforeEach(async ({ app }) => {
  await app.query.fill(QUERY);
  await app.pasteDocuments(DOCUMENTS, 'replace');
  await app.expectDocuments(DOCUMENTS);
});

test('a fusion column combines the input order and BM25 and shows the fused order', async ({
  app,
  page,
}) => {
  await app.addColumnButton.click();
  const [inputOrder, bm25, fused] = [app.column(1), app.column(2), app.column(3)];
  await fused.choosePipeline('Fusion');
  const members = fused.region.getByRole('list', { name: 'Members of Column 3' });
  await expect(members.getByRole('listitem')).toHaveText([
    /input order\s+follows column 1/,
    /bm25\s+follows column 2/,
  ]);

  await app.run();
  await inputOrder.expectRanking([0, 1, 2, 3, 4]);
  const bm25Order = await bm25.rankedIndices();
  await fused.expectRanking(rrf([0, 1, 2, 3, 4], bm25Order));
  await expect(fused.details).toContainText('fused scores');

  // All weight on BM25 in a weighted sum: the fusion is BM25's own order.
  await page.getByLabel('Fusion method for Column 3').selectOption({ label: 'Weighted sum' });
  await page.getByRole('spinbutton', { name: 'weight for member 1 of Column 3' }).fill('0');
  await app.run();
  await fused.expectRanking(bm25Order);
});

test('BM25 boosts typed one per line reorder the column', async ({ app }) => {
  const bm25 = app.column(2);
  await app.run();
  await expect.poll(() => bm25.rankedIndices()).not.toEqual([4, 0, 1, 2, 3]);

  await bm25.region.getByText('Boosts (none)').click();
  const keywords = bm25.region.getByRole('textbox', { name: 'Keyword boosts for Column 2' });
  await keywords.fill('weather = 10');
  await app.run();
  await expect.poll(async () => (await bm25.rankedIndices())[0]).toBe(4);

  // A line that does not read is refused with its number; the run keeps the last valid boosts.
  await keywords.fill('weather = 10\nmild 3');
  await expect(
    bm25.region.getByText(/keyword line 2: write "term or phrase = weight"/),
  ).toBeVisible();
  await app.run();
  await expect.poll(async () => (await bm25.rankedIndices())[0]).toBe(4);
});

test.describe('an LLM judge column', () => {
  let sim: ChatSimulator;
  test.beforeAll(async () => {
    sim = await startChatSimulator({ respond: naiveBrain });
  });
  test.afterAll(async () => sim.close());

  test('ranks with a local OpenAI-compatible server and says the instruction is used', async ({
    app,
  }) => {
    const judge = app.column(2);
    await judge.choosePipeline('LLM judge');
    await judge.region.getByLabel('Base URL for Column 2').fill(sim.openaiBaseUrl);
    await judge.model.fill('sim-model');
    await app.instruction.fill('prefer biology');
    await expect(judge.region.getByLabel('Instruction use of Column 2')).toHaveText(
      "Instruction used: the instruction fills the prompt's {instruction}",
    );
    await expect(app.column(1).region.getByLabel('Instruction use of Column 1')).toHaveText(
      'Instruction ignored: heuristics ignore the instruction',
    );

    await app.run();
    // Both query terms: document 2; one of them: 1 and 3 (graded 2 of 3, input order kept).
    await judge.expectRanking([2, 1, 3, 0, 4]);
    await expect(judge.details).toContainText('grades');
    expect(sim.requests).toHaveLength(DOCUMENTS.length);

    // A/B: the copy gets its own instruction; the original keeps the box's.
    await judge.region.getByRole('button', { name: 'Duplicate Column 2' }).click();
    const copy = app.column(3);
    await copy.region.getByLabel('Instruction of Column 3').fill('prefer zoology');
    await app.run();
    await copy.expectRanking([2, 1, 3, 0, 4]);
    const prompts = sim.requests.map((r) => JSON.stringify(r.body));
    expect(prompts.filter((p) => p.includes('Instruction: prefer zoology'))).toHaveLength(5);
    // The original's second run came from the cache: same prompts, no new calls.
    expect(prompts.filter((p) => p.includes('Instruction: prefer biology'))).toHaveLength(5);
  });
});
