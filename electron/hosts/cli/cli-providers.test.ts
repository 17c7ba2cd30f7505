/**
 * The CLI with a `dedicated-model` config for every provider, against the loopback simulator:
 * keys come from the environment, as they do for a headless host.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RERANK_PROVIDERS, type RerankProvider } from '../../../shared/providers/catalog';
import { simulatorEnv } from '../../../testkit/provider-env';
import {
  simulatedLogit,
  startProviderSimulator,
  type ProviderSimulator,
} from '../../../testkit/provider-simulator';
import { runCli } from './cli';

let sim: ProviderSimulator;
const dir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-cli-providers-'));
beforeAll(async () => {
  sim = await startProviderSimulator();
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const QUERY = 'heart health exercise';
const DOCS = ['cooking pasta', 'exercise improves heart health', 'heart of the city'];
const EXTRA: Partial<Record<RerankProvider, object>> = {
  'cohere-compatible': { model: 'cohere/rerank-v3.5' },
  heroku: { model: 'cohere-rerank-3-5' },
  azure: { model: 'Cohere-rerank-v3.5' },
  vertex: { params: { project: 'sim-project' } },
};

async function cli(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => Promise.resolve(DOCS.join('\n')),
    readFile: (f) => readFile(f, 'utf8'),
    env: { ...env, RERANK_STUDIO_DATA_DIR: dir },
  });
  return { code, stdout, stderr };
}

function configFile(provider: RerankProvider): string {
  const file = path.join(dir, `${provider}.json`);
  const config = {
    version: 1,
    name: provider,
    strategy: 'dedicated-model',
    provider,
    baseUrl: sim.baseUrl(provider),
    ...EXTRA[provider],
  };
  writeFileSync(file, JSON.stringify(config));
  return file;
}

describe('rerank-studio rerank with a provider config', () => {
  it.each(RERANK_PROVIDERS)('%s prints the Cohere-shaped ranking', async (provider) => {
    const { code, stdout, stderr } = await cli(
      ['rerank', '--query', QUERY, '--docs', '-', '--config', configFile(provider)],
      simulatorEnv(),
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { results } = JSON.parse(stdout) as {
      results: { index: number; relevance_score: number }[];
    };
    const expected = DOCS.map((d, i) => ({ i, s: simulatedLogit(QUERY, d) }))
      .sort((a, b) => b.s - a.s)
      .map((x) => x.i);
    expect(results.map((r) => r.index)).toEqual(expected);
    for (const r of results) expect(r.relevance_score).toBeGreaterThan(0);
  });

  it('exits 1 with the provider’s message when the provider refuses, and 2 without a key', async () => {
    sim.script('jina', [{ status: 401, body: { detail: 'Invalid API key' } }]);
    const refused = await cli(
      ['rerank', '--query', QUERY, '--docs', '-', '--config', configFile('jina')],
      simulatorEnv(),
    );
    expect(refused).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'jina answered 401: Invalid API key\n',
    });
    const keyless = await cli(
      ['rerank', '--query', QUERY, '--docs', '-', '--config', configFile('jina')],
      {},
    );
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toMatch(/^No API key for jina: set JINA_API_KEY/);
  });
});
