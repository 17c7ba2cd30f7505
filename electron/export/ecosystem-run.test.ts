/**
 * The AI SDK and LangChain.js exports, run for real: each snippet is written into a temporary
 * project whose node_modules holds exactly the packages its install line names (linked from
 * ours, the version each range admits), type-checked there, transpiled and run with Node. A
 * provider column's snippet calls the loopback provider simulator directly (Cohere, a gateway,
 * Heroku, Together, Bedrock through @ai-sdk/amazon-bedrock, whose SigV4 signature the simulator
 * verifies) with the provider keys in its environment; every other pipeline's calls the
 * built `rerank-studio serve` (a real process, tokens on) serving the pipeline's JSON export,
 * with only the server's URL and token in its environment. The ranking each prints must be the
 * one `rerank:run` gives the same column for the same query and documents.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnResult } from '../../shared/contract';
import { exportPipeline, type ExportResult } from '../../shared/export';
import { ECOSYSTEM_PACKAGES } from '../../shared/export/ecosystem';
import type { PipelineConfig } from '../../shared/pipeline/config';
import { createServices, type Services } from '../composition/compose';
import { workerThread } from '../inference/client';
import { runThroughContract } from '../../testkit/contract-run';
import { SIM_AWS, simulatorEnv } from '../../testkit/provider-env';
import { startProviderSimulator, type ProviderSimulator } from '../../testkit/provider-simulator';
import { startServe, type ServeProcess } from '../../testkit/harness/serve-process';
import { writeTinyCrossEncoder } from '../../testkit/models/tiny-cross-encoder';
import { typeCheckSnippets } from '../../testkit/typecheck-snippets';
import { buildProviderRequest } from './provider-request';

const run = promisify(execFile);
const TOKEN = 'eco-token-1';
const QUERY = 'dog training tips';
const DOCUMENTS = [
  'Cats are independent animals.',
  'Dog training takes patience: short sessions, treats and repetition.',
  'Tips for training a puppy: dog crates and routines.',
  'The weather today is sunny.',
  'Training tips for dog owners: start with sit and stay, then dog walks.',
];
const SAMPLE = { query: QUERY, documents: DOCUMENTS };
const TARGETS = ['ai-sdk', 'langchain'] as const;
type Target = (typeof TARGETS)[number];

let sim: ProviderSimulator;
let services: Services;
let served: ServeProcess;
let dataDir: string;
let project: string;
const configs = new Map<string, PipelineConfig>();
const columns = new Map<string, ColumnResult>();

const bm25: PipelineConfig = {
  version: 1,
  name: 'BM25 tuned',
  strategy: 'heuristic',
  params: { method: 'bm25', k1: 1.2, b: 0.5 },
};

function makeConfigs(): PipelineConfig[] {
  const cohere: PipelineConfig = {
    version: 1,
    name: 'Cohere sim',
    strategy: 'dedicated-model',
    provider: 'cohere',
    model: 'rerank-v3.5',
    topN: 3,
    maxTokensPerDoc: 512,
    baseUrl: sim.baseUrl('cohere'),
  };
  return [
    cohere,
    {
      ...cohere,
      name: 'Cohere windows',
      topN: undefined,
      longDocuments: { mode: 'chunk', window: 8, overlap: 2, aggregate: 'max' },
    },
    {
      version: 1,
      name: 'Gateway',
      strategy: 'dedicated-model',
      provider: 'cohere-compatible',
      model: 'rerank-v3.5',
      baseUrl: sim.baseUrl('cohere-compatible'),
    },
    {
      version: 1,
      name: 'Gateway chunks',
      strategy: 'dedicated-model',
      provider: 'cohere-compatible',
      model: 'rerank-v3.5',
      baseUrl: sim.baseUrl('cohere-compatible'),
      params: { maxChunksPerDoc: 4 },
    },
    {
      version: 1,
      name: 'Heroku',
      strategy: 'dedicated-model',
      provider: 'heroku',
      model: 'cohere-rerank-3-5',
      baseUrl: sim.baseUrl('heroku'),
    },
    {
      version: 1,
      name: 'Azure sim',
      strategy: 'dedicated-model',
      provider: 'azure',
      model: 'Cohere-rerank-v3.5',
      baseUrl: sim.baseUrl('azure'),
    },
    {
      version: 1,
      name: 'Together sim',
      strategy: 'dedicated-model',
      provider: 'together',
      model: 'Salesforce/Llama-Rank-V1',
      baseUrl: sim.baseUrl('together'),
    },
    {
      version: 1,
      name: 'Bedrock sim',
      strategy: 'dedicated-model',
      provider: 'bedrock',
      model: 'amazon.rerank-v1:0',
      // No region: the app and the snippet both read AWS_REGION.
      baseUrl: sim.baseUrl('bedrock'),
    },
    {
      version: 1,
      name: 'Bedrock cut',
      strategy: 'dedicated-model',
      provider: 'bedrock',
      model: 'cohere.rerank-v3-5:0',
      topN: 2,
      // A field for the model (whether Bedrock's Cohere takes this one is not verified; the
      // simulator does not read it): both the adapter and the package must send it alike.
      params: { region: SIM_AWS.region, additionalModelRequestFields: { max_tokens_per_doc: 512 } },
      baseUrl: sim.baseUrl('bedrock'),
    },
    {
      version: 1,
      name: 'Jina sim',
      strategy: 'dedicated-model',
      provider: 'jina',
      model: 'jina-reranker-v2-base-multilingual',
      // The served pipeline's own cut holds against CohereRerank's top_n of every document.
      topN: 2,
      baseUrl: sim.baseUrl('jina'),
    },
    bm25,
    {
      version: 1,
      name: 'Tiny local',
      strategy: 'dedicated-model',
      provider: 'local',
      model: 'tests/tiny',
      params: { maxLength: 128 },
    },
    {
      version: 1,
      name: 'Hybrid',
      strategy: 'fusion',
      params: { method: 'rrf', members: [bm25, { ...cohere, name: 'cohere', topN: undefined }] },
    },
  ];
}

/**
 * How each config is called, per target: the simulator path a direct snippet must reach, or
 * `serve`. Written out so that a change of route fails here, not silently.
 */
