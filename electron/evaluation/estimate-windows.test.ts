/** Cost estimates of configs with `longDocuments`: each window is priced as a document sent. */
import { describe, expect, it } from 'vitest';
import type { PipelineConfig } from '../../shared/pipeline/config';
import { buriedDocument } from '../../testkit/fixtures/long-documents';
import { estimateColumns, type PlannedQuery } from './estimate';

const QUERIES: PlannedQuery[] = [
  { text: 'heart health', documents: [buriedDocument('heart health', 400), 'short one'] },
];
const judge = (extra: Partial<PipelineConfig> = {}): PipelineConfig => ({
  version: 1,
  name: 'judge',
  strategy: 'llm-judge',
  provider: 'openai-compatible',
  model: 'm',
  baseUrl: 'http://127.0.0.1:1/v1',
  params: { pricing: { inputUsdPerMillion: 1, outputUsdPerMillion: 2 }, maxTokens: 10 },
  ...extra,
});
const voyage = (extra: Partial<PipelineConfig> = {}): PipelineConfig => ({
  version: 1,
  name: 'voyage',
  strategy: 'dedicated-model',
  provider: 'voyage',
  params: { batchSize: 5 },
  ...extra,
});

describe('estimates with long documents', () => {
  it('count one judge call per window in chunk mode, one per document when truncating', () => {
    const chunk = { mode: 'chunk', window: 64, overlap: 16 } as const;
    const [plain, chunked, truncated] = estimateColumns(
      [
        judge(),
        judge({ name: 'chunked', longDocuments: chunk }),
        judge({ name: 't', longDocuments: { mode: 'truncate', window: 64 } }),
      ],
      QUERIES,
    );
    expect(plain!.calls).toBe(2);
    // 400 filler words of ~6.3 characters (2 estimated tokens each) plus the sentence:
    // about 810 tokens, in windows of 64 stepping by 48.
    expect(chunked!.calls).toBeGreaterThan(15);
    expect(chunked!.usd!).toBeGreaterThan(plain!.usd!);
    expect(truncated!.calls).toBe(2);
    expect(truncated!.usd!).toBeLessThan(plain!.usd!);
  });

  it('send windows in batches at the provider cap and price the tokens of every window', () => {
    const [plain, chunked] = estimateColumns(
      [
        voyage(),
        voyage({ name: 'chunked', longDocuments: { mode: 'chunk', window: 64, overlap: 16 } }),
      ],
      QUERIES,
    );
    expect(plain!.calls).toBe(1);
    expect(chunked!.calls).toBeGreaterThan(3);
    // The overlap and the query repeated per window cost more than the document once.
    expect(chunked!.usd!).toBeGreaterThan(plain!.usd!);
  });
});
