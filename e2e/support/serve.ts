/**
 * `rerank-studio serve` as a user runs it: the built CLI in a child process, with its own
 * environment, ready when it logs its URL. Stopped by its process id.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/rerank-studio.mjs', import.meta.url));

export interface ServedCli {
  url: string;
  /** Everything it printed (JSON lines on stdout, and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/** Serves `configText` (an exported config file) with `env` and the given tokens. */
export async function serveConfig(
  configText: string,
  env: Record<string, string>,
  fileName = 'pipeline.rerank.json',
): Promise<ServedCli> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rerank-e2e-serve-'));
  const file = path.join(dir, fileName);
  await writeFile(file, configText);
  const child = spawn(process.execPath, [bin, 'serve', '--config', file, '--port', '0'], {
    env: {
      PATH: process.env.PATH ?? '',
      RERANK_STUDIO_DATA_DIR: dir,
      RERANK_STUDIO_KEYCHAIN: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      output += `${line}\n`;
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'listening' && entry.url) resolve(entry.url);
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${output}`)));
  });
  return {
    url,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