const ROUTES: Record<string, Record<Target, string>> = {
  'cohere-sim': { 'ai-sdk': '/cohere/v2/rerank', langchain: '/cohere/v1/rerank' },
  // Windows are cut and scored inside Rerank Studio: through the server.
  'cohere-windows': { 'ai-sdk': 'serve', langchain: 'serve' },
  gateway: {
    // The gateway adapter speaks v1 by default; the snippets follow it.
    'ai-sdk': '/cohere-compatible/v1/rerank',
    langchain: '/cohere-compatible/v1/rerank',
  },
  // A v1 max_chunks_per_doc: CohereRerank sends it, @ai-sdk/cohere cannot.
  'gateway-chunks': { 'ai-sdk': 'serve', langchain: '/cohere-compatible/v1/rerank' },
  // CohereRerank sends max_chunks_per_doc, which Heroku's rerank does not take.
  heroku: { 'ai-sdk': '/heroku/v1/rerank', langchain: 'serve' },
  // Azure takes its key in an api-key header, which neither package sends.
  'azure-sim': { 'ai-sdk': 'serve', langchain: 'serve' },
  'together-sim': { 'ai-sdk': '/together/v1/rerank', langchain: 'serve' },
  // @ai-sdk/amazon-bedrock signs with SigV4; LangChain.js has no Bedrock reranker installed.
  'bedrock-sim': { 'ai-sdk': '/bedrock/rerank', langchain: 'serve' },
  'bedrock-cut': { 'ai-sdk': '/bedrock/rerank', langchain: 'serve' },
  'jina-sim': { 'ai-sdk': 'serve', langchain: 'serve' },
  'bm25-tuned': { 'ai-sdk': 'serve', langchain: 'serve' },
  'tiny-local': { 'ai-sdk': 'serve', langchain: 'serve' },
  hybrid: { 'ai-sdk': 'serve', langchain: 'serve' },
};

