import { describe, expect, it } from 'vitest';
import { BM25_CONFIG, type PipelineConfig } from './config';
import { instructionUse } from './instruction';

const config = (extra: Partial<PipelineConfig>): PipelineConfig => ({
  version: 1,
  name: 'c',
  strategy: 'dedicated-model',
  ...extra,
});

describe('instructionUse', () => {
  it('says which pipelines use the instruction and which ignore it', () => {
    expect(instructionUse(BM25_CONFIG).used).toBe(false);
    expect(instructionUse(config({ provider: 'cohere' }))).toEqual({
      used: false,
      note: 'Cohere has no instruction input',
    });
    expect(instructionUse(config({ provider: 'voyage' })).used).toBe(true);
    expect(instructionUse(config({ provider: 'voyage', model: 'rerank-2' })).used).toBe(false);
    expect(instructionUse(config({ provider: 'deepinfra' })).note).toBe(
      'sent as the Qwen3 reranker instruction',
    );
    expect(
      instructionUse(config({ provider: 'vllm', params: { sendInstruction: false } })).used,
    ).toBe(false);
    expect(instructionUse(config({ provider: 'local', model: 'Qwen3-Reranker-0.6B' })).used).toBe(
      true,
    );
    expect(
      instructionUse(config({ provider: 'local', model: 'ms-marco-MiniLM-L-6-v2' })).used,
    ).toBe(false);
  });

  it('follows the judge template and counts fusion members', () => {
    const judge = config({ strategy: 'llm-judge', provider: 'openai-compatible' });
    expect(instructionUse(judge).used).toBe(true);
    const noSlot = { ...judge, params: { promptTemplate: 'Q: {query}\nD: {document}' } };
    expect(instructionUse(noSlot)).toEqual({
      used: false,
      note: 'the prompt template has no {instruction}, so it is not used',
    });
    const fusion = config({ strategy: 'fusion', params: { members: [BM25_CONFIG, judge] } });
    expect(instructionUse(fusion)).toEqual({
      used: true,
      note: '1 of 2 members use the instruction',
    });
  });
});
