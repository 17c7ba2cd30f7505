/**
 * Every adapter's request builder and response parser, against response bodies recorded from
 * the providers' documented examples (../fixtures). Live behaviour is covered against the
 * provider simulator in the strategy tests.
 */
import { describe, expect, it } from 'vitest';
import { adapterFor } from '.';
import { build, docs } from '../../../testkit/fixtures/adapters';
import type { RerankDocument } from '../../../shared/rerank/documents';
import { QWEN3_PREFIX, QWEN3_SUFFIX } from '../../../shared/rerank/qwen3-template';

describe('request builders', () => {
  it('cohere v2 sends strings, top_n, max_tokens_per_doc and priority', () => {
    const request = build('cohere', { priority: 2 }, { topN: 3, maxTokensPerDoc: 512 });
    expect(request.url).toBe('https://api.example/v2/rerank');
    expect(request.body).toEqual({
      model: 'm',
      query: 'q',
      documents: ['doc 0', 'doc 1', 'doc 2', 'doc 3', 'doc 4'],
      top_n: 3,
      max_tokens_per_doc: 512,
      priority: 2,
    });
  });

  it('cohere v1 sends object documents with rank_fields and return_documents', () => {
    const documents: RerankDocument[] = [
      { index: 0, text: 'a', metadata: { title: 'T' } },
      { index: 1, text: 'b' },
    ];
    const request = build(
      'cohere',
      { apiVersion: 'v1', rankFields: ['title', 'text'], returnDocuments: true },
      { documents, maxTokensPerDoc: 9 },
    );
    expect(request.url).toBe('https://api.example/v1/rerank');
    expect(request.body).toEqual({
      model: 'm',
      query: 'q',
      documents: [{ title: 'T', text: 'a' }, 'b'],
      rank_fields: ['title', 'text'],
      return_documents: true,
    });
  });

  it('gateways default to /v1/rerank and take a custom path', () => {
    expect(build('cohere-compatible').url).toBe('https://api.example/v1/rerank');
    expect(build('cohere-compatible', { path: '/api/rerank' }).url).toBe(
      'https://api.example/api/rerank',
    );
    expect(build('heroku').url).toBe('https://api.example/v1/rerank');
    expect(build('azure').url).toBe('https://api.example/v2/rerank');
  });

  it('heroku reads its add-on variables', () => {
    expect(
      adapterFor('heroku').envDefaults?.({
        RERANK_URL: 'https://us.inference.heroku.com',
        RERANK_MODEL_ID: 'cohere-rerank-3-5',
      }),
    ).toEqual({
      baseUrl: 'https://us.inference.heroku.com',
      model: 'cohere-rerank-3-5',
    });
  });

  it('bedrock builds the agent-runtime body with a model ARN and paging token', () => {
    const request = build(
      'bedrock',
      { region: 'eu-central-1' },
      { model: 'amazon.rerank-v1:0', documents: docs(2), topN: 1 },
      'tok',
    );
    expect(request.url).toBe('https://api.example/rerank');
    expect(request.body).toEqual({
      queries: [{ type: 'TEXT', textQuery: { text: 'q' } }],
      sources: [
        { type: 'INLINE', inlineDocumentSource: { type: 'TEXT', textDocument: { text: 'doc 0' } } },
        { type: 'INLINE', inlineDocumentSource: { type: 'TEXT', textDocument: { text: 'doc 1' } } },
      ],
      rerankingConfiguration: {
        type: 'BEDROCK_RERANKING_MODEL',
        bedrockRerankingConfiguration: {
          numberOfResults: 1,
          modelConfiguration: {
            modelArn: 'arn:aws:bedrock:eu-central-1::foundation-model/amazon.rerank-v1:0',
          },
        },
      },
      nextToken: 'tok',
    });
    const adapter = adapterFor('bedrock');
    expect(adapter.resolveParams?.(adapter.params.parse({}), { AWS_REGION: 'us-west-2' })).toEqual({
      region: 'us-west-2',
    });
  });

  it('voyage writes the instruction into the query for rerank-2.5 models only', () => {
    const instructed = { instruction: 'prefer peer-reviewed sources', query: 'zebra stripes' };
    expect(build('voyage', {}, { ...instructed, model: 'rerank-2.5-lite' }).body).toMatchObject({
      query: 'Instruction: prefer peer-reviewed sources\nQuery: zebra stripes',
    });
    expect(build('voyage', {}, { ...instructed, model: 'rerank-2' }).body).toMatchObject({
      query: 'zebra stripes',
    });
  });

  it('voyage and mixedbread use top_k; mixedbread calls documents "input"', () => {
    expect(build('voyage', { truncation: false }, { topN: 2 }).body).toMatchObject({
      top_k: 2,
      truncation: false,
      documents: expect.any(Array) as unknown,
    });
    const mixedbread = build('mixedbread', {}, { topN: 2 });
    expect(mixedbread.url).toBe('https://api.example/v1/reranking');
    expect(mixedbread.body).toMatchObject({ top_k: 2, input: expect.any(Array) as unknown });
    expect(mixedbread.body).not.toHaveProperty('documents');
  });

  it('pinecone sends {text} objects and its API version header', () => {
    const request = build('pinecone', {}, { documents: docs(1) });
    expect(request.headers['X-Pinecone-API-Version']).toBe('2024-10');
    expect(request.body).toEqual({
      model: 'm',
      query: 'q',
      documents: [{ text: 'doc 0' }],
      return_documents: false,
    });
  });

  it('nvidia wraps query and passages in {text}', () => {
    expect(build('nvidia', {}, { documents: docs(1) }).body).toEqual({
      model: 'm',
      query: { text: 'q' },
      passages: [{ text: 'doc 0' }],
      truncate: 'END',
    });
  });

  it('vertex names records by position and builds the rankingConfigs path', () => {
    const request = build('vertex', { project: 'my-proj' }, { documents: docs(2), topN: 1 });
    expect(request.url).toBe(
      'https://api.example/v1/projects/my-proj/locations/global/rankingConfigs/default_ranking_config:rank',
    );
    expect(request.body).toEqual({
      model: 'm',
      query: 'q',
      topN: 1,
      ignoreRecordDetailsInResponse: true,
      records: [
        { id: '0', content: 'doc 0' },
        { id: '1', content: 'doc 1' },
      ],
    });
    expect(() => build('vertex', { project: '../x' })).toThrow();
  });

  it('deepinfra repeats the query per document, sends the instruction, keeps the model path', () => {
    const request = build(
      'deepinfra',
      {},
      { model: 'Qwen/Qwen3-Reranker-0.6B', documents: docs(2), instruction: 'Be strict' },
    );
    expect(request.url).toBe('https://api.example/v1/inference/Qwen/Qwen3-Reranker-0.6B');
    expect(request.body).toEqual({
      queries: ['q', 'q'],
      documents: ['doc 0', 'doc 1'],
      instruction: 'Be strict',
    });
  });

  it('tei sends texts and no model; vllm templates Qwen3 and falls back to /rerank', () => {
    expect(build('tei', { rawScores: true }, { documents: docs(1) }).body).toEqual({
      query: 'q',
      texts: ['doc 0'],
      raw_scores: true,
      return_text: false,
    });
    expect(
      adapterFor('tei').scoreKind?.(adapterFor('tei').params.parse({ rawScores: true }), ''),
    ).toBe('logit');
    const vllm = adapterFor('vllm');
    // A model vLLM serves as a plain cross-encoder: the text as it is, no instruction field.
    const request = build('vllm', {}, { documents: docs(1), instruction: 'Find' });
    expect(request.body).toEqual({ model: 'm', query: 'q', documents: ['doc 0'] });
    // Qwen3 with the server's --chat-template: plain text, the instruction as a template kwarg.
    const qwen3 = { documents: docs(1), instruction: 'Find', model: 'Qwen/Qwen3-Reranker-4B' };
    expect(build('vllm', { template: 'server' }, qwen3).body).toEqual({
      model: 'Qwen/Qwen3-Reranker-4B',
      query: 'q',
      documents: ['doc 0'],
      chat_template_kwargs: { instruction: 'Find' },
    });
    // Qwen3 by default: the template is written into the text (PR #19260's templates).
    expect(build('vllm', {}, qwen3).body).toEqual({
      model: 'Qwen/Qwen3-Reranker-4B',
      query: `${QWEN3_PREFIX}<Instruct>: Find\n<Query>: q\n`,
      documents: [`<Document>: doc 0${QWEN3_SUFFIX}`],
    });
    expect(vllm.fallbackUrl?.(request, 404)).toBe('https://api.example/rerank');
    expect(vllm.fallbackUrl?.(request, 400)).toBeUndefined();
    expect(
      vllm.fallbackUrl?.({ ...request, url: 'https://api.example/rerank' }, 404),
    ).toBeUndefined();
  });

  it('sglang sends instruct to Qwen3 only; llama.cpp sends instruction only where declared readable', () => {
    const qwen3 = { documents: docs(1), instruction: 'Find', model: 'Qwen/Qwen3-Reranker-8B' };
    expect(build('sglang', {}, qwen3).body).toEqual({
      model: 'Qwen/Qwen3-Reranker-8B',
      query: 'q',
      documents: ['doc 0'],
      instruct: 'Find',
      return_documents: false,
    });
    expect(
      build('sglang', {}, { ...qwen3, model: 'BAAI/bge-reranker-v2-m3' }).body,
    ).not.toHaveProperty('instruct');
    const sglang = adapterFor('sglang');
    expect(sglang.sendsInstruction?.(sglang.params.parse({}), 'Qwen/Qwen3-Reranker-8B')).toBe(true);
    expect(sglang.sendsInstruction?.(sglang.params.parse({}), 'BAAI/bge-reranker-v2-m3')).toBe(
      false,
    );
    const llama = adapterFor('llama-cpp');
    expect(llama.sendsInstruction?.(llama.params.parse({}), 'Qwen3-Reranker-0.6B')).toBe(false);
    expect(
      llama.sendsInstruction?.(
        llama.params.parse({ instructTemplate: true }),
        'Qwen3-Reranker-0.6B',
      ),
    ).toBe(true);
    expect(llama.scoreKind?.(llama.params.parse({}), 'bge-reranker-v2-m3')).toBe('logit');
    expect(build('llama-cpp', {}, { ...qwen3, topN: 2 })).toMatchObject({
      url: 'https://api.example/v1/rerank',
      body: { query: 'q', documents: ['doc 0'], top_n: 2, instruction: 'Find' },
    });
  });

  it('refuses unknown parameters for every provider', () => {
    expect(adapterFor('cohere').params.safeParse({ topK: 3 }).success).toBe(false);
    expect(adapterFor('voyage').params.safeParse({ top_n: 3 }).success).toBe(false);
  });
});
