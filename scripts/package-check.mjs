// `npm run package:check`: the Linux package tree (`electron-builder --linux dir`) built here,
// where no Electron binary can be downloaded, from a stand-in Electron distribution; then the
// tree is printed (sizes, native addons). scripts/package-tree.test.ts runs the same build and
// checks it.
//
// The stand-in is what electron-builder needs of a real dist and nothing it does not: an
// `electron` executable (electron-builder copies it and renames it to `rerank-studio`), `version`
// and a license. The executable carries Electron's fuse wire (the sentinel @electron/fuses
// looks for, wire version 1, then one byte per fuse) with Electron's defaults, so the fuses the
// config flips are flipped here exactly as in a real binary and can be read back. It never runs.
//
// `npmRebuild: false`: the app's native addons are N-API prebuilds (keytar, libsql,
// onnxruntime-node, sharp), so a real package needs no rebuild against Electron either; here
// a rebuild would need Electron's headers from the network.
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
  readdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @electron/fuses' sentinel (constants.js) before the fuse wire in every Electron ≥ 12 binary. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Electron's own fuse defaults, in wire order (@electron/fuses FuseV1Options; Electron's
 * docs/tutorial/fuses.md): RunAsNode on, CookieEncryption off, NodeOptions on, CliInspect on,
 * AsarIntegrity off, OnlyLoadAppFromAsar off, BrowserProcessSpecificV8Snapshot off,
 * GrantFileProtocolExtraPrivileges on. '1' enabled, '0' disabled.
 */
export const ELECTRON_DEFAULT_FUSES = '10110001';

/** Writes the stand-in distribution for Electron `version` into `dir`. */
export function writeStandInElectronDist(dir, version) {
  mkdirSync(dir, { recursive: true });
  const script = Buffer.from(
    '#!/bin/sh\necho "stand-in Electron: packaging checks only" >&2\nexit 1\n',
  );
  const wire = Buffer.concat([
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, ELECTRON_DEFAULT_FUSES.length]),
    Buffer.from(ELECTRON_DEFAULT_FUSES),
    Buffer.from('\n'),
  ]);
  writeFileSync(path.join(dir, 'electron'), Buffer.concat([script, wire]), { mode: 0o755 });
  writeFileSync(path.join(dir, 'version'), version);
  writeFileSync(
    path.join(dir, 'LICENSE'),
    'Stand-in for the MIT-licensed Electron distribution.\n',
  );
}

/** The fuse wire of a packaged binary: one '0'/'1' per fuse. */
export function readFuseWire(binary) {
  const bytes = readFileSync(binary);
  const at = bytes.indexOf(FUSE_SENTINEL);
  if (at < 0) throw new Error(`${binary} has no fuse wire`);
  const start = at + FUSE_SENTINEL.length;
  return bytes.subarray(start + 2, start + 2 + bytes[start + 1]).toString('latin1');
}

/**
 * Builds `<out>/linux-unpacked` from the current `out/` (run `npm run build` first) and returns
 * its path. electron-builder's output goes to `log` (a file), not to the caller's stdout.
 */
export function packageLinuxDir({ out, log }) {
  const version = JSON.parse(
    readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8'),
  ).version;
  const dist = mkdtempSync(path.join(tmpdir(), 'rerank-studio-electron-dist-'));
  writeStandInElectronDist(dist, version);
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/electron-builder/cli.js'),
      '--linux',
      'dir',
      '--x64',
      `-c.electronDist=${dist}`,
      '-c.npmRebuild=false',
      `-c.directories.output=${out}`,
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } },
  );
  if (log) writeFileSync(log, `${result.stdout}\n${result.stderr}`);
  if (result.status !== 0) {
    throw new Error(
      `electron-builder failed (exit ${result.status}):\n${result.stderr.slice(-2000)}`,
    );
  }
  return path.join(out, 'linux-unpacked');
}

/** Bytes under `dir`, recursively. */
export function sizeOf(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? sizeOf(full) : statSync(full).size;
  }
  return total;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
  const tree = packageLinuxDir({
    out,
    log: path.join(tmpdir(), 'rerank-studio-package-check.log'),
  });
  const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  const resources = path.join(tree, 'resources');
  process.stdout.write(
    `${tree}\n  app.asar ${mb(statSync(path.join(resources, 'app.asar')).size)}\n` +
      `  app.asar.unpacked ${mb(sizeOf(path.join(resources, 'app.asar.unpacked')))}\n` +
      `  fuses ${readFuseWire(path.join(tree, 'rerank-studio'))} (Electron's ${ELECTRON_DEFAULT_FUSES})\n`,
  );
}
