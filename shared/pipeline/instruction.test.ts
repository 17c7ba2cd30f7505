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

  it('says per serving engine and model whether the instruction reaches it', () => {
    expect(instructionUse(config({ provider: 'vllm' }))).toEqual({
      used: true,
      note: "written into Qwen3's template in the query and documents (vLLM applies none)",
    });
    expect(instructionUse(config({ provider: 'vllm', params: { template: 'server' } })).used).toBe(
      true,
    );
    expect(
      instructionUse(
        config({
          provider: 'vllm',
          params: { template: 'server', serverReadsInstruction: false },
        }),
      ).used,
    ).toBe(false);
    expect(instructionUse(config({ provider: 'vllm', model: 'BAAI/bge-reranker-v2-m3' }))).toEqual({
      used: false,
      note: "vLLM's BAAI/bge-reranker-v2-m3 takes no instruction",
    });
    expect(
      instructionUse(config({ provider: 'tei', model: 'Qwen/Qwen3-Reranker-0.6B' })).note,
    ).toMatch(/^Hugging Face TEI cannot serve Qwen\/Qwen3-Reranker-0\.6B/);
    // Instruction-aware models nothing here feeds an instruction to say so by name.
    for (const [provider, model, name] of [
      ['vllm', 'BAAI/bge-reranker-v2-gemma', 'bge-reranker-v2-gemma'],
      ['mixedbread', 'mixedbread-ai/mxbai-rerank-large-v2', 'mxbai-rerank-v2'],
      ['together', 'mixedbread-ai/Mxbai-Rerank-Large-V2', 'mxbai-rerank-v2'],
      ['jina', 'jina-reranker-m0', 'jina-reranker-m0'],
    ] as const) {
      const use = instructionUse(config({ provider, model }));
      expect(use.used).toBe(false);
      expect(use.note).toContain(name);
      expect(use.note).toMatch(/does not send it (an instruction|one)/);
    }
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
