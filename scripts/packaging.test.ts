/**
 * The packaging config is complete and valid: it passes electron-builder's own JSON Schema
 * (the one its CLI checks before building), ships only the build output, unpacks the native
 * addons, sets the security fuses and the file associations, and names icons that exist. Where
 * an Electron dist is installed, an unpacked (`--dir`) build is attempted for real.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema", () => {
    const schema = require('app-builder-lib/scheme.json') as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it('builds every desktop target, and publishes nowhere', () => {
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
    // Apple silicon only: onnxruntime-node ships no darwin-x64 binary (README: "Releases").
    expect(config.mac).toMatchObject({ target: [{ target: 'dmg', arch: ['arm64'] }] });
    expect(config.win).toMatchObject({ target: ['nsis'] });
    expect(config.publish).toBeNull();
  });

  it('sets the security fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
    });
  });

  it('ships the build output only and unpacks every native dependency', () => {
    const files = config.files as string[];
    // Besides out/ and package.json, only narrowing re-includes: a dependency folder excluded
    // just before, then the one platform's part of it put back.
    files.forEach((f, i) => {
      if (f.startsWith('!') || f.startsWith('out/') || f === 'package.json') return;
      const excluded = files.slice(0, i).filter((e) => e.startsWith('!node_modules/'));
      expect(
        excluded.some((e) => f.startsWith(e.slice(1).replace(/\*\*$/, ''))),
        f,
      ).toBe(true);
    });
    const unpacked = (config.asarUnpack as string[]).join(' ');
    const { dependencies } = JSON.parse(readFileSync('package.json', 'utf8')) as {
      dependencies: Record<string, string>;
    };
    // A dependency with a binding.gyp or prebuilt .node files must be unpacked to load.
    for (const native of ['@github/keytar', 'libsql', 'onnxruntime-node']) {
      expect(dependencies[native], native).toBeDefined();
      expect(unpacked, native).toContain(`node_modules/${native}/`);
    }
  });

  it('associates pipeline configs and names icons that exist', () => {
    const extensions = (config.fileAssociations as { ext: string }[]).map((a) => a.ext);
    expect(extensions).toEqual(['rerank.json', 'rerank.yaml']);
    expect(existsSync('build/icon.png')).toBe(true);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(existsSync(`build/icons/${size}x${size}.png`), `${size}px icon`).toBe(true);
    }
  });

  it('accepts the CLI that packages with it', () => {
    const help = spawnSync(
      process.execPath,
      [require.resolve('electron-builder/cli.js'), '--help'],
      {
        encoding: 'utf8',
      },
    );
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('--dir');
  });

  const electronDist = existsSync('node_modules/electron/dist');
  it.runIf(electronDist)(
    'packs an unpacked app (--dir) where Electron is installed',
    { timeout: 300_000 },
    () => {
      const build = spawnSync(
        process.execPath,
        [require.resolve('electron-builder/cli.js'), '--dir', '--publish', 'never'],
        { encoding: 'utf8' },
      );
      expect(build.status, build.stderr).toBe(0);
    },
  );
});
