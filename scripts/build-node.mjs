// Bundles every Node entry with esbuild: Electron main and preload (CommonJS, as a sandboxed
// preload must be one file), and the web host and CLI (ESM, dependencies left in node_modules).
// Vite builds the renderer separately (`vite build`).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    entryPoints: { main: 'electron/main/main.ts', preload: 'electron/preload/preload.ts' },
    outdir: 'out/electron',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    // keytar and libsql are native addons: they load their .node binaries at run time
    // (electron-builder unpacks them from the asar), so they cannot be inlined.
    external: ['electron', '@github/keytar', 'libsql'],
    // jsonc-parser's `main` is a UMD build whose factory requires './impl/format' and the like
    // through its own `require` parameter, which esbuild cannot follow: the bundle kept those
    // requires, relative to out/electron/, where nothing is, and main died on its first line.
    // Its ES module build imports them statically, so they are bundled.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  }),
  build({
    ...common,
    entryPoints: {
      'web-host': 'electron/hosts/web/main.ts',
      cli: 'electron/hosts/cli/main.ts',
      // One worker for every host: a worker thread under Node, a utility process in Electron.
      'inference-worker': 'electron/inference/worker.ts',
    },
    outdir: 'out/node',
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    packages: 'external',
  }),
]);
