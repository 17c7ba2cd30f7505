/**
 * The Linux package as electron-builder lays it out, built here from a stand-in Electron
 * distribution (scripts/package-check.mjs): the asar holds the built app and only production
 * dependencies, every native addon the app loads on linux-x64 (and the shared libraries they
 * open) sits unpacked on disk, no other platform's binaries ship, the security fuses are flipped
 * in the binary, and the package stays under a size ceiling. Then the packaged app itself runs
 * from the extracted asar: its inference worker scores, and its main process, under Node with the
 * Electron double (testkit/electron-process/), drives a whole run from its window's preload.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extractAll, listPackage, statFile } from '@electron/asar';
import { createLocalInference, workerThread } from '../electron/inference/client';
import { writeTinyCrossEncoder } from '../testkit/models/tiny-cross-encoder';
import { buildElectronProcess, type ElectronProcessFiles } from '../testkit/electron-process/build';
import { startPackagedMain, type PackagedMainOptions } from '../testkit/electron-process/renderer';
import { simulatorEnv } from '../testkit/provider-env';
import {
  simulatedLogit,
  startProviderSimulator,
  type ProviderSimulator,
} from '../testkit/provider-simulator';
import { createHistoryStore, openHistoryDatabase } from '../electron/history';
import { BRIDGE_GLOBAL, type RerankStudioBridge } from '../shared/contract/bridge';
import { OPERATION_NAMES } from '../shared/contract/names';
import type { RerankRunAnswer } from '../shared/contract';
import { BM25_CONFIG } from '../shared/pipeline/config';
import { afterAll, beforeAll, describe as vitestDescribe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript build script without declarations.
import { packageLinuxDir, readFuseWire, sizeOf } from './package-check.mjs';

// The tree is built from this checkout's node_modules, whose native addons are this machine's:
// the checks below name linux-x64's. The release workflow's other runners build their own
// packages for real (and check their addons with scripts/native-addons.mjs).
const linuxX64 = process.platform === 'linux' && process.arch === 'x64';
const describe = vitestDescribe.runIf(linuxX64);

const scratch = mkdtempSync(path.join(tmpdir(), 'rerank-studio-package-'));
let tree = '';
let asar = '';
let files: string[] = [];

beforeAll(() => {
  if (!linuxX64) return;
  if (!existsSync('out/electron/main.cjs')) throw new Error('run `npm run build` first');
  tree = (packageLinuxDir as (o: { out: string; log: string }) => string)({
    out: scratch,
    log: path.join(scratch, 'electron-builder.log'),
  });
  asar = path.join(tree, 'resources', 'app.asar');
  files = listPackage(asar, { isPack: false });
}, 240_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
};
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  dependencies: Record<string, string>;
};

/** The package names inside the asar's node_modules (nested ones included). */
function packagedModules(): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(file);
    if (match) names.add(match[1]!);
  }
  return names;
}

