/** The built CLI in its own process with a local model: import, rerank, list, delete. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTinyCrossEncoder } from '../../../testkit/models/tiny-cross-encoder';

const cli = path.resolve('out/node/cli.mjs');
const work = mkdtempSync(path.join(tmpdir(), 'rerank-studio-cli-local-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(args: string[]) {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  const env = {
    PATH: process.env.PATH,
    HOME: work,
    RERANK_STUDIO_DATA_DIR: path.join(work, 'data'),
    RERANK_STUDIO_KEYCHAIN: 'off',
  };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], {
      env,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('rerank-studio with a local model', () => {
  it('imports a model folder, reranks with it, lists and deletes it', async () => {
    const folder = writeTinyCrossEncoder(path.join(work, 'tiny'));
    expect(await run(['models', 'import', folder, '--id', 'tests/tiny'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(
        /^tests\/tiny {2}fp32 {2}[\d.]+ MB {2}max 512 tokens\n$/,
      ) as unknown,
    });
    const docs = path.join(work, 'docs.txt');
    writeFileSync(
      docs,
      'cooking pasta at home\nregular exercise improves heart health\nstock market news\n',
    );
    const config = path.join(work, 'local.json');
    writeFileSync(
      config,
      JSON.stringify({
        version: 1,
        name: 'tiny',
        strategy: 'dedicated-model',
        provider: 'local',
        model: 'tests/tiny',
        params: { maxLength: 128 },
      }),
    );
    const ranked = await run([
      'rerank',
      '--query',
      'heart health exercise',
      '--docs',
      docs,
      '--config',
      config,
    ]);
    expect(ranked).toMatchObject({ code: 0, stderr: '' });
    const { results } = JSON.parse(ranked.stdout) as {
      results: { index: number; relevance_score: number }[];
    };
    expect(results.map((r) => r.index).sort()).toEqual([0, 1, 2]);
    const scores = results.map((r) => r.relevance_score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.every((s) => s > 0 && s < 1)).toBe(true);

    const listed = JSON.parse((await run(['models', 'list', '--json'])).stdout) as {
      installed: { id: string }[];
    };
    expect(listed.installed.map((m) => m.id)).toEqual(['tests/tiny']);
    expect((await run(['models', 'delete', 'tests/tiny'])).code).toBe(0);
    expect(await run(['models', 'delete', 'tests/tiny'])).toMatchObject({
      code: 2,
      stderr: 'no model "tests/tiny" is installed\n',
    });
    expect(await run(['rerank', '--query', 'q', '--docs', docs, '--config', config])).toMatchObject(
      {
        code: 2,
        stderr: 'model "tests/tiny" is not installed: download it or import its folder in Models\n',
      },
    );
  });
});
