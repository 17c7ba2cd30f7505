/**
 * The built CLI's progress bar: drawn with the time left when stderr is a terminal (a
 * pseudo-terminal from util-linux `script`), and absent when stderr is a pipe. A local-model
 * rerank of many documents and a download from the loopback Hub, each both ways.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBertCrossEncoder } from '../../../testkit/models/bert-cross-encoder';
import { TINYBERT_L2 } from '../../../testkit/models/bert-graph';
import { writeTinyCrossEncoder } from '../../../testkit/models/tiny-cross-encoder';
import {
  LONG_RUN_CONFIG,
  LONG_RUN_MODEL,
  LONG_RUN_WORDS,
  longRunDocuments,
} from '../../../testkit/fixtures/long-run';
import type { ModelHub } from '../../../testkit/model-hub';

const cli = path.resolve('out/node/cli.mjs');
const work = mkdtempSync(path.join(tmpdir(), 'rerank-studio-cli-progress-'));
const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
let hub: ModelHub;

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  writeBertCrossEncoder(path.join(work, 'data', 'models', ...LONG_RUN_MODEL.split('/')), {
    shape: TINYBERT_L2,
    tokenizer: { words: LONG_RUN_WORDS },
    quantization: false,
  });
  // 240 documents, 8 to a batch: 30 batches, so an estimate exists well before the end.
  writeFileSync(path.join(work, 'docs.txt'), longRunDocuments(240).join('\n'));
  writeFileSync(path.join(work, 'local.json'), JSON.stringify(LONG_RUN_CONFIG));
  const hubScript = (await import(
    new URL('../../../scripts/model-hub.mjs', import.meta.url).href
  )) as { startModelHub: (o: { repo: string; bytesPerTick?: number }) => Promise<ModelHub> };
  const { startModelHub } = hubScript;
  // 256 bytes every 20 ms: the 5.6 kB model file takes over 400 ms, past the 100 ms throttle.
  hub = await startModelHub({
    repo: writeTinyCrossEncoder(path.join(work, 'repo')),
    bytesPerTick: 256,
  });
});
afterAll(async () => {
  await hub?.close();
  rmSync(work, { recursive: true, force: true });
});

const env = (data: string) => ({
  PATH: process.env.PATH,
  SHELL: '/bin/sh',
  HOME: work,
  RERANK_STUDIO_DATA_DIR: path.join(work, data),
  RERANK_STUDIO_KEYCHAIN: 'off',
});
const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/** Runs the CLI with stdout and stderr on a pseudo-terminal; returns what the terminal got. */
async function inTerminal(args: string[], data = 'data') {
  const command = [process.execPath, cli, ...args].map(quote).join(' ');
  const { stdout } = await promisify(execFile)('script', ['-qefc', command, '/dev/null'], {
    env: env(data),
    timeout: 120_000,
  });
  // The escape character shown as ⎋, so the patterns below need no control characters.
  return stdout.replaceAll('\x1b', '⎋');
}

/** Runs the CLI with stdout and stderr on pipes. */
async function piped(args: string[], data = 'data') {
  return promisify(execFile)(process.execPath, [cli, ...args], {
    env: env(data),
    timeout: 120_000,
  });
}

const rerank = () => [
  'rerank',
  '--query',
  'heart health',
  '--docs',
  path.join(work, 'docs.txt'),
  '--config',
  path.join(work, 'local.json'),
];
/** A bar redrawn in place, with the time left (the exact figure depends on this machine). */
const BAR_WITH_TIME_LEFT =
  /\r\[[#-]{24}\] +\d+% [\d,]+ of [\d,]+ tokens · (about \d+ (s|min|h)|a few seconds) left⎋\[K/;

describe.skipIf(!hasScript)('the CLI progress bar', () => {
  it('draws a bar with the time left on a terminal during a long local-model rerank', async () => {
    const output = await inTerminal(rerank());
    expect(output).toMatch(BAR_WITH_TIME_LEFT);
    // The bar is erased before the results, which arrive whole.
    expect(output).toMatch(/\r⎋\[K\{"results":\[/);
  });

  it('writes no progress when stderr is a pipe', async () => {
    const { stdout, stderr } = await piped(rerank());
    expect(stderr).toBe('');
    expect((JSON.parse(stdout) as { results: unknown[] }).results).toHaveLength(240);
  });

  it('draws the download with its speed and time left on a terminal, and nothing on a pipe', async () => {
    const args = ['models', 'download', 'tests/hub-tiny', '--hub', hub.url];
    const output = await inTerminal(args, 'download-tty');
    expect(output).toMatch(
      /\r\[[#-]{24}\] +\d+% [\d.]+ MB of [\d.]+ MB at [\d.]+ MB\/s onnx\/model\.onnx · (about \d+ s|a few seconds) left⎋\[K/,
    );
    expect(output).toMatch(/tests\/hub-tiny {2}fp32/);
    const { stdout, stderr } = await piped(args, 'download-pipe');
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^tests\/hub-tiny {2}fp32/);
  });
});
