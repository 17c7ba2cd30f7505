/** `rerank-studio keys` in-process with the keychain switched off (keychain.test.ts has it on). */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { freshDataDir } from '../../../testkit/temp-dir';
import { runCli } from './cli';

async function keys(args: string[], stdin = '', env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['keys', ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => Promise.resolve(stdin),
    readFile: (f) => readFile(f, 'utf8'),
    env: {
      RERANK_STUDIO_DATA_DIR: freshDataDir('cli-keys'),
      RERANK_STUDIO_KEYCHAIN: 'off',
      ...env,
    },
  });
  return { code, stdout, stderr };
}

describe('rerank-studio keys', () => {
  it('lists every provider with where its key comes from, never the key', async () => {
    const { code, stdout } = await keys([], '', { JINA_API_KEY: 'jina-key-0123456789-LAST' });
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Keys set here are held for this session only: this host does not use the keychain\.\n/,
    );
    expect(stdout).toMatch(/^jina {15}••••LAST {2}environment$/m);
    expect(stdout).toMatch(/^cohere {13}not set {3}\(Cohere\)$/m);
    expect(stdout).not.toContain('0123456789');
  });

  it('refuses to set a key it could not keep, and says what to do instead', async () => {
    const { code, stderr } = await keys(['set', 'cohere'], 'sk-0123456789\n');
    expect(code).toBe(1);
    expect(stderr).toBe(
      'this host does not use the keychain: a key set here would be lost when this command exits; set COHERE_API_KEY instead\n',
    );
  });

  it('exits 2 on unknown actions and providers, and 1 when a test fails', async () => {
    expect(await keys(['frob'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^unknown keys action "frob"/) as unknown,
    });
    expect(await keys(['clear', 'openai'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^unknown provider "openai"/) as unknown,
    });
    expect(await keys(['test'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^a provider is required/) as unknown,
    });
    const failed = await keys(['test', 'cohere']);
    expect(failed).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^failed: No API key for cohere/) as unknown,
    });
  });
});
