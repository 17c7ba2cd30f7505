/**
 * What a dedicated-model column says it cost, end to end against the loopback simulator, for
 * providers that bill by the size of a query (issue 16 part 4). Each expected bill is worked
 * out by hand in the test.
 */
import { describe, expect, it } from 'vitest';
import { runThroughContract } from '../../../../testkit/contract-run';
import {
  providerConfig,
  services,
  useSimulatorHarness,
} from '../../../../testkit/harness/dedicated-model';

useSimulatorHarness();

/** `count` short documents (well under 512 tokens each with the query). */
const documents = (count: number) =>
  Array.from({ length: count }, (_, i) => `document ${i} about exercise and heart health`);

async function bill(config: ReturnType<typeof providerConfig>, docs: string[]) {
  const run = await runThroughContract(services, {
    query: 'heart health',
    documents: docs,
    configs: [config],
  });
  const column = run.columns[0]!;
  expect(column.error).toBeUndefined();
  return column;
}

describe('Amazon Bedrock bills one query per 100 documents', () => {
  it('a 1,000-document Cohere Rerank 3.5 call is 10 queries at $2.00 per 1,000', async () => {
    const column = await bill(
      providerConfig('bedrock', { model: 'cohere.rerank-v3-5:0' }),
      documents(1000),
    );
    expect(column.calls).toBe(1);
    // ceil(1,000 / 100) = 10 queries; 10 × $2.00 / 1,000 = $0.02.
    expect(column.cost?.usd).toBeCloseTo(0.02, 12);
    expect(column.cost?.detail).toMatch(/^10 estimated queries × \$2\.00\/1,000/);
  });

  it('Amazon Rerank 1.0 has its own price: $1.00 per 1,000 queries', async () => {
    const column = await bill(
      providerConfig('bedrock', { model: 'amazon.rerank-v1:0' }),
      documents(250),
    );
    // ceil(250 / 100) = 3 queries; 3 × $1.00 / 1,000 = $0.003.
    expect(column.cost?.usd).toBeCloseTo(0.003, 12);
  });
});

describe('a price the user saves with the config', () => {
  it('prices a self-hosted server per 1,000 calls, and the column says whose price it used', async () => {
    // TEI takes 32 documents per call: 70 documents are ceil(70 / 32) = 3 calls;
    // 3 × $0.40 / 1,000 = $0.0012.
    const column = await bill(
      providerConfig('tei', { params: { pricing: { usdPerThousandCalls: 0.4 } } }),
      documents(70),
    );
    expect(column.calls).toBe(3);
    expect(column.cost?.usd).toBeCloseTo(0.0012, 12);
    expect(column.cost).toMatchObject({
      basis: 'per-call',
      detail: '3 calls × $0.40/1,000 (your price)',
      price: { origin: 'user' },
    });
  });

  it('overrides the list price in the provider unit', async () => {
    // The simulator bills ceil(250 / 100) = 3 search units; 3 × $1.00 / 1,000 = $0.003.
    const column = await bill(
      providerConfig('cohere', { params: { pricing: { usdPerThousandUnits: 1 } } }),
      documents(250),
    );
    expect(column.usage?.searchUnits).toBe(3);
    expect(column.cost?.usd).toBeCloseTo(0.003, 12);
    expect(column.cost?.price).toEqual({ origin: 'user' });
  });

  it('refuses a unit price where the provider bills no unit this app counts, naming the fix', async () => {
    const run = await runThroughContract(services, {
      query: 'heart health',
      documents: documents(3),
      configs: [providerConfig('jina', { params: { pricing: { usdPerThousandUnits: 1 } } })],
    });
    expect(run.columns[0]!.error?.message).toMatch(
      /params\.pricing\.usdPerThousandUnits: jina bills no unit .* use usdPerThousandCalls/,
    );
  });

  it('names Pinecone rerank units as Pinecone does', async () => {
    const column = await bill(
      providerConfig('pinecone', { params: { pricing: { usdPerThousandUnits: 2 } } }),
      documents(5),
    );
    // The simulator reports 1 rerank unit: 1 × $2.00 / 1,000 = $0.002.
    expect(column.usage).toEqual({ rerankUnits: 1 });
    expect(column.cost?.detail).toBe('1 billed rerank unit × $2.00/1,000 (your price)');
  });
});

describe('Cohere bills what it reports', () => {
  it('long documents count as several: the billed search units, not the document count', async () => {
    // 40 documents of 1,200 words; the query is 2 words, so a 500-token chunk holds 498 words
    // and each document is ceil(1,200 / 498) = 3 chunks: 120 chunks = 2 search units, where
    // counting documents would say ceil(40 / 100) = 1. 2 × $2.00 / 1,000 = $0.004.
    const long = Array.from({ length: 40 }, (_, i) => `doc${i} ${'heart '.repeat(1199)}`);
    const column = await bill(providerConfig('cohere'), long);
    expect(column.usage?.searchUnits).toBe(2);
    expect(column.cost?.usd).toBeCloseTo(0.004, 12);
    expect(column.cost?.detail).toMatch(/^2 billed search units × \$2\.00\/1,000/);
  });
});
