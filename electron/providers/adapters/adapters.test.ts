/**
 * Every adapter's request builder and response parser, against response bodies recorded from
 * the providers' documented examples (../fixtures). Live behaviour is covered against the
 * provider simulator in the strategy tests.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RerankProvider } from '../../../shared/providers/catalog';
import type { RerankDocument } from '../../../shared/rerank/documents';
import type { AdapterCall } from '../types';
import { adapterFor } from '.';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8'));

const docs = (n: number): RerankDocument[] =>
  Array.from({ length: n }, (_, i) => ({ index: 100 + i, text: `doc ${i}` }));

function call(overrides: Partial<AdapterCall> = {}): AdapterCall {
  return {
    query: 'q',
    documents: docs(5),
    model: 'm',
    baseUrl: 'https://api.example',
    ...overrides,
  };
}

function build(
  provider: RerankProvider,
  params: unknown = {},
  overrides: Partial<AdapterCall> = {},
  nextToken?: string,
) {
  const adapter = adapterFor(provider);
  const parsed = adapter.params.parse(params);
  const resolved = adapter.resolveParams ? adapter.resolveParams(parsed, {}) : parsed;
  return adapter.buildRequest(call(overrides), resolved, nextToken);
}

/** Vertex cannot run without a project; every other provider has defaults for everything. */
const REQUIRED_PARAMS: Partial<Record<RerankProvider, object>> = { vertex: { project: 'p' } };

function parse(
  provider: RerankProvider,
  body: unknown,
  size = 5,
  params: unknown = REQUIRED_PARAMS[provider] ?? {},
) {
  const adapter = adapterFor(provider);
  return adapter.parseResponse(body, call({ documents: docs(size) }), adapter.params.parse(params));
}

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

  it('tei sends texts and no model; vllm sends the instruction and falls back to /rerank', () => {
    expect(build('tei', { rawScores: true }, { documents: docs(1) }).body).toEqual({
      query: 'q',
      texts: ['doc 0'],
      raw_scores: true,
      return_text: false,
    });
    expect(adapterFor('tei').scoreKind?.(adapterFor('tei').params.parse({ rawScores: true }))).toBe(
      'logit',
    );
    const vllm = adapterFor('vllm');
    const request = build('vllm', {}, { documents: docs(1), instruction: 'Find' });
    expect(request.body).toEqual({
      model: 'm',
      query: 'q',
      documents: ['doc 0'],
      instruction: 'Find',
    });
    expect(vllm.fallbackUrl?.(request, 404)).toBe('https://api.example/rerank');
    expect(vllm.fallbackUrl?.(request, 400)).toBeUndefined();
    expect(
      vllm.fallbackUrl?.({ ...request, url: 'https://api.example/rerank' }, 404),
    ).toBeUndefined();
  });

  it('refuses unknown parameters for every provider', () => {
    expect(adapterFor('cohere').params.safeParse({ topK: 3 }).success).toBe(false);
    expect(adapterFor('voyage').params.safeParse({ top_n: 3 }).success).toBe(false);
  });
});

