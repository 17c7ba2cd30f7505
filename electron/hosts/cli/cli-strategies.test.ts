/**
 * The CLI with the strategy configs a user saves from the app: an LLM judge and listwise
 * against the loopback chat simulator (key from the environment), and a fusion of both with
 * BM25. Warnings go to stderr; the ranking to stdout in the Cohere shape.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BM25_CONFIG, type PipelineConfig } from '../../../shared/pipeline/config';
import { startChatSimulator, type ChatSimulator } from '../../../testkit/llm-simulator';
import { naiveBrain } from '../../../testkit/llm-simulator/naive-brain';
import { runCli } from './cli';

const KEY = 'sk-ant-cli-0123456789abcdef-LAST';
let sim: ChatSimulator;
const dir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-cli-strategies-'));
beforeAll(async () => {
  sim = await startChatSimulator({ respond: naiveBrain, keys: { anthropic: KEY } });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const QUERY = 'heart health exercise';
const DOCS = ['cooking pasta', 'exercise improves heart health', 'heart of the city', 'news'];

async function cli(config: PipelineConfig, env: Record<string, string> = {}) {
  const file = path.join(dir, `${config.name}.json`);
  writeFileSync(file, JSON.stringify(config));
  let stdout = '';
  let stderr = '';
  const code = await runCli(['rerank', '--query', QUERY, '--docs', '-', '--config', file], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => Promise.resolve(DOCS.join('\n')),
    readFile: (f) => readFile(f, 'utf8'),
    env: { ...env, RERANK_STUDIO_DATA_DIR: dir },
  });
  const ranking =
    code === 0 ? (JSON.parse(stdout) as { results: { index: number }[] }).results : [];
  return { code, stderr, order: ranking.map((r) => r.index) };
}

const judge = (): PipelineConfig => ({
  version: 1,
  name: 'judge',
  strategy: 'llm-judge',
  provider: 'anthropic',
  model: 'claude-sim',
  baseUrl: sim.anthropicBaseUrl,
  params: { requestsPerMinute: 0 },
});
const listwise = (): PipelineConfig => ({
  version: 1,
  name: 'listwise',
  strategy: 'llm-listwise',
  provider: 'openai-compatible',
  model: 'sim',
  baseUrl: sim.openaiBaseUrl,
});

describe('rerank-studio rerank with strategy configs', () => {
  it('runs an LLM judge with the key from ANTHROPIC_API_KEY, and names the missing key', async () => {
    const judged = await cli(judge(), { ANTHROPIC_API_KEY: KEY });
    expect(judged).toMatchObject({ code: 0, stderr: '' });
    expect(judged.order.slice(0, 2)).toEqual([1, 2]);
    const keyless = await cli(judge());
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toMatch(/^No API key for anthropic: set ANTHROPIC_API_KEY/);
  });

  it('runs RankGPT listwise and reports its calls on stderr', async () => {
    const ranked = await cli(listwise());
    expect(ranked.code).toBe(0);
    expect(ranked.order).toEqual([1, 2, 0, 3]);
    expect(ranked.stderr).toContain('1 LLM call for 4 documents (window 20, step 10)');
  });

  it('fuses BM25 with the LLM strategies', async () => {
    const fusion: PipelineConfig = {
      version: 1,
      name: 'fusion',
      strategy: 'fusion',
      params: { method: 'rrf', members: [BM25_CONFIG, listwise(), judge()] },
    };
    const fused = await cli(fusion, { ANTHROPIC_API_KEY: KEY });
    expect(fused.code).toBe(0);
    expect(fused.order[0]).toBe(1);
    expect(fused.order).toHaveLength(DOCS.length);
  });
});
