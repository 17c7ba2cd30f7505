/**
 * The Electron main process, played by Node: `node main-bootstrap.cjs <app folder> [args…]`
 * (bundled by ./build.ts). It does what Electron's own start-up does before the app's code
 * runs, then loads the app's main script the way Electron does:
 *
 * - lib/common/init.ts: `require('electron')` (and 'electron/main', 'electron/common') resolve to
 *   the built-in module, through Module._resolveFilename and Module._cache. Here that module is
 *   the double (testkit/electron-double.ts), so no other code in the process sees it.
 * - lib/browser/init.ts: its own path is taken out of `process.argv` (a packaged app's argv is
 *   the executable then the user's arguments), the app's package.json names the app
 *   (productName) and its main script, the app path is set, and the main script is loaded with
 *   `Module._load(…, true)` as the main module.
 *
 * The renderer process is the test's process (renderer.ts), at the other end of Node's IPC
 * channel; messages are structured clones (`serialization: 'advanced'`), as Electron's IPC.
 */
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as electron from '../electron-double';
import type { MainToRenderer, RendererToMain } from '../electron-double';

interface ModuleInternals {
  _cache: Record<string, unknown>;
  _resolveFilename: (request: string, ...rest: unknown[]) => string;
  _load: (request: string, parent: unknown, isMain: boolean) => unknown;
}
const internals = Module as unknown as ModuleInternals & (new (id: string) => NodeJS.Module);

const appDir = path.resolve(process.argv[2] ?? '');
process.argv.splice(1, 2);
Object.assign(process, { type: 'browser', resourcesPath: path.dirname(appDir) });

const builtin = new internals('electron');
builtin.exports = electron;
builtin.loaded = true;
internals._cache.electron = builtin;
const names = new Set(['electron', 'electron/main', 'electron/common']);
const resolve = internals._resolveFilename;
internals._resolveFilename = function (request, ...rest) {
  return names.has(request) ? 'electron' : resolve.call(this, request, ...rest);
};

const send = process.send?.bind(process);
if (!send) throw new Error('main-bootstrap runs as a child process with an IPC channel');
const receive = electron.startLifecycle({
  send: (message: MainToRenderer) => void send(message),
  utilityBootstrap: path.join(__dirname, 'utility-child.cjs'),
});
process.on('message', (message) => receive(message as RendererToMain));
// The test that plays the renderer is gone: nothing can drive this app any more.
process.on('disconnect', () => process.exit(1));

const manifest = JSON.parse(readFileSync(path.join(appDir, 'package.json'), 'utf8')) as {
  name?: string;
  productName?: string;
  main?: string;
  type?: string;
};
electron.app.name = (manifest.productName ?? manifest.name ?? 'Electron').trim();
electron.app.setAppPath(appDir);
const main = path.join(appDir, manifest.main || 'index.js');
if ((manifest.type === 'module' && !main.endsWith('.cjs')) || main.endsWith('.mjs')) {
  void import(pathToFileURL(main).href);
} else {
  internals._load(main, null, true);
}
