import { BrowserWindow, screen } from 'electron';
import path from 'node:path';
import {
  DEFAULT_SIZE,
  loadWindowState,
  MIN_SIZE,
  saveWindowState,
  type WindowState,
} from '../platform/window-state';
import { APP_ORIGIN } from './app-protocol';

/** How long the window must keep still before its new bounds are written down. */
const SAVE_DELAY_MS = 500;

/**
 * The one window: hardened web preferences (see security.ts for navigation, new windows and
 * permissions), the app's own origin, and the size and place it had when last closed.
 */
export function createMainWindow(outDir: string, dataDir: string): BrowserWindow {
  const displays = screen.getAllDisplays().map((display) => display.workArea);
  const saved = loadWindowState(dataDir, displays);
  const window = new BrowserWindow({
    ...(saved?.bounds ?? DEFAULT_SIZE),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Rerank Studio',
    show: false,
    webPreferences: {
      preload: path.join(outDir, 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // A middle click on a link would ask for a new window (denied anyway in security.ts).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (saved?.maximized) window.maximize();
  rememberBounds(window, dataDir);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

function rememberBounds(window: BrowserWindow, dataDir: string): void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    timer = undefined;
    if (window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return;
    const state: WindowState = {
      // The normal bounds, so a maximised window comes back maximised over its old place.
      bounds: window.getNormalBounds(),
      maximized: window.isMaximized(),
    };
    try {
      saveWindowState(dataDir, state);
    } catch {
      // A read-only data folder only costs the remembered size.
    }
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('maximize', later);
  window.on('unmaximize', later);
  window.on('close', () => {
    if (timer) clearTimeout(timer);
    save();
  });
}