describe('response parsers (recorded bodies)', () => {
  const cases: [RerankProvider, string, { index: number; rawScore: number }[], object?][] = [
    [
      'cohere',
      'cohere-v2',
      [
        { index: 3, rawScore: 0.999071 },
        { index: 4, rawScore: 0.7867867 },
        { index: 0, rawScore: 0.32713068 },
      ],
      { searchUnits: 1 },
    ],
    [
      'bedrock',
      'bedrock',
      [
        { index: 1, rawScore: 0.91 },
        { index: 0, rawScore: 0.12 },
      ],
    ],
    [
      'jina',
      'jina',
      [
        { index: 2, rawScore: 0.8783142566680908 },
        { index: 0, rawScore: 0.2 },
      ],
      { totalTokens: 815 },
    ],
    [
      'voyage',
      'voyage',
      [
        { index: 0, rawScore: 0.4375 },
        { index: 1, rawScore: 0.421875 },
      ],
      { totalTokens: 26 },
    ],
    [
      'mixedbread',
      'mixedbread',
      [
        { index: 0, rawScore: 0.9755 },
        { index: 2, rawScore: 0.0227 },
      ],
      { totalTokens: 162 },
    ],
    [
      'pinecone',
      'pinecone',
      [
        { index: 2, rawScore: 0.48357219 },
        { index: 0, rawScore: 0.0020236476 },
      ],
      { searchUnits: 1 },
    ],
    [
      'together',
      'together',
      [
        { index: 0, rawScore: 0.29980177813003117 },
        { index: 2, rawScore: 0.2752447527354349 },
      ],
      { inputTokens: 1837, outputTokens: 0, totalTokens: 1837 },
    ],
    [
      'nvidia',
      'nvidia',
      [
        { index: 0, rawScore: 0.7646484375 },
        { index: 2, rawScore: -1.1044921875 },
        { index: 1, rawScore: -2.71875 },
      ],
    ],
    [
      'vertex',
      'vertex',
      [
        { index: 1, rawScore: 0.98 },
        { index: 0, rawScore: 0.5 },
      ],
    ],
    [
      'tei',
      'tei',
      [
        { index: 1, rawScore: 0.9976404 },
        { index: 0, rawScore: 0.12527736 },
      ],
    ],
    [
      'infinity',
      'infinity',
      [
        { index: 1, rawScore: 0.94 },
        { index: 0, rawScore: 0.05 },
      ],
      { totalTokens: 20 },
    ],
    [
      'vllm',
      'vllm',
      [
        { index: 1, rawScore: 0.99853515625 },
        { index: 0, rawScore: 0.0005860328674316406 },
      ],
      { totalTokens: 56 },
    ],
  ];

  it.each(cases)('%s parses %s.json', (provider, name, results, usage) => {
    const parsed = parse(provider, fixture(name));
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.value.results).toEqual(results);
    if (usage) expect(parsed.value.usage).toEqual(usage);
  });

  it('bedrock returns its paging token', () => {
    const parsed = parse('bedrock', fixture('bedrock'));
    expect(parsed.ok && parsed.value.nextToken).toBe('page-2');
  });

  it('deepinfra scores come in input order, with the reported cost', () => {
    const parsed = parse('deepinfra', fixture('deepinfra'), 3);
    expect(parsed).toEqual({
      ok: true,
      value: {
        results: [
          { index: 0, rawScore: 0.1 },
          { index: 1, rawScore: 0.9 },
          { index: 2, rawScore: 0.3 },
        ],
        usage: { inputTokens: 42, reportedCostUsd: 0.0000042 },
      },
    });
    expect(parse('deepinfra', fixture('deepinfra'), 4)).toMatchObject({
      ok: false,
      error: { message: 'deepinfra returned 3 scores for 4 documents' },
    });
  });

  it('names what is wrong with an unexpected body', () => {
    expect(parse('cohere', { results: [{ index: 0 }] })).toMatchObject({
      ok: false,
      error: {
        message:
          'cohere answered with an unexpected body: results[0].relevance_score: expected a number, got undefined',
      },
    });
    expect(parse('voyage', { results: [] })).toMatchObject({
      ok: false,
      error: {
        message: 'voyage answered with an unexpected body: data: expected an array, got undefined',
      },
    });
    expect(parse('tei', [{ index: 1.5, score: 1 }])).toMatchObject({
      ok: false,
      error: {
        message: 'tei answered with an unexpected body: [0].index: expected an integer, got number',
      },
    });
    expect(parse('jina', { results: [{ index: 9, relevance_score: 1 }] })).toMatchObject({
      ok: false,
      error: { message: 'jina returned index 9 for a batch of 5 documents' },
    });
    expect(parse('vertex', { records: [{ id: 'x', score: 1 }] })).toMatchObject({ ok: false });
  });
});
