/** Every adapter's response parser against bodies recorded from the providers' documented examples. */
import { describe, expect, it } from 'vitest';
import type { RerankProvider } from '../../../shared/providers/catalog';
import { fixture, parse } from '../../../testkit/fixtures/adapters';

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
      // Pinecone names its unit "rerank units" (usage.rerank_units), not Cohere's search units.
      { rerankUnits: 1 },
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
