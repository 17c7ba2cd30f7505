/**
 * The billing rules, each with a bill worked out by hand. Characters become tokens at four per
 * token (rounded up), so lengths below are multiples of 4 to keep the arithmetic plain.
 */
import { describe, expect, it } from 'vitest';
import { ColumnResult } from '../contract/schemas';
import { PROVIDER_CATALOG, RERANK_PROVIDERS } from './catalog';
import { billColumn, documentUnits, sentTokens, userPriceApplies, type SentCall } from './pricing';
import { listPrice, PRICE_TABLE, PRICES_READ_ON } from './price-table';
import { UserPrice } from './user-price';

/** A call of `documents` documents of `docChars` characters with a 40-character (10-token) query. */
const call = (documents: number, docChars = 400): SentCall => ({
  queryChars: 40,
  documentChars: Array.from({ length: documents }, () => docChars),
});

describe('unit rules when the provider does not report usage', () => {
  it('Bedrock: one query per 100 documents, each model at its own price', () => {
    // 1,000 short documents: ceil(1,000 / 100) = 10 queries.
    const cohere = billColumn({
      provider: 'bedrock',
      model: 'cohere.rerank-v3-5:0',
      calls: [call(1000)],
    });
    // 10 × $2.00 / 1,000 = $0.02.
    expect(cohere.cost?.usd).toBeCloseTo(0.02, 12);
    expect(cohere.cost?.detail).toBe(
      `10 estimated queries × $2.00/1,000 (list price read ${PRICES_READ_ON})`,
    );
    expect(cohere.cost?.price).toMatchObject({ origin: 'list', asOf: PRICES_READ_ON });
    expect(cohere.cost?.price?.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    const amazon = billColumn({
      provider: 'bedrock',
      model: 'amazon.rerank-v1:0',
      calls: [call(1000)],
    });
    // 10 × $1.00 / 1,000 = $0.01.
    expect(amazon.cost?.usd).toBeCloseTo(0.01, 12);
  });

  it('Bedrock: a document that does not fit in 512 tokens with the query counts as several', () => {
    // Query 10 tokens, so a chunk holds 512 − 10 = 502 document tokens. A 1,200-token document
    // (4,800 characters) is ceil(1,200 / 502) = 3 chunks; 60 of them are 180 chunks, plus 40
    // short documents = 220 chunks = ceil(220 / 100) = 3 queries.
    const long: SentCall = {
      queryChars: 40,
      documentChars: [...Array<number>(60).fill(4800), ...Array<number>(40).fill(400)],
    };
    const bill = billColumn({ provider: 'bedrock', model: 'amazon.rerank-v1:0', calls: [long] });
    // 3 × $1.00 / 1,000 = $0.003.
    expect(bill.cost?.usd).toBeCloseTo(0.003, 12);
    expect(bill.cost?.detail).toMatch(/^3 estimated queries/);
  });

  it('Cohere: a search unit is a query with up to 100 documents; over 500 tokens counts as more', () => {
    // Two calls: 100 short documents (1 unit) and 101 short documents (ceil(101/100) = 2 units).
    const plain = billColumn({
      provider: 'cohere',
      model: 'rerank-v3.5',
      calls: [call(100), call(101)],
    });
    // 3 units × $2.00 / 1,000 = $0.006.
    expect(plain.cost?.usd).toBeCloseTo(0.006, 12);
    expect(plain.cost?.detail).toMatch(/^3 estimated search units × \$2\.00\/1,000/);
    // 50 documents of 1,000 tokens (4,000 characters), query 10 tokens: a chunk holds 490
    // document tokens, so each document is ceil(1,000 / 490) = 3 chunks; 150 chunks = 2 units.
    const long = billColumn({ provider: 'cohere', model: 'rerank-v3.5', calls: [call(50, 4000)] });
    expect(long.cost?.usd).toBeCloseTo(0.004, 12);
    // Cut to max_tokens_per_doc = 400 first, each fits in one chunk: 50 documents = 1 unit.
    const cut = billColumn({
      provider: 'cohere',
      model: 'rerank-v3.5',
      calls: [call(50, 4000)],
      maxDocumentTokens: 400,
    });
    expect(cut.cost?.usd).toBeCloseTo(0.002, 12);
  });

  it("Cohere's reported billed search units win over the rule", () => {
    // The rule would say 1 unit; Cohere billed 4: 4 × $2.50 / 1,000 = $0.01 for Rerank 4 Pro.
    const bill = billColumn({
      provider: 'cohere',
      model: 'rerank-v4.0-pro',
      calls: [call(10)],
      usage: { searchUnits: 4 },
    });
    expect(bill.cost?.usd).toBeCloseTo(0.01, 12);
    expect(bill.cost?.detail).toMatch(/^4 billed search units × \$2\.50\/1,000/);
  });

  it('tokens: the query once per document plus every document, unless the provider counts', () => {
    // Query 10 tokens × 3 documents + 3 × 100 tokens = 330 tokens.
    expect(sentTokens([call(3)])).toBe(330);
    const estimated = billColumn({ provider: 'mixedbread', model: undefined, calls: [call(3)] });
    // 330 × $0.15 / 1,000,000 = $0.0000495.
    expect(estimated.cost?.usd).toBeCloseTo(0.0000495, 15);
    expect(estimated.cost?.detail).toMatch(/^330 estimated tokens × \$0\.15\/1M/);
    const reported = billColumn({
      provider: 'voyage',
      model: 'rerank-2.5-lite',
      calls: [call(3)],
      usage: { totalTokens: 1000 },
    });
    // 1,000 × $0.02 / 1,000,000 = $0.00002.
    expect(reported.cost?.usd).toBeCloseTo(0.00002, 15);
    expect(reported.cost?.basis).toBe('per-token');
  });

  it('DeepInfra reports its own cost; Pinecone reports rerank units but has no confirmed price', () => {
    const deepinfra = billColumn({
      provider: 'deepinfra',
      model: 'Qwen/Qwen3-Reranker-0.6B',
      calls: [call(5)],
      usage: { reportedCostUsd: 0.000042 },
    });
    expect(deepinfra.cost).toMatchObject({
      usd: 0.000042,
      basis: 'reported',
      price: { origin: 'reported' },
    });
    const pinecone = billColumn({
      provider: 'pinecone',
      model: 'bge-reranker-v2-m3',
      calls: [call(5)],
      usage: { rerankUnits: 1 },
    });
    expect(pinecone.cost).toBeUndefined();
    expect(pinecone.note).toMatch(/not confirmed/);
  });

  it('says why there is no price rather than inventing one', () => {
    for (const provider of ['jina', 'together', 'vertex', 'azure', 'nvidia'] as const) {
      const bill = billColumn({ provider, model: undefined, calls: [call(5)] });
      expect(bill.cost, provider).toBeUndefined();
      expect(bill.note, provider).toMatch(/set your own/);
    }
  });
});

describe('prices the user sets (params.pricing) override the table', () => {
  it('per 1,000 calls: a self-hosted server', () => {
    // 3 calls × $0.50 / 1,000 = $0.0015.
    const bill = billColumn({
      provider: 'tei',
      model: undefined,
      calls: [call(32), call(32), call(4)],
      userPrice: { usdPerThousandCalls: 0.5 },
    });
    expect(bill.cost).toEqual({
      usd: 0.0015,
      basis: 'per-call',
      detail: '3 calls × $0.50/1,000 (your price)',
      price: { origin: 'user' },
    });
  });

  it('per hour of a server: the time the column took', () => {
    // 9 s × $1.20 / 3,600 s = $0.003.
    const bill = billColumn({
      provider: 'vllm',
      model: undefined,
      calls: [call(10)],
      elapsedMs: 9000,
      userPrice: { usdPerHour: 1.2 },
    });
    expect(bill.cost?.usd).toBeCloseTo(0.003, 12);
    expect(bill.cost?.detail).toBe('9.0 s of server time × $1.20/hour (your price)');
    // Before a run there is no time to charge: the estimate says so instead of a figure.
    const estimate = billColumn({
      provider: 'vllm',
      model: undefined,
      calls: [call(10)],
      userPrice: { usdPerHour: 1.2 },
    });
    expect(estimate.cost).toBeUndefined();
    expect(estimate.note).toMatch(/per hour/);
  });

  it("per 1,000 of the provider's units, counted by the provider's rule", () => {
    // A negotiated Bedrock rate: 10 queries (1,000 documents) × $1.50 / 1,000 = $0.015.
    const bedrock = billColumn({
      provider: 'bedrock',
      model: 'cohere.rerank-v3-5:0',
      calls: [call(1000)],
      userPrice: { usdPerThousandUnits: 1.5 },
    });
    expect(bedrock.cost?.usd).toBeCloseTo(0.015, 12);
    expect(bedrock.cost?.price).toEqual({ origin: 'user' });
    // Pinecone's reported rerank units, at the user's price: 7 × $2.00 / 1,000 = $0.014.
    const pinecone = billColumn({
      provider: 'pinecone',
      model: 'bge-reranker-v2-m3',
      calls: [call(5)],
      usage: { rerankUnits: 7 },
      userPrice: { usdPerThousandUnits: 2 },
    });
    expect(pinecone.cost?.usd).toBeCloseTo(0.014, 12);
    expect(pinecone.cost?.detail).toBe('7 billed rerank units × $2.00/1,000 (your price)');
  });

  it('per million tokens, on any provider', () => {
    // Jina has no list price; 330 estimated tokens × $0.02 / 1,000,000 = $0.0000066.
    const bill = billColumn({
      provider: 'jina',
      model: undefined,
      calls: [call(3)],
      userPrice: { usdPerMillionTokens: 0.02 },
    });
    expect(bill.cost?.usd).toBeCloseTo(0.0000066, 15);
  });

  it('refuses units where the provider bills none this app counts, and takes exactly one price', () => {
    expect(userPriceApplies('jina', undefined, { usdPerThousandUnits: 1 })).toBe(false);
    expect(userPriceApplies('tei', undefined, { usdPerThousandUnits: 1 })).toBe(false);
    expect(userPriceApplies('cohere', 'rerank-v3.5', { usdPerThousandUnits: 1 })).toBe(true);
    expect(UserPrice.safeParse({}).success).toBe(false);
    expect(UserPrice.safeParse({ usdPerHour: 1, usdPerThousandCalls: 1 }).success).toBe(false);
    expect(UserPrice.safeParse({ usdPerHour: -1 }).success).toBe(false);
    expect(UserPrice.safeParse({ usdPerHour: 0.4 }).success).toBe(true);
  });
});

describe('saved history', () => {
  it('still loads a cost and usage saved before prices were sourced', () => {
    const old = ColumnResult.safeParse({
      columnId: 'c1',
      name: 'pinecone',
      status: 'ok',
      results: [],
      latencyMs: 1,
      warnings: [],
      // Pinecone's units were kept as search units, and costs had no price origin.
      usage: { searchUnits: 1 },
      cost: { usd: 0.002, basis: 'per-search', detail: '1 search × $2.00/1,000' },
    });
    expect(old.success).toBe(true);
  });
});

describe('the price table', () => {
  it('has an entry, with a source, for every hosted provider', () => {
    for (const provider of RERANK_PROVIDERS) {
      if (PROVIDER_CATALOG[provider].kind !== 'hosted') continue;
      const entry = listPrice(provider, undefined);
      expect(entry, provider).toBeDefined();
      expect(entry!.sources.length, provider).toBeGreaterThan(0);
      // No figure without a note or a page to check it against.
      if (entry!.usd === undefined) expect(entry!.note, provider).toBeTruthy();
    }
    for (const entry of PRICE_TABLE)
      for (const source of entry.sources) expect(source.url).toMatch(/^https:\/\//);
  });

  it("names each provider's unit as the provider does", () => {
    expect(listPrice('pinecone', 'bge-reranker-v2-m3')?.unit?.many).toBe('rerank units');
    expect(listPrice('cohere', 'rerank-v3.5')?.unit?.many).toBe('search units');
    expect(listPrice('bedrock', 'amazon.rerank-v1:0')?.unit?.many).toBe('queries');
  });

  it('counts units per call, never across calls', () => {
    // Two calls of 50 documents are two units, not one: each call is its own query.
    expect(documentUnits({ kind: 'documents', documentsPerUnit: 100 }, [call(50), call(50)])).toBe(
      2,
    );
  });
});
