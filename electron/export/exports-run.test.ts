/**
 * The exported artefacts, used for real: the request builder matches the fixtures the golden
 * files were made from; curl, TypeScript and Python snippets call the loopback provider
 * simulator and get answers the app's own adapter parses; shell scripts pass `bash -n`, the
 * Python compiles, the TypeScript type-checks; the Elasticsearch and Bifrost scripts send what
 * they say to a loopback stub, with the key spliced in from the environment.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXPORT_CASES,
  EXPORT_REQUESTS,
  SAMPLE,
  type ExportCase,
} from '../../shared/export/fixtures';
import { exportPipeline, type ExportResult, type ExportTarget } from '../../shared/export';
import type { PipelineConfig } from '../../shared/pipeline/config';
import { adapterFor } from '../providers/adapters';
import { listenLoopback, type LoopbackServer } from '../../testkit/loopback-server';
import { startProviderSimulator, type ProviderSimulator } from '../../testkit/provider-simulator';
import { simulatorEnv } from '../../testkit/provider-env';
import { typeCheckSnippets } from '../../testkit/typecheck-snippets';
import { buildProviderRequest } from './provider-request';

const run = promisify(execFile);
const env = simulatorEnv();
let sim: ProviderSimulator;
let dir: string;

beforeAll(async () => {
  sim = await startProviderSimulator();
  dir = await mkdtemp(path.join(tmpdir(), 'rerank-exports-'));
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

function exported(
  config: PipelineConfig,
  target: ExportTarget,
): Extract<ExportResult, { ok: true }> {
  const request = buildProviderRequest(config, SAMPLE, env);
  const result = exportPipeline(config, target, {
    sample: SAMPLE,
    ...(request.ok ? { request: request.value } : {}),
  });
  if (!result.ok) throw new Error(result.reason);
  return result;
}

async function file(name: string, text: string): Promise<string> {
  const where = path.join(dir, name);
  await writeFile(where, text);
  return where;
}

/** The config pointed at the simulator (whose AWS credentials sign for us-east-1). */
const simulated = (config: PipelineConfig): PipelineConfig => ({
  ...config,
  baseUrl: sim.baseUrl(config.provider as Parameters<ProviderSimulator['baseUrl']>[0]),
  ...(config.provider === 'bedrock' ? { params: { ...config.params, region: 'us-east-1' } } : {}),
});

describe('the provider request the code targets show', () => {
  it.each(Object.keys(EXPORT_REQUESTS) as ExportCase[])('is what the %s adapter builds', (name) => {
    expect(buildProviderRequest(EXPORT_CASES[name], SAMPLE, env)).toEqual({
      ok: true,
      value: EXPORT_REQUESTS[name],
    });
  });
});

const CALLED: ExportCase[] = ['cohere', 'bedrock', 'qwen3', 'tei'];

describe.each(CALLED)('the %s snippets, run against the provider simulator', (name) => {
  const config = () => simulated(EXPORT_CASES[name]);
  const adapter = () =>
    adapterFor((EXPORT_CASES[name] as PipelineConfig).provider as Parameters<typeof adapterFor>[0]);

  /** The answer parses with the app's own adapter and ranks Paris first. */
  function expectRanked(stdout: string) {
    const body = JSON.parse(stdout) as unknown;
    const call = {
      query: SAMPLE.query,
      documents: SAMPLE.documents.map((text, index) => ({ index, text })),
      model: 'm',
      baseUrl: 'http://x',
    };
    const parsed = adapter().parseResponse(body, call, adapter().params.parse({}));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const best = [...parsed.value.results].sort((a, b) => b.rawScore - a.rawScore)[0];
    expect(best?.index).toBe(1);
  }

  it('curl', async () => {
    const script = await file(`${name}.sh`, exported(config(), 'curl').text);
    const { stdout } = await run('bash', [script], { env: { ...process.env, ...env } });
    expectRanked(stdout);
  });

  it('TypeScript (fetch)', async () => {
    const source = exported(config(), 'typescript').text;
    if (name === 'bedrock') {
      // aws4fetch is the user's dependency, not ours: parse only; curl signed the same request.
      expect(ts.transpileModule(source, { reportDiagnostics: true }).diagnostics).toEqual([]);
      return;
    }
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const { stdout } = await run(process.execPath, [await file(`${name}.mjs`, js)], {
      env: { ...process.env, ...env },
    });
    expectRanked(stdout);
  });

  it('Python (requests)', async (context) => {
    const source = exported(config(), 'python').text;
    const where = await file(`${name}_rerank.py`, source);
    const python = await run('python3', ['-c', 'import requests']).then(
      () => true,
      () => false,
    );
    if (!python) return context.skip('python3 with requests is not installed');
    await run('python3', ['-m', 'py_compile', where]);
    // Bedrock's snippet signs with botocore, which this machine may not have.
    if (name === 'bedrock') return;
    const { stdout } = await run('python3', [where], { env: { ...process.env, ...env } });
    expectRanked(stdout);
  });
});

