/**
 * `--budget` and `--yes` on `rerank` and `eval`, against the loopback simulator: over budget,
 * nothing reaches the provider and the command exits 2 with the estimate; with `--yes` it
 * prints the estimate and spends.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { labelledJsonl } from '../../../shared/evaluation/labelled-sample';
import { simulatorEnv } from '../../../testkit/provider-env';
import {
  startProviderSimulator,
  type ProviderSimulator,
} from '../../../testkit/provider-simulator';
import { runCli } from './cli';

let sim: ProviderSimulator;
const dir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-cli-budget-'));
beforeAll(async () => {
  sim = await startProviderSimulator();
});
afterEach(() => sim.reset());
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => Promise.resolve(''),
    readFile: (f) => readFile(f, 'utf8'),
    env: { ...simulatorEnv(), RERANK_STUDIO_DATA_DIR: dir },
  });
  return { code, stdout, stderr };
}

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

const bedrock = () =>
  write(
    'bedrock.json',
    JSON.stringify({
      version: 1,
      name: 'bedrock',
      strategy: 'dedicated-model',
      provider: 'bedrock',
      model: 'cohere.rerank-v3-5:0',
      baseUrl: sim.baseUrl('bedrock'),
    }),
  );
// 1,000 short documents: ceil(1,000 / 100) = 10 queries × $2.00 / 1,000 = $0.02.
const docs = write(
  'docs.txt',
  Array.from({ length: 1000 }, (_, i) => `document ${i} on heart health`).join('\n'),
);
const rerank = (...extra: string[]) =>
  cli(['rerank', '--query', 'heart', '--docs', docs, '--config', bedrock(), ...extra]);

describe('rerank --budget', () => {
  it('refuses an estimate over the budget before anything is sent (exit 2)', async () => {
    const { code, stdout, stderr } = await rerank('--budget', '0.01');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^estimated cost \$0\.02 is over the budget of \$0\.01; nothing was sent/,
    );
    expect(stderr).toContain('bedrock: 10 estimated queries × $2.00/1,000');
    expect(stderr).toContain('Run again with --yes to spend it.');
    expect(sim.requests).toHaveLength(0);
  });

  it('with --yes prints the estimate and spends', async () => {
    const { code, stdout, stderr } = await rerank('--budget', '0.01', '--yes');
    expect(code).toBe(0);
    expect(stderr).toMatch(/^note: estimated cost \$0\.02 .*going ahead \(--yes\)\n$/);
    expect((JSON.parse(stdout) as { results: unknown[] }).results).toHaveLength(1000);
    expect(sim.requests).toHaveLength(1);
  });

  it('runs without a word within the budget, and names a bad amount', async () => {
    const within = await rerank('--budget', '0.02');
    expect(within).toMatchObject({ code: 0, stderr: '' });
    const bad = await rerank('--budget', 'ten');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--budget must be an amount in USD, 0 or more \(got "ten"\)/);
  });
});

describe('eval --budget', () => {
  it('refuses an evaluation over budget, and runs it with --yes', async () => {
    const cohere = write(
      'cohere.json',
      JSON.stringify({
        version: 1,
        name: 'cohere',
        strategy: 'dedicated-model',
        provider: 'cohere',
        baseUrl: sim.baseUrl('cohere'),
      }),
    );
    const set = write('set.jsonl', labelledJsonl());
    const args = ['eval', '--config', cohere, '--dataset', set, '--budget', '0.001'];
    // Three queries of under 100 candidates: 3 search units × $2.00 / 1,000 = $0.006.
    const refused = await cli(args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/estimated cost \$0\.0060 is over the budget of \$0\.0010/);
    expect(sim.requests).toHaveLength(0);
    const agreed = await cli([...args, '--yes']);
    expect(agreed.code).toBe(0);
    expect(agreed.stderr).toContain('going ahead (--yes)');
    expect(sim.requests).toHaveLength(3);
  });
});
