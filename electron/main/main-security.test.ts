/**
 * The Electron layer's security, with `electron` replaced by a recording double
 * (electron-double.ts; no Electron binary exists on the build machines): the window's web
 * preferences, navigation, new windows, webviews, permissions, the app:// protocol and its CSP,
 * every IPC channel's sender check and payload parsing, and the menu's commands.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_COMMANDS } from '../../shared/app/commands';
import { OPERATION_NAMES } from '../../shared/contract/names';
import { createServices, type Services } from '../composition/compose';
import {
  FakeBrowserWindow,
  FakeWebContents,
  ipcMain,
  Menu,
  protocol,
  app,
  dialog,
  session,
} from '../../testkit/electron-double';

vi.mock('electron', async () => await import('../../testkit/electron-double'));

const { APP_ORIGIN, registerAppScheme, serveRenderer } = await import('./app-protocol');
const { hardenApp, hardenSession } = await import('./security');
const { createMainWindow } = await import('./window');
const { registerIpc } = await import('./ipc');
const { installMenu } = await import('./menu');
const { nativeFileDialogs } = await import('./dialogs');

const root = mkdtempSync(path.join(tmpdir(), 'rerank-studio-main-'));
let services: Services;
beforeAll(() => {
  services = createServices({ host: 'electron', dataDir: path.join(root, 'data') });
});
afterAll(async () => {
  await services.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the window', () => {
  it('runs the page isolated, sandboxed, without Node, and on the app origin', () => {
    const window = createMainWindow(
      '/opt/app/out',
      path.join(root, 'window'),
    ) as unknown as FakeBrowserWindow;
    expect(window.options.webPreferences).toEqual({
      preload: path.join('/opt/app/out', 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(window.loaded).toBe(`${APP_ORIGIN}/index.html`);
  });
});

describe('navigation, new windows and webviews', () => {
  hardenApp();
  const contents = new FakeWebContents();
  app.emit('web-contents-created', {}, contents);
  const navigate = (event: string, url: string) => {
    const preventDefault = vi.fn();
    contents.emit(event, { preventDefault }, url);
    return preventDefault.mock.calls.length > 0;
  };

  it('denies every new window, the app’s own pages included', () => {
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({
      action: 'deny',
    });
    expect(contents.windowOpenHandler?.({ url: `${APP_ORIGIN}/index.html` })).toEqual({
      action: 'deny',
    });
  });

  it('allows navigation and redirects within the app only', () => {
    for (const event of ['will-navigate', 'will-redirect']) {
      expect(navigate(event, `${APP_ORIGIN}/index.html#token`), event).toBe(false);
      expect(navigate(event, 'https://evil.example/'), event).toBe(true);
      expect(navigate(event, 'app://another-host/index.html'), event).toBe(true);
      expect(navigate(event, 'file:///etc/passwd'), event).toBe(true);
      expect(navigate(event, 'not a url'), event).toBe(true);
    }
  });

  it('never attaches a webview', () => {
    expect(navigate('will-attach-webview', '')).toBe(true);
  });
});

describe('permissions', () => {
  hardenSession();
  const { permissionRequest, permissionCheck } = session.defaultSession;
  const request = (permission: string, url: string) =>
    new Promise<boolean>((resolve) =>
      permissionRequest!(new FakeWebContents(url), permission, resolve, { requestingUrl: url }),
    );

  it('grants only clipboard writes, and only to the app’s own page', async () => {
    expect(await request('clipboard-sanitized-write', `${APP_ORIGIN}/index.html`)).toBe(true);
    expect(await request('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
    ]) {
      expect(await request(permission, `${APP_ORIGIN}/index.html`), permission).toBe(false);
    }
    const contents = new FakeWebContents();
    expect(permissionCheck!(contents, 'clipboard-sanitized-write', APP_ORIGIN)).toBe(true);
    expect(permissionCheck!(contents, 'clipboard-sanitized-write', 'https://evil.example')).toBe(
      false,
    );
    expect(permissionCheck!(contents, 'media', APP_ORIGIN)).toBe(false);
  });
});

describe('the app:// protocol', () => {
  const dir = path.join(root, 'renderer');
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(path.join(root, 'secret.txt'), 'outside the renderer folder');
  registerAppScheme();
  serveRenderer(dir);
  const get = (url: string) => protocol.handler!(new Request(url));

  it('is a standard, secure scheme', () => {
    expect(protocol.privileged).toContainEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
  });

  it('serves the renderer with the CSP and the other security headers', async () => {
    const response = await get(`${APP_ORIGIN}/index.html`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>app</title>');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves nothing outside the renderer folder or for another host', async () => {
    expect((await get(`${APP_ORIGIN}/..%2Fsecret.txt`)).status).toBe(404);
    expect((await get(`${APP_ORIGIN}/assets/../../secret.txt`)).status).toBe(404);
    expect((await get('app://another-host/index.html')).status).toBe(404);
    expect((await get(`${APP_ORIGIN}/missing.js`)).status).toBe(404);
  });
});

describe('IPC', () => {
  const window = new FakeBrowserWindow({});
  beforeAll(() => registerIpc(services));
  const call = (channel: string, frame: unknown, request: unknown) =>
    ipcMain.handlers.get(channel)!({ senderFrame: frame }, request);
  const appFrame = { url: `${APP_ORIGIN}/index.html`, parent: null };

  it('answers every contract operation and nothing else', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...OPERATION_NAMES].sort());
  });

  it('refuses every operation from anything but the app’s top frame', async () => {
    const strangers = [
      null,
      { url: 'https://evil.example/', parent: null },
      { url: `${APP_ORIGIN}/index.html`, parent: appFrame },
      { url: 'app://another-host/index.html', parent: null },
    ];
    for (const name of OPERATION_NAMES) {
      for (const frame of strangers) {
        expect(await call(name, frame, {}), name).toEqual({
          ok: false,
          error: {
            code: 'invalid_request',
            message: `${name} refused: the request did not come from the app window`,
          },
        });
      }
    }
  });

  it('parses every payload with the contract before a handler sees it', async () => {
    for (const name of OPERATION_NAMES) {
      const answer = (await call(name, appFrame, 'not an object')) as {
        ok: boolean;
        error?: { code: string };
      };
      expect(answer.ok, name).toBe(false);
      expect(answer.error?.code, name).toBe('invalid_request');
    }
    const info = (await call('app:info', appFrame, {})) as { ok: boolean; value: { host: string } };
    expect(info.ok).toBe(true);
    expect(info.value.host).toBe('electron');
  });

  it('forwards events to the window', () => {
    services.events.emit('app:command', { command: 'run' });
    expect(window.webContents.sent).toContainEqual({
      channel: 'app:command',
      payload: { command: 'run' },
    });
  });
});

describe('the menu', () => {
  interface Item {
    id?: string;
    role?: string;
    accelerator?: string;
    click?: () => void;
    submenu?: Item[];
  }
  const sent: string[] = [];
  installMenu((command) => sent.push(command));
  const flat = (items: Item[]): Item[] =>
    items.flatMap((item) => [item, ...flat(item.submenu ?? [])]);
  const items = flat(Menu.template as Item[]);

  it('holds every app command with its accelerator, and sends it when chosen', () => {
    for (const command of APP_COMMANDS) {
      const item = items.find((i) => i.id === command.id);
      expect(item, command.id).toBeDefined();
      expect(item?.accelerator).toBe('accelerator' in command ? command.accelerator : undefined);
      item?.click?.();
    }
    expect(sent).toEqual(APP_COMMANDS.map((command) => command.id));
  });

  it('has the usual roles', () => {
    const roles = items.map((item) => item.role).filter(Boolean);
    expect(roles).toEqual(
      expect.arrayContaining([
        'undo',
        'redo',
        'cut',
        'copy',
        'paste',
        'selectAll',
        'zoomIn',
        'zoomOut',
        'resetZoom',
        'togglefullscreen',
        'windowMenu',
      ]),
    );
    expect(roles).toContain(process.platform === 'darwin' ? 'appMenu' : 'quit');
  });
});

describe('the workspace dialogs', () => {
  const filters = [{ name: 'Rerank Studio workspaces', extensions: ['rerank.json'] }];

  it('give the chosen file, or nothing when cancelled, with the filters asked for', async () => {
    dialog.answers.push({ canceled: false, filePaths: ['/home/me/a.rerank.json'] });
    expect(await nativeFileDialogs.showOpen({ title: 'Open', filters })).toBe(
      '/home/me/a.rerank.json',
    );
    expect(dialog.asked.at(-1)).toEqual({ title: 'Open', filters, properties: ['openFile'] });
    dialog.answers.push({ canceled: true, filePaths: [] });
    expect(await nativeFileDialogs.showOpen({ title: 'Open', filters })).toBeUndefined();
    dialog.answers.push({ canceled: false, filePath: '/home/me/b.rerank.json' });
    expect(
      await nativeFileDialogs.showSave({ title: 'Save', defaultPath: 'b.rerank.json', filters }),
    ).toBe('/home/me/b.rerank.json');
    dialog.answers.push({ canceled: true });
    expect(await nativeFileDialogs.showSave({ title: 'Save', filters })).toBeUndefined();
  });
});
