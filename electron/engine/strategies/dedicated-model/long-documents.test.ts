/**
 * `longDocuments` on rerank APIs, end to end through the contract, the engine, the adapters and
 * the real HTTP transport, against the loopback provider simulator (which scores by query-term
 * overlap, so a window holding the relevant sentence scores as that sentence would).
 */
import { describe, expect, it } from 'vitest';
import type { PipelineConfig } from '../../../../shared/pipeline/config';
import { RERANK_PROVIDERS } from '../../../../shared/providers/catalog';
import { buriedDocument, fillerText } from '../../../../testkit/fixtures/long-documents';
import {
  providerConfig,
  QUERY,
  sim,
  useSimulatorHarness,
} from '../../../../testkit/harness/dedicated-model';
import { runThroughContract } from '../../../../testkit/contract-run';
import { services } from '../../../../testkit/harness/dedicated-model';

useSimulatorHarness();

const RELEVANT = 'regular exercise improves heart health';
const DOCUMENTS = [
  'the heart of the city',
  buriedDocument(RELEVANT, 400),
  'exercise for a healthy heart',
  'stock market news',
];

const chunk = { mode: 'chunk', window: 64, overlap: 16 } as const;
const truncate = { mode: 'truncate', window: 64 } as const;

async function rank(config: PipelineConfig, documents = DOCUMENTS) {
  const run = await runThroughContract(services, { query: QUERY, documents, configs: [config] });
  const column = run.columns[0]!;
  expect(column.error).toBeUndefined();
  return column;
}

describe('long documents on rerank APIs', () => {
  it('the filler shares no word with the query', () => {
    const filler = new Set(fillerText(400).split(' '));
    for (const word of QUERY.split(' ')) expect(filler.has(word)).toBe(false);
  });

  it.each(RERANK_PROVIDERS)(
    '%s: chunk ranks the buried passage first, truncate does not',
    async (provider) => {
      const truncated = await rank(providerConfig(provider, { longDocuments: truncate }));
      // Its first window shares no word with the query: it ties with "stock market news".
      expect(truncated.results.map((r) => r.index).slice(0, 2)).toEqual([2, 0]);
      expect(truncated.warnings.join('\n')).toMatch(/1 document was cut to their first 64/);

      const chunked = await rank(providerConfig(provider, { longDocuments: chunk }));
      const top = chunked.results[0]!;
      expect(top.index).toBe(1);
      expect(top.passage!.windows).toBeGreaterThan(1);
      // The window that won holds the relevant sentence, and is the last one.
      expect(DOCUMENTS[1]!.slice(top.passage!.start, top.passage!.end)).toContain(RELEVANT);
      expect(top.passage!.window).toBe(top.passage!.windows - 1);
      // Short documents are one window each: the whole text.
      const short = chunked.results.find((r) => r.index === 0)!;
      expect(short.passage).toEqual({ start: 0, end: DOCUMENTS[0]!.length, window: 0, windows: 1 });
    },
  );

  it('sends each window as a document, batched with the other documents and split at the cap', async () => {
    const cap = 10;
    const column = await rank(
      providerConfig('cohere', { longDocuments: chunk, params: { batchSize: cap } }),
    );
    const windows = column.results.reduce((n, r) => n + r.passage!.windows, 0);
    const sent = sim.requests.map((r) => (r.body as { documents: string[] }).documents);
    expect(sent.flat()).toHaveLength(windows);
    for (const documents of sent) expect(documents.length).toBeLessThanOrEqual(cap);
    expect(sent.length).toBe(Math.ceil(windows / cap));
    // The last request holds the buried document's last window and the short documents.
    expect(sent.at(-1)).toContain('stock market news');
    expect(sent.at(-1)!.some((d) => d.includes(RELEVANT))).toBe(true);
    expect(column.calls).toBe(sent.length);
    // Every window is at most 64 estimated tokens (4 characters each) long.
    for (const document of sent.flat())
      expect(Math.ceil(document.length / 4)).toBeLessThanOrEqual(64 + 16);
  });

  it('mean-top-2 and first aggregate the windows as asked', async () => {
    const first = await rank(
      providerConfig('cohere', { longDocuments: { ...chunk, aggregate: 'first' } }),
    );
    const buriedFirst = first.results.findIndex((r) => r.index === 1);
    expect(buriedFirst).toBeGreaterThanOrEqual(2);
    expect(first.results[buriedFirst]!.passage!.window).toBe(0);
    const mean = await rank(
      providerConfig('cohere', { longDocuments: { ...chunk, aggregate: 'mean-top-2' } }),
    );
    const buried = mean.results.find((r) => r.index === 1)!;
    const max = (await rank(providerConfig('cohere', { longDocuments: chunk }))).results.find(
      (r) => r.index === 1,
    )!;
    expect(buried.score).toBeLessThanOrEqual(max.score);
  });

  it('refuses longDocuments on strategies that do not score documents one by one', async () => {
    const result = await runThroughContract(services, {
      query: QUERY,
      documents: DOCUMENTS,
      configs: [{ version: 1, name: 'bm25', strategy: 'heuristic', longDocuments: chunk }],
    }).then(
      () => 'ran',
      (error: Error) => error.message,
    );
    expect(result).toMatch(
      /longDocuments applies to dedicated-model and llm-judge columns, not heuristic/,
    );
  });
});