describe('every exported script and snippet is well-formed', () => {
  const all = (Object.keys(EXPORT_CASES) as ExportCase[]).flatMap((name) =>
    (
      [
        'curl',
        'bifrost',
        'vllm',
        'tei',
        'infinity',
        'elasticsearch',
        'typescript',
        'python',
      ] as const
    )
      .map((target) => {
        const request = buildProviderRequest(EXPORT_CASES[name], SAMPLE, env);
        return exportPipeline(EXPORT_CASES[name], target, {
          sample: SAMPLE,
          ...(request.ok ? { request: request.value } : {}),
        });
      })
      .filter((r): r is Extract<ExportResult, { ok: true }> => r.ok)
      .map((r) => [`${name} ${r.target}`, r] as const),
  );

  it.each(all)(
    '%s',
    async (label, result) => {
      const where = await file(result.fileName, result.text);
      if (result.language === 'shell') await run('bash', ['-n', where]);
      if (result.language === 'python') {
        const python = await run('python3', ['--version']).then(
          () => true,
          () => false,
        );
        if (python) await run('python3', ['-m', 'py_compile', where]);
      }
      if (result.language === 'typescript' && !result.text.includes('aws4fetch')) {
        const errors = typeCheckSnippets([where]);
        expect(errors, label).toEqual([]);
      }
      // A type-check loads TypeScript's libraries cold (over 20 s seen on a loaded 2-core machine).
    },
    90_000,
  );
});

describe('scripts that talk to a gateway or a search engine', () => {
  let stub: LoopbackServer;
  const received: {
    method: string;
    url: string;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }[] = [];

  beforeAll(async () => {
    stub = await listenLoopback('stub', async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"acknowledged":true}');
    });
  });
  afterAll(() => stub.close());

  it('Elasticsearch: the endpoint gets the key from the environment, the search names it', async () => {
    received.length = 0;
    const script = await file('es.sh', exported(EXPORT_CASES.cohere, 'elasticsearch').text);
    await run('bash', [script], {
      env: {
        ...process.env,
        ELASTICSEARCH_URL: stub.url,
        ELASTIC_API_KEY: 'es-key',
        COHERE_API_KEY: 'co-key-1234',
      },
    });
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'PUT /_inference/rerank/cohere-v3-5',
      'POST /my-index/_search',
    ]);
    expect(received[0]!.headers.authorization).toBe('ApiKey es-key');
    const endpoint = JSON.parse(received[0]!.body) as {
      service: string;
      service_settings: { api_key: string; model_id: string };
    };
    expect(endpoint.service).toBe('cohere');
    expect(endpoint.service_settings).toEqual({ api_key: 'co-key-1234', model_id: 'rerank-v3.5' });
    const search = JSON.parse(received[1]!.body) as {
      retriever: { text_similarity_reranker: { inference_id: string } };
    };
    expect(search.retriever.text_similarity_reranker.inference_id).toBe('cohere-v3-5');
  });

  it('Bifrost: provider/model, documents as objects, fallbacks it can express', async () => {
    received.length = 0;
    const config: PipelineConfig = {
      ...EXPORT_CASES.cohere,
      fallbacks: [
        {
          version: 1,
          name: 'b',
          strategy: 'dedicated-model',
          provider: 'bedrock',
          model: 'amazon.rerank-v1:0',
        },
      ],
    };
    const script = await file('bifrost.sh', exported(config, 'bifrost').text);
    await run('bash', [script], { env: { ...process.env, BIFROST_URL: stub.url } });
    expect(received[0]!.url).toBe('/v1/rerank');
    expect(JSON.parse(received[0]!.body)).toMatchObject({
      model: 'cohere/rerank-v3.5',
      query: SAMPLE.query,
      documents: SAMPLE.documents.map((text) => ({ text })),
      top_n: 5,
      fallbacks: ['bedrock/amazon.rerank-v1:0'],
    });
  });
});
