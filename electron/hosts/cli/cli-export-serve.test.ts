/** `rerank-studio export` and the argument checks of `rerank-studio serve`, in-process. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { nestedFallbackText, nestedFusionText } from '../../../testkit/fixtures/configs';
import { runCli } from './cli';

const dir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-cli-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  return full;
}

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => Promise.resolve(''),
    readFile: (f) => readFile(f, 'utf8'),
    env: { RERANK_STUDIO_DATA_DIR: dir, ...env },
  });
  return { code, stdout, stderr };
}

const cohere = file(
  'cohere.yaml',
  'version: 1\nname: Cohere prod\nstrategy: dedicated-model\nprovider: cohere\nmodel: rerank-v3.5\n',
);

describe('rerank-studio export', () => {
  it('writes a target to standard output or a file', async () => {
    const litellm = await cli(['export', '--config', cohere, '--to', 'litellm']);
    expect(litellm.code).toBe(0);
    expect(parseYaml(litellm.stdout)).toEqual({
      model_list: [
        {
          model_name: 'cohere-prod',
          litellm_params: { model: 'cohere/rerank-v3.5', api_key: 'os.environ/COHERE_API_KEY' },
        },
      ],
    });
    const out = path.join(dir, 'rerank.sh');
    const curl = await cli([
      'export',
      '--config',
      cohere,
      '--to',
      'curl',
      '--out',
      out,
      '--query',
      'who',
    ]);
    expect(curl).toMatchObject({ code: 0, stdout: '', stderr: `wrote ${out}\n` });
    const script = readFileSync(out, 'utf8');
    expect(script).toContain('"query": "who"');
    expect(script).toContain('-H "Authorization: Bearer $COHERE_API_KEY"');
  });

  it('says why a target cannot express the config, and lists targets when asked for another', async () => {
    const bm25 = file('bm25.json', '{"version":1,"name":"bm25","strategy":"heuristic"}');
    const tei = await cli(['export', '--config', bm25, '--to', 'tei']);
    expect(tei.code).toBe(2);
    expect(tei.stderr).toMatch(/^Not exportable to TEI docker run: BM25/);
    const unknown = await cli(['export', '--config', bm25, '--to', 'helm']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^unknown target "helm"; targets:\n {2}json {10}Pipeline config \(JSON\)/,
    );
  });

  it('says why --out cannot be written, with exit 2 and no stack trace', async () => {
    const missing = path.join(dir, 'missing', 'dir', 'x.json');
    const result = await cli(['export', '--config', cohere, '--to', 'json', '--out', missing]);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `--out ${missing}: cannot write: no such folder ${path.dirname(missing)}\n`,
    });
    const folder = await cli(['export', '--config', cohere, '--to', 'json', '--out', dir]);
    expect(folder).toMatchObject({ code: 2, stderr: `--out ${dir}: cannot write: is a folder\n` });
  });

  it('lists every problem of an invalid config with its path', async () => {
    const bad = file(
      'bad.json',
      '{"version":1,"name":"","strategy":"heuristic","topN":0,"colour":1}',
    );
    const result = await cli(['export', '--config', bad, '--to', 'json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `${bad}: name: name is required\n${bad}: topN: topN must be at least 1\n${bad}: Unrecognized key: "colour"\n`,
    );
  });
});

describe('rerank-studio serve refuses to start', () => {
  it('without --config, on a public address without tokens, or with a broken config', async () => {
    expect((await cli(['serve'])).stderr).toMatch(/^--config is required/);
    const open = await cli(['serve', '--config', cohere, '--host', '0.0.0.0']);
    expect(open).toMatchObject({ code: 2 });
    expect(open.stderr).toMatch(
      /^refusing to listen on 0\.0\.0\.0 without authentication: set RERANK_STUDIO_TOKENS/,
    );
    const broken = file(
      'broken.rerank.json',
      '{"version": 3, "name": "x", "strategy": "heuristic"}',
    );
    const refused = await cli(['serve', '--config', broken]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/pipeline config version 3 is newer than this app understands/);
    expect((await cli(['serve', '--config', cohere, '--port', '99999'])).stderr).toMatch(
      /--port must be at most 65535/,
    );
    const deadlines = await cli([
      'serve',
      '--config',
      cohere,
      '--headers-timeout',
      '20',
      '--request-timeout',
      '10',
    ]);
    expect(deadlines).toMatchObject({
      code: 2,
      stderr:
        '--request-timeout (10) must be at least --headers-timeout (20): the headers are part of the request\n',
    });
  });
});

describe('a config nested 10,000 deep (issue 18)', () => {
  // Before the nesting limits: a stack overflow after seconds, or YAML's "Maximum call stack".
  it('is refused with the limit named by rerank, serve and export, at once', async () => {
    const fusions = file('deep-fusion.json', nestedFusionText(10_000));
    const fallbacks = file('deep-fallbacks.json', nestedFallbackText(10_000));
    const docs = file('docs.txt', 'Paris is the capital of France.\n');
    const nested =
      'params.members[0].params.members[0].params.members[0]: fusions nest at most 3 levels deep';
    const rerank = await cli(['rerank', '--query', 'q', '--docs', docs, '--config', fusions]);
    expect(rerank).toMatchObject({ code: 2, stderr: `--config ${fusions}: ${nested}\n` });
    const serve = await cli(['serve', '--config', fusions]);
    expect(serve.code).toBe(2);
    expect(serve.stderr).toContain(`${fusions}: ${nested}`);
    const exported = await cli(['export', '--config', fallbacks, '--to', 'json']);
    expect(exported.code).toBe(2);
    expect(exported.stderr).toMatch(/the pipeline config nests more than 64 levels deep/);
    const yaml = file('deep.yaml', `params: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    const fromYaml = await cli(['rerank', '--query', 'q', '--docs', docs, '--config', yaml]);
    expect(fromYaml.code).toBe(2);
    // Refused before the YAML parser, which recurses per level, ever sees it.
    expect(fromYaml.stderr).toMatch(
      /nests at least 10001 levels deep; a config nests at most 64\n$/,
    );
  });
});
