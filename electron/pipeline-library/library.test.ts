import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/contract/dispatch';
import type { OperationResponse } from '../../shared/contract';
import { createServices, type Services } from '../composition/compose';
import { createPipelineLibrary } from './library';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rerank-library-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const bm25 = {
  version: 1,
  name: 'BM25 tuned',
  strategy: 'heuristic',
  params: { method: 'bm25', k1: 0.9, b: 0.4 },
};

describe('the pipeline library', () => {
  it('saves one file per pipeline, named by a key made from the name and kept unique', async () => {
    const library = createPipelineLibrary(path.join(dir, 'pipelines'));
    const first = await library.save(bm25);
    const second = await library.save(bm25);
    expect(first.ok && first.value.config.key).toBe('bm25-tuned');
    expect(second.ok && second.value.config.key).toBe('bm25-tuned-2');
    expect((await readdir(path.join(dir, 'pipelines'))).sort()).toEqual([
      'bm25-tuned-2.rerank.json',
      'bm25-tuned.rerank.json',
    ]);
    const text = await readFile(path.join(dir, 'pipelines', 'bm25-tuned.rerank.json'), 'utf8');
    expect(JSON.parse(text)).toEqual({ ...bm25, key: 'bm25-tuned' });
  });

  it('refuses a key another pipeline has, and renames a pipeline being edited', async () => {
    const library = createPipelineLibrary(dir);
    await library.save({ ...bm25, key: 'a' });
    await library.save({ ...bm25, key: 'b' });
    const clash = await library.save({ ...bm25, key: 'a' }, 'b');
    expect(clash).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const renamed = await library.save({ ...bm25, key: 'c', disabled: true }, 'b');
    expect(renamed.ok).toBe(true);
    const { entries } = await library.list();
    expect(entries.map((e) => [e.config.key, e.config.disabled ?? false])).toEqual([
      ['a', false],
      ['c', true],
    ]);
    expect(await library.delete('a')).toBe(true);
    expect(await library.delete('a')).toBe(false);
  });

  it('lists every problem of an invalid config and writes nothing', async () => {
    const library = createPipelineLibrary(dir);
    const saved = await library.save({ version: 1, name: '', strategy: 'heuristic', topN: 0 });
    expect(saved).toEqual({
      ok: false,
      error: {
        code: 'invalid_request',
        message: 'name: name is required\ntopN: topN must be at least 1',
      },
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports a broken file without touching it, and leaves no temporary files', async () => {
    const library = createPipelineLibrary(dir);
    await library.save(bm25);
    const broken = path.join(dir, 'broken.rerank.json');
    await writeFile(broken, '{"version": 1, "name": "x",\n  "strategy": }');
    const { entries, problems } = await library.list();
    expect(entries.map((e) => e.config.key)).toEqual(['bm25-tuned']);
    expect(problems).toEqual([
      {
        file: broken,
        message: expect.stringMatching(
          /broken\.rerank\.json: not valid JSON: value expected at line 2, column 15$/,
        ) as string,
      },
    ]);
    expect(await readFile(broken, 'utf8')).toBe('{"version": 1, "name": "x",\n  "strategy": }');
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('pipelines:* with the run history', () => {
  let services: Services;
  beforeEach(() => {
    services = createServices({ host: 'test', dataDir: dir, env: {} });
  });
  afterEach(() => services.close());
  const call = async <T>(name: string, request: unknown) => {
    const result = await dispatch(services.handlers, name, request);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as T;
  };

  it('shows each saved pipeline with its runs, average latency and last error', async () => {
    type Saved = OperationResponse<'pipelines:save'>;
    const good = await call<Saved>('pipelines:save', { config: bm25 });
    // No COHERE_API_KEY in this environment: every run of it fails, with the reason.
    const failing = await call<Saved>('pipelines:save', {
      config: { version: 1, name: 'Cohere', strategy: 'dedicated-model', provider: 'cohere' },
    });
    const run = (id: string) =>
      call('rerank:run', {
        runId: id,
        query: 'zebra',
        documents: ['a zebra', 'a horse'],
        columns: [
          { id: 'a', config: good.config },
          { id: 'b', config: failing.config },
        ],
      });
    await run('r1');
    await run('r2');
    const { pipelines } = await call<OperationResponse<'pipelines:list'>>('pipelines:list', {});
    const byKey = new Map(pipelines.map((p) => [p.config.key, p.stats]));
    expect(byKey.get('bm25-tuned')).toMatchObject({ runs: 2, errors: 0 });
    expect(byKey.get('bm25-tuned')?.averageLatencyMs).toBeGreaterThanOrEqual(0);
    expect(byKey.get('cohere')).toMatchObject({
      runs: 2,
      errors: 2,
      lastError: { message: expect.stringContaining('No API key for cohere') as string },
    });
    // A tuned copy is a new line: the saved pipeline's figures do not change.
    await call('rerank:run', {
      runId: 'r3',
      query: 'zebra',
      documents: ['a zebra'],
      columns: [{ id: 'a', config: { ...good.config, params: { method: 'bm25', k1: 2, b: 0.4 } } }],
    });
    const again = await call<OperationResponse<'pipelines:get'>>('pipelines:get', {
      key: 'bm25-tuned',
    });
    expect(again.stats.runs).toBe(2);
  });

  it('exports a config to every target, with reasons for the ones it cannot reach', async () => {
    const { exports } = await call<OperationResponse<'pipelines:export'>>('pipelines:export', {
      config: bm25,
      sample: { query: 'zebra', documents: ['a zebra'] },
    });
    expect(exports.filter((e) => e.ok).map((e) => e.target)).toEqual([
      'json',
      'yaml',
      // Through `rerank-studio serve`, which runs BM25 as the app does.
      'ai-sdk',
      'langchain',
      'dockerfile',
      'compose',
      'kubernetes',
    ]);
    const bad = await call<OperationResponse<'pipelines:export'>>('pipelines:export', {
      config: {
        version: 1,
        name: 'x',
        strategy: 'dedicated-model',
        provider: 'cohere',
        params: { priority: 'high' },
      },
      targets: ['curl'],
    });
    expect(bad.exports[0]).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /^Not exportable to curl: the provider request could not be built: Cohere: params\.priority/,
      ) as string,
    });
  });
});
