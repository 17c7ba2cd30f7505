// Happy paths of the self-hosted servers (and NVIDIA's raw logits against a probability API).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startProviderSimulator, type ProviderSimulator } from './index';
import { DOCS, PAIR_TOKENS, QUERY, bearer, logitOf as logit, post, probOf as prob } from './client';

let sim: ProviderSimulator;
beforeAll(async () => {
  sim = await startProviderSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

describe('self-hosted provider happy paths', () => {
  it('nvidia returns raw logits, the sigmoid of which are the probability providers', async () => {
    const r = await post(`${sim.baseUrl('nvidia')}/v1/ranking`, {
      model: 'nvidia/llama-3.2-nv-rerankqa-1b-v2',
      query: { text: QUERY },
      passages: DOCS.map((text) => ({ text })),
      truncate: 'END',
    });
    expect(r.json).toEqual({
      rankings: [
        { index: 1, logit: logit(1) },
        { index: 0, logit: logit(0) },
        { index: 2, logit: logit(2) },
      ],
    });
    const cohere = await post(
      `${sim.baseUrl('cohere')}/v2/rerank`,
      { model: 'rerank-v3.5', query: QUERY, documents: [DOCS[2]] },
      bearer('sim-cohere-key'),
    );
    const nvidiaLogit = (r.json as { rankings: { logit: number }[] }).rankings[2]!.logit;
    const cohereScore = (cohere.json as { results: { relevance_score: number }[] }).results[0]!;
    expect(nvidiaLogit).toBeLessThan(0);
    expect(cohereScore.relevance_score).toBeCloseTo(1 / (1 + Math.exp(-nvidiaLogit)), 12);
  });

  it('tei: a top-level array, sigmoid by default and logits with raw_scores', async () => {
    const r = await post(`${sim.baseUrl('tei')}/rerank`, {
      query: QUERY,
      texts: DOCS,
      return_text: true,
    });
    expect(r.json).toEqual([
      { index: 1, text: DOCS[1], score: prob(1) },
      { index: 0, text: DOCS[0], score: prob(0) },
      { index: 2, text: DOCS[2], score: prob(2) },
    ]);
    const raw = await post(`${sim.baseUrl('tei')}/rerank`, {
      query: QUERY,
      texts: DOCS,
      raw_scores: true,
    });
    expect((raw.json as { score: number }[]).map((x) => x.score)).toEqual([
      logit(1),
      logit(0),
      logit(2),
    ]);
  });

  it('infinity', async () => {
    const r = await post(`${sim.baseUrl('infinity')}/rerank`, {
      model: 'mixedbread-ai/mxbai-rerank-xsmall-v1',
      query: QUERY,
      documents: DOCS,
      return_documents: true,
      top_n: 2,
    });
    expect(r.json).toEqual({
      object: 'rerank',
      results: [
        { relevance_score: prob(1), index: 1, document: DOCS[1] },
        { relevance_score: prob(0), index: 0, document: DOCS[0] },
      ],
      model: 'mixedbread-ai/mxbai-rerank-xsmall-v1',
      usage: { prompt_tokens: PAIR_TOKENS, total_tokens: PAIR_TOKENS },
      id: expect.stringMatching(/^infinity-/) as string,
      created: expect.any(Number) as number,
    });
  });

  it('vllm on all three paths, unknown fields accepted', async () => {
    for (const path of ['/v1/rerank', '/rerank', '/v2/rerank']) {
      const r = await post(`${sim.baseUrl('vllm')}${path}`, {
        model: 'BAAI/bge-reranker-v2-m3',
        query: QUERY,
        documents: DOCS,
        top_n: 2,
        instruction: 'Given a web search query, retrieve relevant passages',
      });
      expect(r.json).toEqual({
        id: expect.stringMatching(/^rerank-/) as string,
        model: 'BAAI/bge-reranker-v2-m3',
        usage: { total_tokens: PAIR_TOKENS },
        results: [
          { index: 1, document: { text: DOCS[1] }, relevance_score: prob(1) },
          { index: 0, document: { text: DOCS[0] }, relevance_score: prob(0) },
        ],
      });
    }
  });
});
