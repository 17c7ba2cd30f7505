/**
 * scripts/native-addons.mjs, which the release workflow runs on each runner before packaging:
 * it passes on this checkout for this machine's target (where packages are built for it), and
 * it names what is missing, both in this checkout for a target npm did not install here and in
 * a node_modules laid out by hand.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript script without declarations.
import * as addons from './native-addons.mjs';

const { PACKAGED_TARGETS, missingNativeAddons, nativeAddonsFor } = addons as {
  PACKAGED_TARGETS: string[];
  missingNativeAddons: (platform: string, arch: string, modules?: string) => string[];
  nativeAddonsFor: (platform: string, arch: string) => { label: string; paths: string[] }[];
};

const scratch = mkdtempSync(path.join(tmpdir(), 'rerank-studio-addons-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A node_modules holding every file the table names for `platform`-`arch`, except `leave`. */
function layOut(platform: string, arch: string, leave: (p: string) => boolean = () => false) {
  const modules = mkdtempSync(path.join(scratch, 'node_modules-'));
  for (const { paths } of nativeAddonsFor(platform, arch)) {
    for (const p of paths.filter((p) => !leave(p))) {
      const file = p.endsWith('/*.node') ? p.replace('/*.node', '/addon.node') : p;
      mkdirSync(path.dirname(path.join(modules, file)), { recursive: true });
      if (!file.endsWith('/lib')) writeFileSync(path.join(modules, file), '');
      else mkdirSync(path.join(modules, file), { recursive: true });
    }
  }
  return modules;
}

describe('the native addons check', () => {
  const here = `${process.platform}-${process.arch}`;
  it.runIf(PACKAGED_TARGETS.includes(here))(
    `finds every addon in this checkout for ${here}`,
    () => {
      expect(missingNativeAddons(process.platform, process.arch)).toEqual([]);
    },
  );

  it('names what a node_modules installed on another machine lacks', () => {
    const other = PACKAGED_TARGETS.find((t) => t !== here && !t.startsWith(process.platform))!;
    const [platform, arch] = other.split('-') as [string, string];
    const missing = missingNativeAddons(platform, arch);
    // npm installed libsql's and sharp's binaries for this machine only.
    expect(
      missing.some((m) => m.startsWith('libsql (history database): node_modules/@libsql/')),
    ).toBe(true);
    expect(missing.some((m) => m.includes(`@img/sharp-${other}/`))).toBe(true);
  });

  it('passes a complete layout, and fails one without ONNX Runtime for its CPU', () => {
    for (const target of PACKAGED_TARGETS) {
      const [platform, arch] = target.split('-') as [string, string];
      expect(missingNativeAddons(platform, arch, layOut(platform, arch)), target).toEqual([]);
    }
    // onnxruntime-node ≥ 1.24 ships no darwin/x64 binary (microsoft/onnxruntime#27961).
    const modules = layOut('darwin', 'x64', (p) => p.startsWith('onnxruntime-node/'));
    expect(missingNativeAddons('darwin', 'x64', modules)).toEqual([
      'ONNX Runtime (local models): node_modules/onnxruntime-node/bin/napi-v6/darwin/x64/onnxruntime_binding.node',
    ]);
  });

  it('refuses a target no package is built for, naming the ones that are', () => {
    expect(() => nativeAddonsFor('linux', 'riscv64')).toThrow(
      'no native addon table for linux-riscv64: packages are built for darwin-arm64, darwin-x64, linux-x64, win32-x64',
    );
  });
});
