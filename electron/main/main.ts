/**
 * Electron composition root: lifecycle, hardening, IPC wiring and the window. Everything else
 * lives in Node modules that never import Electron and are tested under plain Node.
 */
import { app, BrowserWindow } from 'electron';
import path from 'node:path';
import { ensureDataDir, resolveDataDir } from '../platform/data-dir';
import { createServices, keychainFromEnv } from '../services/compose';
import { logBug } from '../services/log';
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
    registerIpc(services);
    installMenu((command) => services.events.emit('app:command', { command }));
    app.once('will-quit', () => void services.close());
    createMainWindow(outDir, dataDir);
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
