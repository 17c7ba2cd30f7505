// SGLang and llama.cpp's server as the simulator speaks them: shapes, errors, Qwen3 templates.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startProviderSimulator, type ProviderSimulator } from './index';
import { DOCS, QUERY, logitOf, post, probOf } from './client';

let sim: ProviderSimulator;
let instructable: ProviderSimulator;
beforeAll(async () => {
  sim = await startProviderSimulator();
  instructable = await startProviderSimulator({ engines: { llamaCppRerankInstruct: true } });
});
afterAll(async () => {
  await sim.close();
  await instructable.close();
});
beforeEach(() => sim.reset());

describe('SGLang /v1/rerank', () => {
  it('answers a sorted top-level array, documents unless return_documents is false', async () => {
    const r = await post(`${sim.baseUrl('sglang')}/v1/rerank`, {
      model: 'BAAI/bge-reranker-v2-m3',
      query: QUERY,
      documents: DOCS,
      top_n: 2,
    });
    expect(r.json).toEqual([
      { score: probOf(1), document: DOCS[1], index: 1, meta_info: null },
      { score: probOf(0), document: DOCS[0], index: 0, meta_info: null },
    ]);
    const bare = await post(`${sim.baseUrl('sglang')}/v1/rerank`, {
      query: QUERY,
      documents: DOCS,
      return_documents: false,
      instruct: 'prefer Germany',
    });
    // The default model is Qwen3-Reranker, templated by the server with `instruct`: the
    // instruction's words found in Berlin's document raise its score by their share (1 of 2).
    const berlin = (bare.json as { index: number; score: number }[]).find((x) => x.index === 0)!;
    expect(berlin.score).toBeCloseTo(1 / (1 + Math.exp(-(logitOf(0) + 0.5))), 12);
    expect(bare.json as object[]).not.toContainEqual(
      expect.objectContaining({ document: DOCS[0] }),
    );
  });

  it('refuses empty queries and documents with its ErrorResponse', async () => {
    const r = await post(`${sim.baseUrl('sglang')}/v1/rerank`, { query: ' ', documents: ['a'] });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({
      object: 'error',
      message: 'Query cannot be empty or whitespace only',
    });
    const none = await post(`${sim.baseUrl('sglang')}/v1/rerank`, { query: 'q', documents: [] });
    expect(none.json).toMatchObject({ message: 'Documents cannot be empty' });
  });
});

describe("llama.cpp's server", () => {
  it('answers Jina-shaped on every alias, logits for a cross-encoder, cut to top_n', async () => {
    for (const path of ['/rerank', '/v1/rerank', '/reranking', '/v1/reranking']) {
      const r = await post(`${sim.baseUrl('llama-cpp')}${path}`, {
        model: 'bge-reranker-v2-m3',
        query: QUERY,
        documents: DOCS,
        top_n: 2,
      });
      expect(r.json).toMatchObject({
        model: 'bge-reranker-v2-m3',
        object: 'list',
        results: [
          { index: 1, relevance_score: logitOf(1) },
          { index: 0, relevance_score: logitOf(0) },
        ],
      });
    }
  });

  it('ignores instruction unless built with PR #20009 and a rerank_instruct GGUF', async () => {
    const body = { query: QUERY, documents: DOCS, instruction: 'prefer Germany' };
    const berlin = (json: unknown) =>
      (json as { results: { index: number; relevance_score: number }[] }).results.find(
        (r) => r.index === 0,
      )!.relevance_score;
    const plain = await post(`${sim.baseUrl('llama-cpp')}/v1/rerank`, body);
    expect(berlin(plain.json)).toBe(probOf(0));
    const read = await post(`${instructable.baseUrl('llama-cpp')}/v1/rerank`, body);
    expect(berlin(read.json)).toBeCloseTo(1 / (1 + Math.exp(-(logitOf(0) + 0.5))), 12);
  });

  it('says which field is missing', async () => {
    const r = await post(`${sim.baseUrl('llama-cpp')}/v1/rerank`, { documents: ['a'] });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      error: { code: 400, message: '"query" must be provided', type: 'invalid_request_error' },
    });
  });
});
