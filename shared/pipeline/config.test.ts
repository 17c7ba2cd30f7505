import { describe, expect, it } from 'vitest';
import {
  BM25_CONFIG,
  heuristicParamsOf,
  INPUT_ORDER_CONFIG,
  parsePipelineConfig,
  slugify,
} from './config';

const errorOf = (raw: unknown) => {
  const result = parsePipelineConfig(raw);
  return result.ok ? undefined : result.error.message;
};

describe('pipeline config', () => {
  it('accepts the minimal BM25 and input-order configs with defaults applied', () => {
    expect(parsePipelineConfig({ version: 1, name: 'bm25', strategy: 'heuristic' })).toEqual({
      ok: true,
      value: BM25_CONFIG,
    });
    expect(heuristicParamsOf(BM25_CONFIG)).toEqual({ method: 'bm25', k1: 1.2, b: 0.75 });
    expect(heuristicParamsOf(INPUT_ORDER_CONFIG)).toEqual({ method: 'input-order' });
  });

  it('accepts every documented field', () => {
    const config = {
      version: 1,
      name: 'Cohere v3.5',
      key: 'cohere-v3-5',
      description: 'hosted',
      strategy: 'dedicated-model',
      provider: 'cohere',
      model: 'rerank-v3.5',
      baseUrl: 'https://api.cohere.com',
      instruction: 'prefer recent',
      topN: 10,
      maxTokensPerDoc: 4096,
      fallbacks: [{ version: 1, name: 'bm25', strategy: 'heuristic' }],
      params: { priority: 1 },
    };
    expect(parsePipelineConfig(config)).toEqual({ ok: true, value: config });
  });

  it('refuses a newer version with a message', () => {
    expect(errorOf({ version: 2, name: 'x', strategy: 'heuristic' })).toBe(
      'pipeline config version 2 is newer than this app understands (1); update Rerank Studio to use it',
    );
  });

  it('names the field that is wrong', () => {
    expect(errorOf({ version: 1, name: '', strategy: 'heuristic' })).toBe('name: name is required');
    expect(errorOf({ version: 1, name: 'x', strategy: 'magic' })).toMatch(/^strategy: /);
    expect(errorOf({ version: 1, name: 'x', strategy: 'heuristic', colour: 'red' })).toMatch(
      /colour/,
    );
    expect(errorOf({ version: 1, name: 'x', strategy: 'heuristic', key: 'Not A Slug' })).toBe(
      'key: key must be a slug: lowercase letters, digits and single hyphens',
    );
    expect(
      errorOf({ version: 1, name: 'x', strategy: 'heuristic', params: { method: 'bm25', b: 2 } }),
    ).toMatch(/params\.b/);
    expect(
      errorOf({ version: 1, name: 'x', strategy: 'heuristic', params: { method: 'tfidf' } }),
    ).toMatch(/^params\.method/);
    expect(errorOf({ version: 1, name: 'x', strategy: 'heuristic', baseUrl: 'ftp://x' })).toMatch(
      /^baseUrl: /,
    );
  });

  it('never holds a key', () => {
    expect(
      errorOf({ version: 1, name: 'x', strategy: 'dedicated-model', apiKey: 'sk-123' }),
    ).toMatch(/apiKey/);
    expect(
      errorOf({
        version: 1,
        name: 'x',
        strategy: 'dedicated-model',
        params: { headers: { Authorization: 'Bearer x' } },
      }),
    ).toBe(
      'pipeline configs never hold keys: remove "params.headers.Authorization" and store the key in the Keys panel or an environment variable',
    );
  });

  it('slugifies names', () => {
    expect(slugify('My Cohere v3.5!')).toBe('my-cohere-v3-5');
    expect(slugify('Crème brûlée')).toBe('creme-brulee');
    expect(slugify('***')).toBe('pipeline');
  });
});

describe('longDocuments', () => {
  const cohere = { version: 1, name: 'c', strategy: 'dedicated-model', provider: 'cohere' };
  it('is taken by rerank APIs, local models and LLM judges, with the aggregate defaulted', () => {
    const parsed = parsePipelineConfig({
      ...cohere,
      longDocuments: { mode: 'chunk', window: 128 },
    });
    expect(parsed).toMatchObject({
      ok: true,
      value: { longDocuments: { mode: 'chunk', window: 128, aggregate: 'max' } },
    });
    const judge = {
      version: 1,
      name: 'j',
      strategy: 'llm-judge',
      provider: 'openai-compatible',
      longDocuments: { mode: 'truncate' },
    };
    expect(parsePipelineConfig(judge).ok).toBe(true);
  });

  it('is refused with a reason where documents are not scored one by one, or when malformed', () => {
    expect(errorOf({ ...BM25_CONFIG, longDocuments: { mode: 'chunk' } })).toMatch(
      /longDocuments applies to dedicated-model and llm-judge columns, not heuristic/,
    );
    expect(
      errorOf({ ...cohere, longDocuments: { mode: 'chunk', window: 64, overlap: 80 } }),
    ).toMatch(/overlap must be smaller than window/);
    expect(errorOf({ ...cohere, longDocuments: { mode: 'split' } })).toMatch(/longDocuments\.mode/);
  });
});
