/**
 * Instruction-aware rerankers on the serving engines, end to end against the simulator, whose
 * Qwen3-Reranker scores noise unless the prompt carries Qwen's template: what each engine is
 * sent, and whether the column's "instruction used" is true exactly when the instruction
 * changed what the model saw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineConfig } from '../../../../shared/pipeline/config';
import { instructionUse } from '../../../../shared/pipeline/instruction';
import {
  startProviderSimulator,
  type ProviderSimulator,
} from '../../../../testkit/provider-simulator';
import {
  providerConfig,
  run,
  sim,
  useSimulatorHarness,
} from '../../../../testkit/harness/dedicated-model';

useSimulatorHarness();

/** vLLM started with `--chat-template qwen3_reranker.jinja`; llama.cpp with PR #20009. */
let templated: ProviderSimulator;
beforeAll(async () => {
  templated = await startProviderSimulator({
    engines: { vllmChatTemplate: 'qwen3', llamaCppRerankInstruct: true },
  });
});
afterAll(() => templated.close());

const QUERY = 'capital of France';
// Two documents answer the query equally; only an instruction that is applied separates them.
const DOCS = [
  'Berlin is the capital of Germany',
  'Bananas are yellow',
  'Paris is the capital of France, says the encyclopedia',
  'Madrid is a city in Spain',
  'Paris is the capital of France, says the travel blog',
  'Rome is the capital of Italy',
];

async function ranking(config: PipelineConfig, instruction: string): Promise<number[]> {
  const result = (await run([config], { query: QUERY, documents: DOCS, instruction })).columns[0]!;
  expect(result.error).toBeUndefined();
  return result.results.map((r) => r.index);
}

describe('Qwen3-Reranker on vLLM', () => {
  it('ranks the answering documents first, in the order the instruction asks', async () => {
    const config = providerConfig('vllm', { model: 'Qwen/Qwen3-Reranker-0.6B' });
    expect((await ranking(config, 'prefer the encyclopedia')).slice(0, 2)).toEqual([2, 4]);
    expect((await ranking(config, 'prefer the travel blog')).slice(0, 2)).toEqual([4, 2]);
    // What went on the wire: Qwen's template in the query and in every document.
    const body = sim.requests.at(-1)!.body as { query: string; documents: string[] };
    expect(body.query).toMatch(/^<\|im_start\|>system\n.*<Instruct>: prefer the travel blog\n/s);
    expect(body.query.endsWith(`<Query>: ${QUERY}\n`)).toBe(true);
    expect(body.documents[0]).toMatch(/^<Document>: Berlin .*<\/think>\n\n$/s);
    expect(body).not.toHaveProperty('instruction');
  });

  const cases: [string, () => PipelineConfig][] = [
    ['template written by the client', () => providerConfig('vllm')],
    ['sendInstruction off', () => providerConfig('vllm', { params: { sendInstruction: false } })],
    [
      'server template reading chat_template_kwargs',
      () =>
        providerConfig('vllm', {
          baseUrl: templated.baseUrl('vllm'),
          params: { template: 'server' },
        }),
    ],
    [
      'server template that cannot take an instruction',
      () =>
        providerConfig('vllm', {
          baseUrl: templated.baseUrl('vllm'),
          params: { template: 'server', serverReadsInstruction: false },
        }),
    ],
    ['a cross-encoder', () => providerConfig('vllm', { model: 'BAAI/bge-reranker-v2-m3' })],
    ['SGLang with its Qwen3 template', () => providerConfig('sglang')],
    [
      'SGLang, sendInstruction off',
      () => providerConfig('sglang', { params: { sendInstruction: false } }),
    ],
    [
      'SGLang with a cross-encoder',
      () => providerConfig('sglang', { model: 'BAAI/bge-reranker-v2-m3' }),
    ],
    ["llama.cpp: the GGUF's fixed rerank template", () => providerConfig('llama-cpp')],
    [
      'llama.cpp with PR #20009 and rerank_instruct',
      () =>
        providerConfig('llama-cpp', {
          baseUrl: templated.baseUrl('llama-cpp'),
          params: { instructTemplate: true },
        }),
    ],
  ];
  it.each(cases)(
    '%s: "instruction used" is true exactly when the instruction changed the ranking',
    async (_, make) => {
      const config = make();
      const encyclopedia = await ranking(config, 'prefer the encyclopedia');
      const travel = await ranking(config, 'prefer the travel blog');
      const applied = JSON.stringify(encyclopedia) !== JSON.stringify(travel);
      expect(instructionUse(config).used).toBe(applied);
      // Qwen3 is never left without its template: the answering documents stay on top.
      if (config.model === undefined) expect(encyclopedia.slice(0, 2).sort()).toEqual([2, 4]);
    },
  );
});

describe('engines that cannot serve Qwen3-Reranker', () => {
  it.each(['tei', 'infinity'] as const)(
    '%s refuses it with a message naming the engines that can, before any request',
    async (provider) => {
      const result = (
        await run([providerConfig(provider, { model: 'Qwen/Qwen3-Reranker-4B' })], {
          query: QUERY,
          documents: DOCS,
        })
      ).columns[0]!;
      expect(result.status).toBe('error');
      expect(result.error?.message).toMatch(
        /cannot serve Qwen\/Qwen3-Reranker-4B.*Serve it with vLLM, SGLang or llama\.cpp's server/,
      );
      expect(sim.requests).toHaveLength(0);
      expect(instructionUse(providerConfig(provider, { model: 'Qwen/Qwen3-Reranker-4B' }))).toEqual(
        { used: false, note: result.error?.message },
      );
    },
  );
});
