/**
 * The Linux package as electron-builder lays it out, built here from a stand-in Electron
 * distribution (scripts/package-check.mjs): the asar holds the built app and only production
 * dependencies, every native addon the app loads on linux-x64 (and the shared libraries they
 * open) sits unpacked on disk, no other platform's binaries ship, the security fuses are flipped
 * in the binary, and the package stays under a size ceiling.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extractAll, listPackage, statFile } from '@electron/asar';
import { createLocalInference, workerThread } from '../electron/inference/client';
import { writeTinyCrossEncoder } from '../testkit/models/tiny-cross-encoder';
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
  it('scores with a local model through the packaged inference worker and its dependencies', async () => {
    // The asar as the app sees it (unpacked files included), outside this checkout, so every
    // module the worker loads comes from the package and none from our node_modules.
    const app = path.join(scratch, 'app');
    extractAll(asar, app);
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
});

/** Measured 2026-12-06 at 126 MB (ONNX Runtime's library is two thirds of it); a fifth of headroom. */
const CEILING_MB = 150;

/** A package the lockfile marks dev somewhere but that production code also depends on. */
function isAlsoProduction(name: string): boolean {
  return Object.entries(lock.packages).some(
    ([where, entry]) => where.endsWith(`node_modules/${name}`) && !entry.dev && !entry.devOptional,
  );
}
