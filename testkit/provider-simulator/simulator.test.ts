// Happy paths of the hosted APIs: one request per provider, checked against the exact response
// shape it documents.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { simulatedLogit, startProviderSimulator, type ProviderSimulator } from './index';
import {
  DOCS,
  PAIR_TOKENS,
  QUERY,
  bedrockBody,
  bearer,
  logitOf as logit,
  post,
  probOf as prob,
  signBedrock,
} from './client';

let sim: ProviderSimulator;
beforeAll(async () => {
  sim = await startProviderSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

describe('hosted provider happy paths', () => {
  it('scores pointwise and deterministically, with a tiny tie-break', () => {
    expect(logit(1)).toBeGreaterThan(logit(0));
    expect(logit(0)).toBeGreaterThan(logit(2));
    expect(simulatedLogit(QUERY, DOCS[1]!)).toBe(logit(1));
    expect(Math.abs(logit(1) - 2)).toBeLessThan(1e-6);
    expect(simulatedLogit('a b', 'a x')).not.toBe(simulatedLogit('a b', 'a y'));
  });

  it('cohere v2', async () => {
    const r = await post(
      `${sim.baseUrl('cohere')}/v2/rerank`,
      { model: 'rerank-v3.5', query: QUERY, documents: DOCS, top_n: 2 },
      bearer('sim-cohere-key'),
    );
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      id: expect.any(String) as string,
      results: [
        { index: 1, relevance_score: prob(1) },
        { index: 0, relevance_score: prob(0) },
      ],
      meta: {
        api_version: { version: '2', is_experimental: false },
        billed_units: { search_units: 1 },
      },
    });
    const recorded = sim.requests[0]!;
    expect(recorded.provider).toBe('cohere');
    expect(recorded.path).toBe('/cohere/v2/rerank');
    expect(recorded.headers.authorization).toBe('Bearer sim-cohere-key');
    expect(recorded.body).toMatchObject({ model: 'rerank-v3.5', top_n: 2 });
  });

  it('cohere v1 with object documents, rank_fields and return_documents', async () => {
    const docs = DOCS.map((text, i) => ({ title: `t${i}`, text }));
    const r = await post(
      `${sim.baseUrl('cohere')}/v1/rerank`,
      { query: QUERY, documents: docs, rank_fields: ['text'], return_documents: true, top_n: 1 },
      bearer('sim-cohere-key'),
    );
    expect(r.json).toMatchObject({
      results: [{ index: 1, relevance_score: prob(1), document: docs[1] }],
      meta: { api_version: { version: '1' }, billed_units: { search_units: 1 } },
    });
  });

  it('cohere-compatible needs no key by default', async () => {
    const r = await post(`${sim.baseUrl('cohere-compatible')}/v2/rerank`, {
      model: 'any',
      query: QUERY,
      documents: DOCS,
    });
    expect(r.status).toBe(200);
    expect((r.json as { results: { index: number }[] }).results.map((x) => x.index)).toEqual([
      1, 0, 2,
    ]);
  });

  it('heroku', async () => {
    const r = await post(
      `${sim.baseUrl('heroku')}/v1/rerank`,
      { model: 'cohere-rerank-3-5', query: QUERY, documents: DOCS, top_n: 1 },
      bearer('sim-heroku-key'),
    );
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ results: [{ index: 1, relevance_score: prob(1) }] });
  });

  it('azure takes the key in api-key', async () => {
    const r = await post(
      `${sim.baseUrl('azure')}/v2/rerank`,
      { model: 'Cohere-rerank-v3.5', query: QUERY, documents: DOCS },
      { 'api-key': 'sim-azure-key' },
    );
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ results: [{ index: 1 }, { index: 0 }, { index: 2 }] });
  });

  it('bedrock (signed) answers camelCase results with document echo', async () => {
    const url = `${sim.baseUrl('bedrock')}/rerank`;
    const text = JSON.stringify(bedrockBody(QUERY, DOCS, { numberOfResults: 2 }));
    const r = await post(url, text, await signBedrock(url, text));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      results: [
        {
          index: 1,
          relevanceScore: prob(1),
          document: { type: 'TEXT', textDocument: { text: DOCS[1] } },
        },
        {
          index: 0,
          relevanceScore: prob(0),
          document: { type: 'TEXT', textDocument: { text: DOCS[0] } },
        },
      ],
    });
  });

  it('jina', async () => {
    const r = await post(
      `${sim.baseUrl('jina')}/v1/rerank`,
      {
        model: 'jina-reranker-v2-base-multilingual',
        query: QUERY,
        documents: DOCS,
        top_n: 2,
        return_documents: true,
      },
      bearer('sim-jina-key'),
    );
    expect(r.json).toEqual({
      model: 'jina-reranker-v2-base-multilingual',
      usage: { total_tokens: PAIR_TOKENS },
      results: [
        { index: 1, relevance_score: prob(1), document: { text: DOCS[1] } },
        { index: 0, relevance_score: prob(0), document: { text: DOCS[0] } },
      ],
    });
  });

  it('voyage', async () => {
    const r = await post(
      `${sim.baseUrl('voyage')}/v1/rerank`,
      { model: 'rerank-2.5', query: QUERY, documents: DOCS, top_k: 1, return_documents: true },
      bearer('sim-voyage-key'),
    );
    expect(r.json).toEqual({
      object: 'list',
      data: [{ index: 1, relevance_score: prob(1), document: DOCS[1] }],
      model: 'rerank-2.5',
      usage: { total_tokens: PAIR_TOKENS },
    });
  });

  it('mixedbread', async () => {
    const r = await post(
      `${sim.baseUrl('mixedbread')}/v1/reranking`,
      { model: 'mixedbread-ai/mxbai-rerank-large-v2', query: QUERY, input: DOCS, top_k: 2 },
      bearer('sim-mixedbread-key'),
    );
    expect(r.json).toEqual({
      object: 'list',
      model: 'mixedbread-ai/mxbai-rerank-large-v2',
      top_k: 2,
      return_input: false,
      data: [
        { index: 1, score: prob(1) },
        { index: 0, score: prob(0) },
      ],
      usage: { prompt_tokens: PAIR_TOKENS, total_tokens: PAIR_TOKENS },
    });
  });

  it('pinecone', async () => {
    const documents = DOCS.map((text, i) => ({ id: `d${i}`, text }));
    const r = await post(
      `${sim.baseUrl('pinecone')}/rerank`,
      { model: 'bge-reranker-v2-m3', query: QUERY, documents, top_n: 2 },
      { 'Api-Key': 'sim-pinecone-key', 'X-Pinecone-API-Version': '2025-01' },
    );
    expect(r.json).toEqual({
      model: 'bge-reranker-v2-m3',
      data: [
        { index: 1, score: prob(1), document: documents[1] },
        { index: 0, score: prob(0), document: documents[0] },
      ],
      usage: { rerank_units: 1 },
    });
  });

  it('together', async () => {
    const r = await post(
      `${sim.baseUrl('together')}/v1/rerank`,
      { model: 'Salesforce/Llama-Rank-V1', query: QUERY, documents: DOCS, top_n: 1 },
      bearer('sim-together-key'),
    );
    expect(r.json).toEqual({
      id: expect.any(String) as string,
      object: 'rerank',
      model: 'Salesforce/Llama-Rank-V1',
      results: [{ index: 1, relevance_score: prob(1) }],
      usage: { prompt_tokens: PAIR_TOKENS, completion_tokens: 0, total_tokens: PAIR_TOKENS },
    });
  });

  it('vertex, with and without record details', async () => {
    const url = `${sim.baseUrl('vertex')}/v1/projects/p1/locations/global/rankingConfigs/default_ranking_config:rank`;
    const records = DOCS.map((content, i) => ({ id: `r${i}`, content }));
    const full = await post(
      url,
      { model: 'semantic-ranker-default@latest', query: QUERY, records, topN: 2 },
      bearer('sim-vertex-key'),
    );
    expect(full.json).toEqual({
      records: [
        { id: 'r1', score: prob(1), content: DOCS[1] },
        { id: 'r0', score: prob(0), content: DOCS[0] },
      ],
    });
    const bare = await post(
      url,
      { query: QUERY, records, top_n: 1, ignoreRecordDetailsInResponse: true },
      bearer('sim-vertex-key'),
    );
    expect(bare.json).toEqual({ records: [{ id: 'r1', score: prob(1) }] });
  });

  it('deepinfra answers scores in input order with a reported cost', async () => {
    const r = await post(
      `${sim.baseUrl('deepinfra')}/v1/inference/Qwen/Qwen3-Reranker-0.6B`,
      {
        queries: [QUERY],
        documents: DOCS,
        instruction: 'Given a web search query, retrieve relevant passages',
      },
      bearer('sim-deepinfra-key'),
    );
    expect(r.json).toEqual({
      scores: [prob(0), prob(1), prob(2)],
      input_tokens: PAIR_TOKENS,
      request_id: expect.any(String) as string,
      inference_status: {
        status: 'succeeded',
        runtime_ms: expect.any(Number) as number,
        cost: (PAIR_TOKENS * 0.01) / 1e6,
        tokens_generated: 0,
        tokens_input: PAIR_TOKENS,
        output_length: 0,
      },
    });
    expect(sim.requests[0]!.path).toBe('/deepinfra/v1/inference/Qwen/Qwen3-Reranker-0.6B');
    const perDocument = await post(
      `${sim.baseUrl('deepinfra')}/v1/inference/Qwen/Qwen3-Reranker-0.6B`,
      { queries: DOCS.map(() => QUERY), documents: DOCS },
      bearer('sim-deepinfra-key'),
    );
    expect((perDocument.json as { scores: number[] }).scores).toEqual([prob(0), prob(1), prob(2)]);
  });
});
