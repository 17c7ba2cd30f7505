import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { bm25Scores } from '../../../shared/scoring/bm25';
import { runCli } from './cli';

const dir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  return full;
}

/** Runs the real CLI in-process; only the process boundary (stdio, files) is provided here. */
async function cli(args: string[], stdin = '') {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => Promise.resolve(stdin),
    readFile: (f) => readFile(f, 'utf8'),
    env: { RERANK_STUDIO_DATA_DIR: dir },
  });
  return { code, stdout, stderr };
}

const DOCS = [
  'Paris is the capital of France',
  'Berlin is the capital of Germany',
  'The capital of France has the Louvre',
];

describe('rerank-studio rerank', () => {
  it('prints a Cohere-shaped ranking that matches BM25', async () => {
    const docs = file('docs.txt', DOCS.join('\n') + '\n');
    const { code, stdout, stderr } = await cli([
      'rerank',
      '--query',
      'capital of France',
      '--docs',
      docs,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const output = JSON.parse(stdout) as { results: { index: number; relevance_score: number }[] };
    const expected = bm25Scores('capital of France', DOCS, { k1: 1.2, b: 0.75 })
      .map((score, index) => ({ index, relevance_score: score }))
      .sort((a, b) => b.relevance_score - a.relevance_score);
    expect(output).toEqual({ results: expected });
    expect(output.results[output.results.length - 1]!.index).toBe(1);
  });

  it('reads a JSON array with ids from stdin, applies --top-n and a YAML config', async () => {
    const config = file(
      'input.yaml',
      'version: 1\nname: input order\nstrategy: heuristic\nparams:\n  method: input-order\n',
    );
    const stdin = JSON.stringify([{ id: 'a', text: 'x' }, { id: 'b', content: 'y' }, 'z']);
    const { code, stdout } = await cli(
      ['rerank', '--query', 'q', '--docs', '-', '--config', config, '--top-n', '2'],
      stdin,
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      results: [
        { index: 0, id: 'a', relevance_score: 1 },
        { index: 1, id: 'b', relevance_score: 2 / 3 },
      ],
    });
  });

  it('reads JSON Lines', async () => {
    const docs = file('docs.jsonl', '{"text":"red apple"}\n{"text":"green pear"}\n');
    const { code, stdout } = await cli(['rerank', '--query', 'pear', '--docs', docs]);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { results: { index: number }[] }).results[0]!.index).toBe(1);
  });

  it.each([
    [['--query', ' '], 'a\nb', 'query is required for rerank'],
    [['--query', 'q'], '[]', 'documents are required for rerank'],
    [['--query', 'q'], '["a", "  "]', 'document text is required for rerank at index 1'],
    [['--query', 'q', '--top-n', '0'], 'a', 'top_n must be at least 1'],
    [['--query', 'q', '--top-n', '1.5'], 'a', 'top_n must be an integer (got 1.5)'],
    [['--query', 'q', '--top-n', 'ten'], 'a', 'top_n must be an integer (got "ten")'],
  ])('bad input %j → exit 2 and the message on stderr', async (args, stdin, message) => {
    const { code, stdout, stderr } = await cli(['rerank', ...args, '--docs', '-'], stdin);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${message}\n`);
  });

  it('warns on stderr when top_n is clamped, keeping stdout pure JSON', async () => {
    const { code, stdout, stderr } = await cli(
      ['rerank', '--query', 'a', '--docs', '-', '--top-n', '5'],
      'a\nb',
    );
    expect(code).toBe(0);
    expect(stderr).toBe(
      'warning: top_n (5) is larger than the number of documents (2); returning all 2\n',
    );
    expect(JSON.parse(stdout)).toHaveProperty('results');
  });

  it('names the file and problem for unreadable or invalid inputs', async () => {
    expect(
      (await cli(['rerank', '--query', 'q', '--docs', path.join(dir, 'missing.txt')])).stderr,
    ).toBe(`--docs ${path.join(dir, 'missing.txt')}: no such file\n`);
    const broken = file('broken.json', '[\n"a",\n]');
    const result = await cli(['rerank', '--query', 'q', '--docs', broken]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        `^--docs ${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON: .*line 3`,
      ),
    );
    const future = file('future.json', '{"version": 9, "name": "x", "strategy": "heuristic"}');
    expect(
      (await cli(['rerank', '--query', 'q', '--docs', '-', '--config', future], 'a')).stderr,
    ).toMatch(/version 9 is newer/);
    const unsupported = file(
      'judge.json',
      '{"version": 1, "name": "judge", "strategy": "llm-judge", "provider": "cohere"}',
    );
    const judged = await cli(
      ['rerank', '--query', 'q', '--docs', '-', '--config', unsupported],
      'a',
    );
    expect(judged.code).toBe(2);
    expect(judged.stderr).toMatch(/llm-judge strategy needs an LLM provider/);
  });

  it('rejects unknown commands and options with usage', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2);
    const unknownOption = await cli(['rerank', '--query', 'q', '--docs', '-', '--bogus']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toMatch(/Unknown option '--bogus'/);
    expect((await cli(['rerank', '--query', 'q'])).stderr).toBe(
      '--docs is required (a file, or - for standard input)\n',
    );
    expect((await cli(['--help'])).stdout).toMatch(/^Usage: rerank-studio/);
  });
});

describe('the installed bin', () => {
  const bin = path.resolve('bin/rerank-studio.mjs');
  it('runs as a real process through `npx rerank-studio` (built by npm install)', async () => {
    expect(existsSync(path.resolve('out/node/cli.mjs')), 'run `npm run build:node` first').toBe(
      true,
    );
    const docs = file('bin-docs.txt', 'alpha beta\ngamma alpha alpha\n');
    const { stdout } = await promisify(execFile)(process.execPath, [
      bin,
      'rerank',
      '--query',
      'alpha',
      '--docs',
      docs,
    ]);
    expect(
      (JSON.parse(stdout) as { results: { index: number }[] }).results.map((r) => r.index),
    ).toEqual([1, 0]);
    const failure = await promisify(execFile)(process.execPath, [
      bin,
      'rerank',
      '--query',
      '',
      '--docs',
      docs,
    ]).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2, stderr: 'query is required for rerank\n' });
  });
});