/** `name@^M` or `name@^M.m`: the copy under node_modules whose version the range admits. */
function packageDir(spec: string): string {
  const at = spec.lastIndexOf('@');
  const name = spec.slice(0, at);
  const [major, minor = 0] = spec
    .slice(at + 2)
    .split('.')
    .map(Number);
  const root = path.resolve('node_modules');
  const owners = readdirSync(root).flatMap((entry) =>
    entry.startsWith('@')
      ? readdirSync(path.join(root, entry)).map((sub) => path.join(root, entry, sub))
      : [path.join(root, entry)],
  );
  const candidates = [root, ...owners.map((o) => path.join(o, 'node_modules'))]
    .map((base) => path.join(base, name))
    .filter((dir) => existsSync(path.join(dir, 'package.json')));
  const fits = candidates.find((dir) => {
    const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      version: string;
    };
    const [m, n] = version.split('.').map(Number);
    return m === major && n! >= minor;
  });
  if (!fits) throw new Error(`no copy of ${spec} in node_modules`);
  return fits;
}

/** A project with only the snippets' packages in node_modules, each a link to our copy. */
async function makeProject(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rerank-ecosystem-'));
  const specs = new Set(Object.values(ECOSYSTEM_PACKAGES).flat());
  for (const spec of specs) {
    const name = spec.slice(0, spec.lastIndexOf('@'));
    const where = path.join(dir, 'node_modules', name);
    await mkdir(path.dirname(where), { recursive: true });
    await symlink(packageDir(spec), where, 'dir');
  }
  await writeFile(path.join(dir, 'package.json'), '{"type":"module","private":true}');
  return dir;
}

beforeAll(async () => {
  sim = await startProviderSimulator();
  dataDir = await mkdtemp(path.join(tmpdir(), 'rerank-ecosystem-data-'));
  writeTinyCrossEncoder(path.join(dataDir, 'models', 'tests', 'tiny'));
  services = createServices({
    host: 'test',
    dataDir,
    env: simulatorEnv(),
    historyDir: false,
    inferenceWorker: workerThread(path.resolve('out/node/inference-worker.mjs')),
  });
  const configDir = path.join(dataDir, 'pipelines');
  await mkdir(configDir);
  for (const config of makeConfigs()) {
    const json = exportPipeline(config, 'json');
    if (!json.ok) throw new Error(json.reason);
    const key = (JSON.parse(json.text) as { key: string }).key;
    configs.set(key, config);
    await writeFile(path.join(configDir, json.fileName), json.text);
    const answer = await runThroughContract(services, {
      query: QUERY,
      documents: DOCUMENTS,
      configs: [config],
    });
    const column = answer.columns[0]!;
    if (column.status !== 'ok') throw new Error(`${key}: ${JSON.stringify(column)}`);
    columns.set(key, column);
  }
  served = await startServe(['--workers', '1', '--config', configDir], {
    ...simulatorEnv(),
    RERANK_STUDIO_TOKENS: TOKEN,
    RERANK_STUDIO_DATA_DIR: dataDir,
    RERANK_STUDIO_KEYCHAIN: 'off',
  });
  project = await makeProject();
}, 120_000);

afterAll(async () => {
  await served?.kill();
  await services?.close();
  await sim?.close();
  await rm(dataDir, { recursive: true, force: true });
  if (project) await rm(project, { recursive: true, force: true });
});

/** The request the app's adapter builds for `key`'s column, for the test's query and documents. */
function appRequest(key: string) {
  const config = configs.get(key)!;
  return config.strategy === 'dedicated-model'
    ? buildProviderRequest(config, SAMPLE, simulatorEnv())
    : undefined;
}

function exported(key: string, target: Target): Extract<ExportResult, { ok: true }> {
  const config = configs.get(key)!;
  const request = appRequest(key);
  const result = exportPipeline(config, target, {
    sample: SAMPLE,
    ...(request?.ok ? { request: request.value } : {}),
  });
  if (!result.ok) throw new Error(result.reason);
  return result;
}

