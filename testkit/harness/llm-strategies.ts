/**
 * Shared set-up of the LLM strategy tests: the loopback chat simulator with a swappable brain,
 * services over the real HTTP transport, and a helper that runs columns through the contract.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ColumnResult } from '../../shared/contract';
import type { PipelineConfig } from '../../shared/pipeline/config';
import { createServices, type Services } from '../../electron/composition/compose';
import { runThroughContract } from '../contract-run';
import { startChatSimulator, type Brain, type ChatSimulator } from '../llm-simulator';
import { naiveBrain } from '../llm-simulator/naive-brain';
import { createHttpTransport } from '../../electron/transport/http-transport';
import { freshDataDir } from '../temp-dir';

export let chatSim: ChatSimulator;
export let services: Services;
let brain: Brain = naiveBrain;

/** Answers with `next` until the end of the test (then the naive brain again). */
export function useBrain(next: Brain): void {
  brain = next;
}

export const ANTHROPIC_KEY = 'sk-ant-harness-0a1b2c3d4e5f-LAST';

export function useLlmHarness(): void {
  beforeAll(async () => {
    chatSim = await startChatSimulator({
      respond: (request) => brain(request),
      keys: { anthropic: ANTHROPIC_KEY },
    });
    services = createServices({
      host: 'test',
      dataDir: freshDataDir(),
      env: { ANTHROPIC_API_KEY: ANTHROPIC_KEY },
      // random() = 0: full-jitter backoff sleeps 0 ms, so retry tests take no wall time.
      transport: createHttpTransport({ random: () => 0 }),
    });
  });
  afterAll(async () => {
    await services.close();
    await chatSim.close();
  });
  afterEach(() => {
    chatSim.reset();
    brain = naiveBrain;
  });
}

export const QUERY = 'heart health exercise';
export const DOCS = [
  'cooking pasta at home',
  'regular exercise improves heart health',
  'the heart of the city',
  'exercise for a healthy heart and good health',
  'stock market news',
];

export function llmConfig(
  strategy: 'llm-judge' | 'llm-listwise',
  extra: Partial<PipelineConfig> = {},
): PipelineConfig {
  const anthropic = extra.provider === 'anthropic';
  return {
    version: 1,
    name: strategy,
    strategy,
    provider: 'openai-compatible',
    model: 'sim-model',
    baseUrl: anthropic ? chatSim.anthropicBaseUrl : chatSim.openaiBaseUrl,
    ...extra,
    params: { requestsPerMinute: 0, ...(extra.params ?? {}) },
  };
}

/** Runs through the contract; the cache is bypassed unless a test asks for it. */
export const run = (configs: PipelineConfig[], fields: Record<string, unknown> = {}) =>
  runThroughContract(services, { query: QUERY, documents: DOCS, configs, fields });

export const column = async (
  config: PipelineConfig,
  fields: Record<string, unknown> = {},
): Promise<ColumnResult> => (await run([config], fields)).columns[0]!;

export const order = (result: ColumnResult) => result.results.map((r) => r.index);
