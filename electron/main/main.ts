/**
 * Electron composition root: lifecycle, hardening, IPC wiring and the window. Everything else
 * lives in Node modules that never import Electron and are tested under plain Node.
 */
import { app, BrowserWindow } from 'electron';
import path from 'node:path';
import { ensureDataDir, resolveDataDir } from '../platform/data-dir';
import { openablePaths } from '../platform/open-paths';
import { allowedFoldersFromEnv, grantFolders } from '../platform/path-grants';
import { createServices, keychainFromEnv } from '../composition/compose';
import { logBug } from '../log/log';
import { utilityWorker } from './inference-process';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { nativeFileDialogs } from './dialogs';
import { registerIpc } from './ipc';
import { hardenApp, hardenSession } from './security';
import { installMenu } from './menu';
import { createMainWindow } from './window';

// out/electron/main.cjs → out/
const outDir = path.resolve(__dirname, '..');
const dataDir = resolveDataDir();
app.setPath('userData', dataDir);
app.enableSandbox();
registerAppScheme();
hardenApp();

// One app at a time: a second launch (a double-clicked .rerank.json) hands its files to this one.
if (!app.requestSingleInstanceLock()) app.quit();

/**
 * Files the OS asked the app to open, granted to the renderer and sent to it once its page has
 * loaded; until then they wait here (macOS sends `open-file` before the app is ready).
 */
const opening = {
  waiting: [] as string[],
  send: undefined as ((paths: string[]) => void) | undefined,
};
const openPaths = (paths: string[]) => {
  if (paths.length === 0) return;
  if (opening.send) opening.send(paths);
  else opening.waiting.push(...paths);
};
app.on('open-file', (event, file) => {
  event.preventDefault();
  openPaths([file]);
});
openPaths(openablePaths(process.argv.slice(1), process.cwd()));

app
  .whenReady()
  .then(async () => {
    await ensureDataDir(dataDir);
    hardenSession();
    serveRenderer(path.join(outDir, 'renderer'));
    const services = createServices({
      host: 'electron',
      dataDir,
      keychain: keychainFromEnv(process.env),
      fileDialogs: nativeFileDialogs,
      inferenceWorker: utilityWorker(path.join(__dirname, '..', 'node', 'inference-worker.mjs')),
    });
    // Folders a launcher allowed (what the web host's --allow-folder gives); dialogs grant the rest.
    grantFolders(services.grants, allowedFoldersFromEnv(process.env), process.cwd());
    registerIpc(services);
    installMenu((command) => services.events.emit('app:command', { command }));
    app.once('will-quit', () => void services.close());
    const window = createMainWindow(outDir, dataDir);
    window.webContents.once('did-finish-load', () => {
      opening.send = (paths) => {
        for (const file of paths) services.grants.grant(file, 'file');
        services.events.emit('app:open-paths', { paths });
      };
      openPaths(opening.waiting.splice(0));
    });
    app.on('second-instance', (_event, argv, cwd) => {
      if (window.isMinimized()) window.restore();
      window.focus();
      openPaths(openablePaths(argv.slice(1), cwd));
    });
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow(outDir, dataDir);
    });
  })
  .catch((error: unknown) => {
    logBug('startup', error);
    app.exit(1);
  });

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
