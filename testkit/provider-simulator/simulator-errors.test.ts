// Strictness: auth per style, caps, wrong field names and values.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startProviderSimulator, type ProviderSimulator } from './index';
import { DOCS, QUERY, bearer, post } from './client';

const PINECONE = { 'Api-Key': 'sim-pinecone-key', 'X-Pinecone-API-Version': '2025-01' };

let sim: ProviderSimulator;
beforeAll(async () => {
  sim = await startProviderSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

describe('auth, per auth style', () => {
  const cohereBody = { model: 'rerank-v3.5', query: QUERY, documents: DOCS };

  it('bearer: missing and wrong keys are 401 with Cohere messages', async () => {
    const url = `${sim.baseUrl('cohere')}/v2/rerank`;
    expect((await post(url, cohereBody)).json).toEqual({ message: 'no api key supplied' });
    const wrong = await post(url, cohereBody, bearer('nope'));
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({ message: 'invalid api token' });
  });

  it('named header: a Bearer token is refused by Azure and Pinecone', async () => {
    const azure = await post(
      `${sim.baseUrl('azure')}/v2/rerank`,
      cohereBody,
      bearer('sim-azure-key'),
    );
    expect(azure.status).toBe(401);
    expect(azure.json).toMatchObject({ error: { code: '401' } });
    const pinecone = await post(
      `${sim.baseUrl('pinecone')}/rerank`,
      { model: 'bge-reranker-v2-m3', query: QUERY, documents: [{ text: 'a' }] },
      { ...bearer('sim-pinecone-key'), 'X-Pinecone-API-Version': '2025-01' },
    );
    expect(pinecone.json).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'Missing Api-Key header.' },
      status: 401,
    });
  });

  it('pinecone requires X-Pinecone-API-Version', async () => {
    const r = await post(
      `${sim.baseUrl('pinecone')}/rerank`,
      { model: 'bge-reranker-v2-m3', query: QUERY, documents: [{ text: 'a' }] },
      { 'Api-Key': 'sim-pinecone-key' },
    );
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: { code: 'INVALID_ARGUMENT' }, status: 400 });
  });

  it('OAuth bearer: Vertex answers in Google error shape', async () => {
    const url = `${sim.baseUrl('vertex')}/v1/projects/p/locations/global/rankingConfigs/default_ranking_config:rank`;
    const r = await post(
      url,
      { query: QUERY, records: [{ id: '1', content: 'x' }] },
      bearer('expired'),
    );
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });
  });

  it('optional bearer: open by default, enforced once a key is given', async () => {
    const open = await post(`${sim.baseUrl('tei')}/rerank`, { query: QUERY, texts: DOCS });
    expect(open.status).toBe(200);
    const locked = await startProviderSimulator({
      keys: { tei: 'tei-secret', vllm: 'vllm-secret' },
    });
    try {
      const denied = await post(`${locked.baseUrl('tei')}/rerank`, { query: QUERY, texts: DOCS });
      expect(denied.status).toBe(401);
      expect(denied.text).toBe('');
      const allowed = await post(
        `${locked.baseUrl('tei')}/rerank`,
        { query: QUERY, texts: DOCS },
        bearer('tei-secret'),
      );
      expect(allowed.status).toBe(200);
      const vllm = await post(`${locked.baseUrl('vllm')}/rerank`, {
        query: QUERY,
        documents: DOCS,
      });
      expect(vllm.json).toEqual({ error: 'Unauthorized' });
    } finally {
      await locked.close();
    }
  });
});

describe('caps', () => {
  it('tei refuses more than 32 texts with 413 and its validation error', async () => {
    const r = await post(`${sim.baseUrl('tei')}/rerank`, {
      query: QUERY,
      texts: Array.from({ length: 33 }, (_, i) => `t${i}`),
    });
    expect(r.status).toBe(413);
    expect(r.json).toEqual({
      error: 'batch size 33 > maximum allowed batch size 32',
      error_type: 'validation',
    });
  });

  it('vertex refuses more than 200 records; caps can be overridden', async () => {
    const url = `${sim.baseUrl('vertex')}/v1/projects/p/locations/global/rankingConfigs/c:rank`;
    const records = Array.from({ length: 201 }, (_, i) => ({ id: `${i}`, content: `doc ${i}` }));
    const r = await post(url, { query: QUERY, records }, bearer('sim-vertex-key'));
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    const small = await startProviderSimulator({ caps: { cohere: 2 } });
    try {
      const cohere = await post(
        `${small.baseUrl('cohere')}/v2/rerank`,
        { model: 'rerank-v3.5', query: QUERY, documents: DOCS },
        bearer('sim-cohere-key'),
      );
      expect(cohere.status).toBe(400);
      expect(cohere.json).toEqual({
        message: 'invalid request: too many documents: received 3, the maximum is 2',
      });
    } finally {
      await small.close();
    }
  });
});