const unpacked = (file: string) => {
  const entry = statFile(asar, file.replace(/^\//, '')) as { unpacked?: boolean };
  return (
    entry.unpacked === true && existsSync(path.join(`${asar}.unpacked`, file.replace(/^\//, '')))
  );
};

describe('the Linux package tree', () => {
  it('holds the built app, and no sources, tests, benchmarks or source maps', () => {
    for (const built of ['/out/electron/main.cjs', '/out/renderer/index.html', '/package.json']) {
      expect(files).toContain(built);
    }
    expect(files.some((f) => f.startsWith('/out/node/'))).toBe(true);
    const outside = files.filter(
      (f) => !/^\/(out|node_modules)(\/|$)/.test(f) && f !== '/package.json',
    );
    expect(outside).toEqual([]);
    expect(files.filter((f) => f.startsWith('/out/') && f.endsWith('.map'))).toEqual([]);
  });

  it('ships every production dependency and no development-only one', () => {
    const modules = packagedModules();
    for (const name of Object.keys(manifest.dependencies)) expect(modules, name).toContain(name);
    const devOnly = Object.entries(lock.packages)
      .filter(([where, entry]) => where.startsWith('node_modules/') && entry.dev)
      .map(([where]) => where.slice(where.lastIndexOf('node_modules/') + 13));
    expect(devOnly.filter((name) => modules.has(name) && !isAlsoProduction(name))).toEqual([]);
  });

  it('unpacks each native addon the app loads on linux-x64, with its shared libraries', () => {
    const native = [
      '/node_modules/@github/keytar/build/Release/keytar.node',
      '/node_modules/@libsql/linux-x64-gnu/index.node',
      '/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node',
      '/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1',
    ];
    // transformers.js loads sharp in Node; sharp's addon dlopens libvips from beside it.
    const sharp = files.filter((f) => /\/@img\/sharp-linux-x64\/lib\/[^/]+\.node$/.test(f));
    const vips = files.filter((f) =>
      /\/@img\/sharp-libvips-linux-x64\/lib\/libvips-cpp\.so/.test(f),
    );
    expect(sharp).toHaveLength(1);
    expect(vips.length).toBeGreaterThan(0);
    for (const file of [...native, ...sharp, ...vips]) expect(unpacked(file), file).toBe(true);
  });

  it("carries no other platform's binaries", () => {
    const foreign = files.filter(
      (f) =>
        /\/onnxruntime-node\/bin\/napi-v6\/(darwin|win32)\//.test(f) ||
        /\/keytar\/prebuilds\/(darwin|win32)-/.test(f) ||
        /\/@img\/sharp-(darwin|win32)/.test(f),
    );
    expect(foreign).toEqual([]);
  });

  it('flips the security fuses in the packaged binary', () => {
    // RunAsNode, CookieEncryption, NodeOptions, CliInspect, AsarIntegrity, OnlyLoadAppFromAsar,
    // then the two fuses the config leaves at Electron's defaults.
    expect((readFuseWire as (binary: string) => string)(path.join(tree, 'rerank-studio'))).toBe(
      '01001101',
    );
  });

  it('stays under its size ceiling', () => {
    const packed = statSync(asar).size;
    const onDisk = (sizeOf as (dir: string) => number)(`${asar}.unpacked`);
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    console.log(`package: app.asar ${mb(packed)} MB, app.asar.unpacked ${mb(onDisk)} MB`);
    expect(mb(packed + onDisk)).toBeLessThan(CEILING_MB);
  });
});

describe('the packaged app', () => {
  // The asar as the app sees it (unpacked files included), outside this checkout, so every
  // module the app loads comes from the package and none from our node_modules.
  let app = '';
  beforeAll(() => {
    app = path.join(scratch, 'app');
    extractAll(asar, app);
  });

  it('scores with a local model through the packaged inference worker and its dependencies', async () => {
    const models = path.join(scratch, 'models');
    writeTinyCrossEncoder(path.join(models, 'tests', 'tiny'), { seed: 3 });
    const inference = createLocalInference(
      workerThread(path.join(app, 'out', 'node', 'inference-worker.mjs')),
    );
    try {
      const result = await inference.score(
        {
          model: { root: models, id: 'tests/tiny', dtype: 'fp32', threads: 1 },
          query: 'heart health',
          documents: ['regular exercise improves heart health', 'cooking pasta at home'],
          maxLength: 64,
          batchSize: 2,
        },
        new AbortController().signal,
      );
      expect(result.logits).toHaveLength(2);
      expect(result.logits.every(Number.isFinite)).toBe(true);
    } finally {
      await inference.close();
    }
  }, 60_000);

  describe('its main process, under Node with the Electron double', () => {
    let bootstrap: ElectronProcessFiles;
    let sim: ProviderSimulator;
    beforeAll(async () => {
      bootstrap = await buildElectronProcess(path.join(scratch, 'electron-process'));
      sim = await startProviderSimulator();
    });
    afterAll(() => sim.close());

    /** The packaged app started as a user would: its own data folder, a keychain-less session. */
    function launch(
      name: string,
      {
        appDir = app,
        args,
        page,
      }: Pick<PackagedMainOptions, 'args' | 'page'> & {
        appDir?: string;
      } = {},
    ) {
      const home = path.join(scratch, name);
      const dataDir = path.join(home, 'data');
      writeTinyCrossEncoder(path.join(dataDir, 'models', 'tests', 'tiny'), { seed: 3 });
      const main = startPackagedMain({
        appDir,
        args,
        page,
        mainBootstrap: bootstrap.mainBootstrap,
        cwd: home,
        // Nothing of this process's environment: no key variable, no NODE_PATH, no keychain.
        env: {
          PATH: process.env.PATH,
          HOME: home,
          RERANK_STUDIO_DATA_DIR: dataDir,
          RERANK_STUDIO_KEYCHAIN: 'off',
        },
      });
      return { main, dataDir, home };
    }

    const QUERY = 'heart health exercise';
    const DOCS = [
      'cooking pasta at home',
      'regular exercise improves heart health',
      'the heart of the city',
      'exercise for a healthy heart and good health',
    ];
    const columns = () => [
      { id: 'bm25', config: BM25_CONFIG },
      {
        id: 'cohere',
        config: {
          version: 1,
          name: 'cohere',
          strategy: 'dedicated-model',
          provider: 'cohere',
          baseUrl: sim.baseUrl('cohere'),
        },
      },
      {
        id: 'local',
        config: {
          version: 1,
          name: 'tiny',
          strategy: 'dedicated-model',
          provider: 'local',
          model: 'tests/tiny',
        },
      },
    ];

    it('runs a BM25, a provider and a local model column from the window, and saves the run', async () => {
      const { main, dataDir } = launch('run');
      try {
        const window = await main.window();
        // The preload main named, inside the package, run as a sandboxed renderer runs it.
        expect(window.preload).toBe(path.join(app, 'out', 'electron', 'preload.cjs'));
        expect(window.url).toBe('app://rerank-studio/index.html');
        // The page came from the packaged renderer through main's app:// handler, every script
        // and style sheet with it.
        expect(window.document?.status).toBe(200);
        expect(window.document?.resources.length).toBeGreaterThan(0);
        expect(window.document?.resources.filter((r) => r.status !== 200)).toEqual([]);
        const bridge = window.mainWorld[BRIDGE_GLOBAL] as RerankStudioBridge;
        expect(Object.keys(bridge.operations).sort()).toEqual([...OPERATION_NAMES].sort());

        expect(await bridge.operations['app:info']({})).toMatchObject({
          ok: true,
          value: { host: 'electron' },
        });
        const stored = await bridge.operations['secrets:set']({
          provider: 'cohere',
          key: SIM_COHERE_KEY,
        });
        expect(stored).toMatchObject({ ok: true, value: { storage: { kind: 'session' } } });

        const progress: unknown[] = [];
        const unsubscribe = bridge.events['run:progress']((payload) => progress.push(payload));
        const answer = await bridge.operations['rerank:run']({
          runId: 'packaged-run',
          query: QUERY,
          documents: DOCS,
          columns: columns(),
        });
        unsubscribe();
        if (!answer.ok) throw new Error(answer.error.message);
        const run = answer.value as RerankRunAnswer;
        expect(run.history).toEqual({ saved: true });
        const byId = new Map(run.columns.map((column) => [column.columnId, column]));
        for (const id of ['bm25', 'cohere', 'local']) {
          expect(byId.get(id)?.status, `${id}: ${JSON.stringify(byId.get(id)?.error)}`).toBe('ok');
          expect(byId.get(id)?.results).toHaveLength(DOCS.length);
        }
        // The provider column is the simulator's ranking, reached with the key set in the app.
        expect(byId.get('cohere')!.results.map((r) => r.index)).toEqual(
          DOCS.map((d, i) => ({ i, s: simulatedLogit(QUERY, d) }))
            .sort((a, b) => b.s - a.s)
            .map((x) => x.i),
        );
        expect(
          sim.requests.filter((r) => r.provider === 'cohere').at(-1)?.headers.authorization,
        ).toBe(`Bearer ${SIM_COHERE_KEY}`);
        // The local model's scores are the sigmoid of logits the inference process computed.
        for (const r of byId.get('local')!.results) {
          expect(r.score).toBeCloseTo(1 / (1 + Math.exp(-r.rawScore)), 9);
        }
        expect(byId.get('bm25')!.results[0]!.index).not.toBe(0);
        // Events from main reach the page through the preload's subscription.
        expect(progress.length).toBeGreaterThan(0);

        // Only the app's own top frame is answered.
        for (const url of ['https://evil.example/', 'app://rerank-studio/index.html']) {
          const frame = await main.addSubframe(window, url);
          expect(await frame.ipcRenderer.invoke('app:info', {})).toEqual({
            ok: false,
            error: {
              code: 'invalid_request',
              message: 'app:info refused: the request did not come from the app window',
            },
          });
        }
        await expect(window.ipcRenderer.invoke('no:such-channel', {})).rejects.toThrow(
          "Error invoking remote method 'no:such-channel': Error: No handler registered for 'no:such-channel'",
        );

        main.closeWindows();
        expect(await main.exited).toEqual({ code: 0, signal: null });
      } finally {
        main.kill();
      }
      expect(main.output()).not.toContain(SIM_COHERE_KEY);

      // The history the app wrote, read with the app's own history code.
      const file = path.join(dataDir, 'history.db');
      const { db } = openHistoryDatabase(file);
      try {
        const store = createHistoryStore(db);
        const saved = store.getRun('packaged-run');
        expect(saved?.source).toBe('playground');
        expect(saved?.query).toBe(QUERY);
        expect(saved?.columns.map((c) => [c.config.name, c.result.status])).toEqual([
          ['bm25', 'ok'],
          ['cohere', 'ok'],
          ['tiny', 'ok'],
        ]);
        expect(store.listRuns({ text: 'pasta' }).runs.map((r) => r.id)).toEqual(['packaged-run']);
      } finally {
        db.close();
      }
      for (const name of readdirSync(dataDir).filter((n) => n.startsWith('history.db'))) {
        expect(readFileSync(path.join(dataDir, name)).includes(SIM_COHERE_KEY), name).toBe(false);
      }
    }, 60_000);

    it('opens a file named on its command line, and grants the page that file only', async () => {
      const home = path.join(scratch, 'open');
      mkdirSync(home, { recursive: true });
      const pipeline = JSON.stringify({ ...BM25_CONFIG, name: 'from the command line' });
      writeFileSync(path.join(home, 'pipeline.rerank.json'), pipeline);
      writeFileSync(path.join(home, 'other.rerank.json'), pipeline);
      let opened: (payload: unknown) => void = () => {};
      const openedPaths = new Promise((resolve) => (opened = resolve));
      // As a double-click on a .rerank.json starts the app: the path relative to its cwd.
      const { main } = launch('open', {
        args: ['pipeline.rerank.json', '--no-such-flag'],
        page: (frame) =>
          (frame.mainWorld[BRIDGE_GLOBAL] as RerankStudioBridge).events['app:open-paths'](opened),
      });
      try {
        const window = await main.window();
        const bridge = window.mainWorld[BRIDGE_GLOBAL] as RerankStudioBridge;
        expect(await Promise.race([openedPaths, main.exited])).toEqual({
          paths: [path.join(home, 'pipeline.rerank.json')],
        });
        expect(
          await bridge.operations['workspace:read-file']({
            path: path.join(home, 'pipeline.rerank.json'),
          }),
        ).toEqual({ ok: true, value: { name: 'pipeline.rerank.json', text: pipeline } });
        const other = await bridge.operations['workspace:read-file']({
          path: path.join(home, 'other.rerank.json'),
        });
        expect(other.ok).toBe(false);
        expect(JSON.stringify(other)).not.toContain('from the command line');
        main.closeWindows();
        expect(await main.exited).toEqual({ code: 0, signal: null });
      } finally {
        main.kill();
      }
    }, 60_000);

    it('fails, naming the file, when the package lacks one main loads from out/', async () => {
      // The package electron-builder.yml would make without `out/node/**/*` in its files: the
      // inference worker is in this checkout's out/, not in the package.
      const worker = path.join('out', 'node', 'inference-worker.mjs');
      expect(existsSync(worker)).toBe(true);
      const partial = path.join(scratch, 'partial-app');
      cpSync(path.join(app, 'out'), path.join(partial, 'out'), {
        recursive: true,
        filter: (from) => from !== path.join(app, worker),
      });
      cpSync(path.join(app, 'package.json'), path.join(partial, 'package.json'));
      symlinkSync(path.join(app, 'node_modules'), path.join(partial, 'node_modules'), 'dir');

      const { main } = launch('partial', { appDir: partial });
      try {
        const window = await main.window();
        const bridge = window.mainWorld[BRIDGE_GLOBAL] as RerankStudioBridge;
        const answer = await bridge.operations['rerank:run']({
          runId: 'partial-run',
          query: QUERY,
          documents: DOCS,
          columns: columns().filter((column) => column.id !== 'cohere'),
        });
        if (!answer.ok) throw new Error(answer.error.message);
        const [bm25, local] = (answer.value as RerankRunAnswer).columns;
        expect(bm25?.status).toBe('ok');
        expect(local?.status).toBe('error');
        expect(local?.error?.message).toMatch(/inference worker stopped \(exit code 1\)/);
        expect(main.output()).toContain(`Cannot find module '${path.join(partial, worker)}'`);
        main.closeWindows();
        expect(await main.exited).toEqual({ code: 0, signal: null });
      } finally {
        main.kill();
      }
    }, 60_000);
  });
});

/** Measured 2026-12-06 at 126 MB (ONNX Runtime's library is two thirds of it); a fifth of headroom. */
const CEILING_MB = 150;

/** The key the simulator expects of Cohere; set through the app, never in its environment. */
const SIM_COHERE_KEY = simulatorEnv().COHERE_API_KEY!;

/** A package the lockfile marks dev somewhere but that production code also depends on. */
function isAlsoProduction(name: string): boolean {
  return Object.entries(lock.packages).some(
    ([where, entry]) => where.endsWith(`node_modules/${name}`) && !entry.dev && !entry.devOptional,
  );
}
