/**
 * The round trip: a config exported as JSON by `pipelines:export`, loaded by `serve` from the
 * file, called over HTTP, ranks exactly as `rerank:run` ranks it (same order, same scores),
 * for a tuned BM25 with boosts, a provider through the simulator, and a fusion of both. (The
 * e2e suite does the same starting from a column built in the UI.)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/contract/dispatch';
import type { OperationResponse, RerankRunAnswer } from '../../../shared/contract';
import type { PipelineConfig } from '../../../shared/pipeline/config';
import { createServices, type Services } from '../../composition/compose';
import { simulatorEnv } from '../../../testkit/provider-env';
import {
  startProviderSimulator,
  type ProviderSimulator,
} from '../../../testkit/provider-simulator';
import { loadServedConfigs } from './config-loader';
import { jsonLinesLog } from './log';
import { startRerankServer, type RerankServer } from './rerank-server';

const QUERY = 'dog training tips';
const DOCUMENTS = [
  { text: 'Cats are independent animals.', metadata: { source: 'blog' } },
  {
    text: 'Dog training takes patience: short sessions, treats and repetition.',
    metadata: { source: 'vet' },
  },
  { text: 'Tips for training a puppy: dog crates and routines.', metadata: { source: 'blog' } },
  { text: 'The weather today is sunny.', metadata: { source: 'news' } },
];

let sim: ProviderSimulator;
let services: Services;
let server: RerankServer;
let dir: string;
let configs: PipelineConfig[];

beforeAll(async () => {
  sim = await startProviderSimulator();
  dir = await mkdtemp(path.join(tmpdir(), 'rerank-roundtrip-'));
  services = createServices({ host: 'test', dataDir: dir, env: simulatorEnv(), historyDir: false });
  const bm25: PipelineConfig = {
    version: 1,
    name: 'Boosted BM25',
    strategy: 'heuristic',
    params: {
      method: 'bm25',
      k1: 1.5,
      b: 0.6,
      keywords: [{ term: 'patience', weight: 1.5 }],
      fields: [{ field: 'source', value: 'vet', weight: 2 }],
    },
  };
  const cohere: PipelineConfig = {
    version: 1,
    name: 'Cohere sim',
    strategy: 'dedicated-model',
    provider: 'cohere',
    model: 'rerank-v3.5',
    baseUrl: sim.baseUrl('cohere'),
  };
  const fusion: PipelineConfig = {
    version: 1,
    name: 'Hybrid',
    strategy: 'fusion',
    params: {
      method: 'weighted',
      normalization: 'minmax',
      weights: [1, 2],
      members: [bm25, cohere],
    },
  };
  configs = [bm25, cohere, fusion];
  // Export each as JSON, the way the export dialog and `rerank-studio export` do, into one folder.
  for (const config of configs) {
    const result = await dispatch(services.handlers, 'pipelines:export', {
      config,
      targets: ['json'],
    });
    const exported = (result as { value: OperationResponse<'pipelines:export'> }).value.exports[0]!;
    if (!exported.ok) throw new Error(exported.reason);
    await writeFile(path.join(dir, exported.fileName), exported.text);
  }
  const loaded = await loadServedConfigs(dir);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  server = await startRerankServer({
    services,
    pipelines: loaded.pipelines,
    tokens: [],
    port: 0,
    log: jsonLinesLog(() => {}),
  });
});
afterAll(async () => {
  await server.close();
  await services.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('export → serve → HTTP', () => {
  it.each(['boosted-bm25', 'cohere-sim', 'hybrid'])('%s ranks as rerank:run does', async (key) => {
    const config = configs.find((c) => c.name.toLowerCase().replace(/ /g, '-') === key)!;
    const run = await dispatch(services.handlers, 'rerank:run', {
      runId: `rt-${key}`,
      query: QUERY,
      documents: DOCUMENTS,
      columns: [{ id: 'ui', config }],
      bypassCache: true,
    });
    const column = (run as { value: RerankRunAnswer }).value.columns[0]!;
    expect(column.status).toBe('ok');
    const response = await fetch(`${server.url}/v1/rerank`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: key, query: QUERY, documents: DOCUMENTS }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      results: { index: number; relevance_score: number }[];
    };
    expect(body.results.map((r) => r.index)).toEqual(column.results.map((r) => r.index));
    expect(body.results.map((r) => r.relevance_score)).toEqual(column.results.map((r) => r.score));
    // Not a ranking that happens to match: the documents really are reordered.
    expect(body.results.map((r) => r.index)).not.toEqual([0, 1, 2, 3]);
  });
});