describe('wrong field names and values', () => {
  it('voyage refuses top_n', async () => {
    const r = await post(
      `${sim.baseUrl('voyage')}/v1/rerank`,
      { model: 'rerank-2.5', query: QUERY, documents: DOCS, top_n: 2 },
      bearer('sim-voyage-key'),
    );
    expect(r.status).toBe(400);
    expect((r.json as { detail: string }).detail).toContain(
      "Argument 'top_n' is not supported by our API",
    );
  });

  it('voyage refuses empty documents', async () => {
    const r = await post(
      `${sim.baseUrl('voyage')}/v1/rerank`,
      { model: 'rerank-2.5', query: QUERY, documents: ['a', ''] },
      bearer('sim-voyage-key'),
    );
    expect(r.json).toEqual({ detail: 'Input cannot contain empty strings or empty lists' });
  });

  it('mixedbread refuses documents/top_n and wants input', async () => {
    const r = await post(
      `${sim.baseUrl('mixedbread')}/v1/reranking`,
      { query: QUERY, documents: DOCS, top_n: 2 },
      bearer('sim-mixedbread-key'),
    );
    expect(r.status).toBe(422);
    const detail = (r.json as { detail: { type: string; loc: string[] }[] }).detail;
    expect(detail.map((d) => [d.type, d.loc[1]])).toEqual([
      ['missing', 'input'],
      ['extra_forbidden', 'documents'],
      ['extra_forbidden', 'top_n'],
    ]);
  });

  it('tei wants texts (axum 422 text) and a JSON content type (415)', async () => {
    const r = await post(`${sim.baseUrl('tei')}/rerank`, { query: QUERY, documents: DOCS });
    expect(r.status).toBe(422);
    expect(r.text).toMatch(
      /^Failed to deserialize the JSON body into the target type: missing field `texts`/,
    );
    const plain = await post(
      `${sim.baseUrl('tei')}/rerank`,
      { query: QUERY, texts: DOCS },
      { 'content-type': 'text/plain' },
    );
    expect(plain.status).toBe(415);
  });

  it('pinecone refuses string documents and unknown fields', async () => {
    const url = `${sim.baseUrl('pinecone')}/rerank`;
    const strings = await post(
      url,
      { model: 'bge-reranker-v2-m3', query: QUERY, documents: DOCS },
      PINECONE,
    );
    expect(strings.status).toBe(400);
    expect(strings.json).toMatchObject({ error: { code: 'INVALID_ARGUMENT' }, status: 400 });
    const topK = await post(
      url,
      { model: 'bge-reranker-v2-m3', query: QUERY, documents: [{ text: 'a' }], top_k: 1 },
      PINECONE,
    );
    expect((topK.json as { error: { message: string } }).error.message).toContain('top_k');
  });

  it('cohere: v2 needs a model, unknown fields are 422, empty documents 400', async () => {
    const url = `${sim.baseUrl('cohere')}/v2/rerank`;
    const key = bearer('sim-cohere-key');
    expect((await post(url, { query: QUERY, documents: DOCS }, key)).status).toBe(400);
    const topK = await post(
      url,
      { model: 'rerank-v3.5', query: QUERY, documents: DOCS, top_k: 2 },
      key,
    );
    expect(topK.status).toBe(422);
    expect((topK.json as { message: string }).message).toMatch(
      /^unknown field: parameter 'top_k' is not a valid field/,
    );
    const empty = await post(url, { model: 'rerank-v3.5', query: QUERY, documents: [] }, key);
    expect(empty.json).toEqual({ message: 'invalid request: list of documents must not be empty' });
  });

  it('deepinfra wants one query or one per document', async () => {
    const r = await post(
      `${sim.baseUrl('deepinfra')}/v1/inference/Qwen/Qwen3-Reranker-4B`,
      { queries: [QUERY, QUERY], documents: DOCS },
      bearer('sim-deepinfra-key'),
    );
    expect(r.status).toBe(422);
    const singular = await post(
      `${sim.baseUrl('deepinfra')}/v1/inference/Qwen/Qwen3-Reranker-4B`,
      { query: QUERY, documents: DOCS },
      bearer('sim-deepinfra-key'),
    );
    expect(singular.status).toBe(422);
  });

  it('vertex accepts snake_case names but not unknown ones', async () => {
    const url = `${sim.baseUrl('vertex')}/v1/projects/p/locations/global/rankingConfigs/c:rank`;
    const r = await post(
      url,
      { query: QUERY, records: [{ id: '1', content: 'x' }], top_k: 1 },
      bearer('sim-vertex-key'),
    );
    expect(r.status).toBe(400);
    expect((r.json as { error: { message: string } }).error.message).toBe(
      'Invalid JSON payload received. Unknown name "top_k": Cannot find field.',
    );
  });
});
