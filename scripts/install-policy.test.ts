/**
 * What `npm install` runs on a fresh machine: every dependency with an install script is either
 * approved or denied in package.json's `allowScripts` (npm ≥ 11.16 prints an advisory for the
 * rest, and npm 12 skips them), and onnxruntime-node's CUDA download from NuGet is off for npm
 * 11 (denied) and for npm 10, which has no allowScripts (`.npmrc`, which npm hands to the
 * script as `npm_config_onnxruntime_node_install`). Checked against the lockfile and against
 * onnxruntime-node's own flag parser, so a new dependency with a script, or a change in how
 * onnxruntime-node reads its flag, fails here before it fails a user's install.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const read = <T>(file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as T;
const manifest = read<{ allowScripts: Record<string, boolean> }>('package.json');
const lock = read<{ packages: Record<string, { version: string; hasInstallScript?: boolean }> }>(
  'package-lock.json',
);

/** Why each one is approved or denied (the JSON field cannot carry comments). */
const REVIEWED: Record<string, { allow: boolean; why: string }> = {
  '@github/keytar': { allow: true, why: 'copies its prebuilt binary into build/Release' },
  esbuild: { allow: true, why: 'checks and links the platform binary the build runs' },
  'onnxruntime-node': {
    allow: false,
    why: 'downloads the CUDA provider from NuGet; CPU only here',
  },
  protobufjs: { allow: false, why: 'a version check for its CLI, which nothing here uses' },
  'es5-ext': { allow: false, why: 'prints a message; the package works without it' },
  'electron-winstaller': { allow: false, why: 'picks a 7-Zip for Squirrel.Windows; we build NSIS' },
};

const withScripts = Object.entries(lock.packages)
  .filter(([, entry]) => entry.hasInstallScript)
  .map(([where]) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length));

describe('install scripts', () => {
  it('every dependency with one is reviewed, as the policy says', () => {
    expect(withScripts.length).toBeGreaterThan(0);
    for (const name of withScripts) {
      expect(REVIEWED[name], `${name} has an install script nobody reviewed`).toBeDefined();
      expect(manifest.allowScripts[name], name).toBe(REVIEWED[name]!.allow);
    }
    // No stale entries: each names a package that still has a script.
    expect(Object.keys(manifest.allowScripts).sort()).toEqual([...new Set(withScripts)].sort());
  });

  it('npm 10 skips the CUDA download through .npmrc, as onnxruntime-node reads it', () => {
    const npmrc = readFileSync(path.join(root, '.npmrc'), 'utf8');
    const setting = /^onnxruntime-node-install=(.*)$/m.exec(npmrc)?.[1]?.trim();
    expect(setting).toBe('skip');
    // npm exports project config to lifecycle scripts as npm_config_<key, _ for ->.
    const require = createRequire(path.join(root, 'node_modules/onnxruntime-node/package.json'));
    const { parseInstallFlag } = require('./script/install-utils.js') as {
      parseInstallFlag: () => unknown;
    };
    const saved = { ...process.env };
    try {
      delete process.env.ONNXRUNTIME_NODE_INSTALL;
      delete process.env.ONNXRUNTIME_NODE_INSTALL_CUDA;
      delete process.env.npm_config_onnxruntime_node_install;
      // Without the setting, a Linux x64 install goes on to the NuGet download.
      expect(parseInstallFlag()).toBeUndefined();
      process.env.npm_config_onnxruntime_node_install = setting;
      expect(parseInstallFlag()).toBe(false);
    } finally {
      process.env = saved;
    }
  });
});
