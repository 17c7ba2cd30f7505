/**
 * Shared set-up of the dedicated-model tests: the simulator, services over the real HTTP
 * transport, and helpers that run columns through the contract. Call
 * `useSimulatorHarness()` at the top of a test file; `sim` and `services` are live bindings.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ColumnResult } from '../../shared/contract';
import type { PipelineConfig } from '../../shared/pipeline/config';
import type { RerankProvider } from '../../shared/providers/catalog';
import { createServices, type Services } from '../../electron/composition/compose';
import { runThroughContract } from '../contract-run';
import { simulatorEnv } from '../provider-env';
import {
  simulatedLogit,
  startProviderSimulator,
  type ProviderSimulator,
} from '../provider-simulator';
import { createHttpTransport } from '../../electron/transport/http-transport';
import { freshDataDir } from '../temp-dir';

export let sim: ProviderSimulator;
export let services: Services;
export const env = simulatorEnv();

export function useSimulatorHarness(): void {
  beforeAll(async () => {
    sim = await startProviderSimulator();
    // random() = 0: full-jitter backoff sleeps 0 ms, so retry tests take no wall time.
    services = createServices({
      host: 'test',
      dataDir: freshDataDir(),
      env,
      transport: createHttpTransport({ random: () => 0 }),
    });
  });
  afterAll(async () => {
    await services.close();
    await sim.close();
  });
  afterEach(() => sim.reset());
}

export const QUERY = 'heart health exercise';
export const DOCS = [
  'cooking pasta at home',
  'regular exercise improves heart health',
  'the heart of the city',
  'exercise for a healthy heart and good health',
  'stock market news',
];
/** The ranking the simulator's scoring implies, as document indices. */
export const expectedOrder = (query: string, documents: string[]) =>
  documents
    .map((d, i) => ({ i, s: simulatedLogit(query, d) }))
    .sort((a, b) => b.s - a.s)
    .map((x) => x.i);

const PARAMS: Partial<Record<RerankProvider, Record<string, unknown>>> = {
  vertex: { project: 'sim-project' },
};
const MODELS: Partial<Record<RerankProvider, string>> = {
  'cohere-compatible': 'cohere/rerank-v3.5',
  heroku: 'cohere-rerank-3-5',
  azure: 'Cohere-rerank-v3.5',
};

export function providerConfig(
  provider: RerankProvider,
  extra: Partial<PipelineConfig> = {},
): PipelineConfig {
  const params = { ...PARAMS[provider], ...(extra.params ?? {}) };
  return {
    version: 1,
    name: provider,
    strategy: 'dedicated-model',
    provider,
    baseUrl: sim.baseUrl(provider),
    ...(MODELS[provider] ? { model: MODELS[provider] } : {}),
    ...extra,
    params,
  };
}

/** Runs through the contract. The cache is bypassed unless a test asks for it: tests repeat calls. */
export const run = (
  configs: PipelineConfig[],
  fields: Record<string, unknown> = {},
  on = services,
) => runThroughContract(on, { query: QUERY, documents: DOCS, configs, fields });

export const column = async (
  config: PipelineConfig,
  fields: Record<string, unknown> = {},
): Promise<ColumnResult> => (await run([config], fields)).columns[0]!;
