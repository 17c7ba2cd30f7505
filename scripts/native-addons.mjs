// The native addons a package for one platform and architecture must carry, and whether this
// checkout's node_modules holds them. The release workflow (.github/workflows/release.yml) runs
// it on each runner before packaging, because electron-builder packs whatever node_modules
// holds and says nothing when an addon is missing: its `files` patterns for
// `${platform}/${arch}` simply match nothing, and the app then fails when it first loads the
// addon (for ONNX Runtime: at the first local-model run).
//
// Every addon here is a Node-API build (keytar: napi 3; libsql: Neon on Node-API; ONNX Runtime:
// napi-v6; sharp: Node-API), so one binary serves Node and Electron alike and nothing is rebuilt
// for Electron's ABI (electron-builder.yml: `npmRebuild: false`). What differs is the platform
// and the CPU: npm installs libsql's and sharp's binaries as optional packages for the machine
// that runs `npm ci` only (their `os`/`cpu` fields in package-lock.json), so each package must be
// built on a runner of its own architecture.
//
// Where each file comes from (read from the installed packages):
// - keytar: script/install.js copies prebuilds/<platform>-<arch>/ into build/Release/;
// - libsql: index.js requires `@libsql/<target>` (darwin-<arch>, linux-x64-gnu, win32-x64-msvc);
// - onnxruntime-node: dist/binding.js loads bin/napi-v6/<platform>/<arch>/onnxruntime_binding.node;
// - sharp (transformers.js imports it in Node): `@img/sharp-<platform>-<arch>/sharp.node` is its
//   index.cjs, which loads lib/sharp-<platform>-<arch>-<version>.node; that opens libvips from
//   `@img/sharp-libvips-<platform>-<arch>` (on Windows the DLLs ship inside sharp-win32-<arch>).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** libsql's name for each target we package (its index.js; glibc on Linux). */
const LIBSQL_TARGET = {
  'darwin-arm64': 'darwin-arm64',
  'darwin-x64': 'darwin-x64',
  'linux-x64': 'linux-x64-gnu',
  'win32-x64': 'win32-x64-msvc',
};

/** The platform-arch pairs packages are built for (the release workflow's runners). */
export const PACKAGED_TARGETS = Object.keys(LIBSQL_TARGET);

/**
 * The addons for `platform`-`arch`, each as the label to print and the paths (relative to
 * node_modules) that must exist. A path ending in `/*.node` means a folder holding a `.node`.
 */
export function nativeAddonsFor(platform, arch) {
  const target = `${platform}-${arch}`;
  const libsql = LIBSQL_TARGET[target];
  if (!libsql) {
    throw new Error(
      `no native addon table for ${target}: packages are built for ${Object.keys(LIBSQL_TARGET).join(', ')}`,
    );
  }
  return [
    {
      label: 'keytar (OS keychain)',
      paths: [
        `@github/keytar/prebuilds/${target}/*.node`,
        '@github/keytar/build/Release/keytar.node',
      ],
    },
    { label: 'libsql (history database)', paths: [`@libsql/${libsql}/index.node`] },
    {
      label: 'ONNX Runtime (local models)',
      paths: [`onnxruntime-node/bin/napi-v6/${platform}/${arch}/onnxruntime_binding.node`],
    },
    {
      label: 'sharp (image decoding in transformers.js)',
      paths: [
        `@img/sharp-${target}/lib/*.node`,
        ...(platform === 'win32' ? [] : [`@img/sharp-libvips-${target}/lib`]),
      ],
    },
  ];
}

function present(modules, relative) {
  if (!relative.endsWith('/*.node')) return existsSync(path.join(modules, relative));
  const dir = path.join(modules, relative.slice(0, -'/*.node'.length));
  return existsSync(dir) && readdirSync(dir).some((name) => name.endsWith('.node'));
}

/** The paths among `nativeAddonsFor(platform, arch)` that `modules` lacks, with their labels. */
export function missingNativeAddons(platform, arch, modules = path.join(root, 'node_modules')) {
  return nativeAddonsFor(platform, arch).flatMap(({ label, paths }) =>
    paths.filter((p) => !present(modules, p)).map((p) => `${label}: node_modules/${p}`),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [platform = process.platform, arch = process.arch] = process.argv.slice(2);
  const missing = missingNativeAddons(platform, arch);
  if (missing.length > 0) {
    process.stderr.write(
      `The ${platform}-${arch} package would lack native addons the app loads:\n` +
        missing.map((line) => `  ${line}\n`).join(''),
    );
    process.exitCode = 1;
  } else {
    process.stdout.write(`${platform}-${arch}: every native addon the app loads is installed\n`);
  }
}