async function runSnippet(result: Extract<ExportResult, { ok: true }>, throughServer: boolean) {
  const js = ts.transpileModule(result.text, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const file = path.join(project, result.fileName.replace(/\.ts$/, '.mjs'));
  await writeFile(file, js);
  const { stdout } = await run(process.execPath, [file], {
    cwd: project,
    timeout: 60_000,
    env: {
      PATH: process.env.PATH ?? '',
      ...(throughServer
        ? { RERANK_STUDIO_URL: served.url, RERANK_STUDIO_TOKEN: TOKEN }
        : {
            ...simulatorEnv(),
            // A Bedrock API key in the environment must not replace the SigV4 signature: Bedrock
            // API keys cannot call Rerank (docs.aws.amazon.com/bedrock/latest/userguide/
            // api-keys-reference.html), and the simulator verifies a signature there.
            AWS_BEARER_TOKEN_BEDROCK: 'sim-bedrock-api-key',
          }),
    },
  });
  return JSON.parse(stdout) as { index: number; score: number }[];
}

const cases = Object.entries(ROUTES).flatMap(([key, routes]) =>
  TARGETS.map((target) => [key, target, routes[target]] as const),
);

describe('AI SDK and LangChain.js snippets, run', () => {
  it.each(cases)(
    '%s → %s (%s) prints the column’s ranking',
    async (key, target, routeTo) => {
      const result = exported(key, target);
      const column = columns.get(key)!;
      sim.reset();
      const printed = await runSnippet(result, routeTo === 'serve');
      expect(printed.map((r) => r.index)).toEqual(column.results.map((r) => r.index));
      // Not a ranking that happens to match the input order.
      if (key !== 'tiny-local')
        expect(printed.map((r) => r.index)).not.toEqual(DOCUMENTS.map((_, i) => i));
      if (key === 'jina-sim') expect(printed).toHaveLength(2);
      if (routeTo === 'serve') {
        expect(result.text).toContain(`rerank-studio serve --config ${key}.rerank.json`);
        // Through the server, the scores are the column's too.
        expect(printed.map((r) => r.score)).toEqual(column.results.map((r) => r.score));
        const route = target === 'ai-sdk' ? '/v2/rerank' : '/v1/rerank';
        const line = await served.waitForLine(
          (e) => e.msg === 'request' && e.reranker === key && e.path === route,
          5_000,
        );
        expect(line.status).toBe(200);
      } else {
        expect(result.text).not.toContain('rerank-studio serve --config');
        const calls = sim.requests.filter((r) => r.path === routeTo);
        expect(calls).toHaveLength(1);
        expect(sim.requests).toHaveLength(1);
        if (configs.get(key)!.provider === 'bedrock') {
          // The app's request, field for field, signed for bedrock in the simulator's region.
          const request = appRequest(key);
          expect(request?.ok).toBe(true);
          if (request?.ok) expect(calls[0]!.body).toEqual(request.value.body);
          expect(calls[0]!.headers.authorization).toMatch(
            new RegExp(
              `^AWS4-HMAC-SHA256 Credential=${SIM_AWS.accessKeyId}/\\d{8}/${SIM_AWS.region}/bedrock/aws4_request,`,
            ),
          );
          expect(printed.map((r) => r.score)).toEqual(column.results.map((r) => r.score));
          if (key === 'bedrock-cut') expect(printed).toHaveLength(2);
        } else expect(calls[0]!.body).toMatchObject({ query: QUERY, documents: DOCUMENTS });
        if (key === 'gateway-chunks')
          expect(calls[0]!.body).toMatchObject({ max_chunks_per_doc: 4 });
        if (key === 'cohere-sim')
          expect(calls[0]!.body).toMatchObject(
            target === 'ai-sdk' ? { top_n: 3, max_tokens_per_doc: 512 } : { top_n: 3 },
          );
      }
    },
    90_000,
  );

  it('type-check against the packages their install line names', () => {
    const files = cases.map(([key, target]) => {
      const result = exported(key, target);
      const where = path.join(project, result.fileName);
      ts.sys.writeFile(where, result.text);
      return where;
    });
    // Library files are checked by their packages; the snippets' use of them is what counts.
    const errors = typeCheckSnippets(files, { skipLibCheck: true });
    expect(errors).toEqual([]);
  }, 120_000);
});
