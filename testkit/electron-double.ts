/**
 * A stand-in for the main process's `electron` module (no Electron binary exists on the build
 * machines). This is the one double of Electron the project allows. It is used two ways:
 *
 * - Recording, for the security tests of electron/main (`vi.mock('electron', …)`): it records
 *   what main asks of Electron — window options, handlers, IPC channels, menus — so the tests
 *   can call those handlers the way Electron would.
 * - As the process's Electron, for the packaged app (testkit/electron-double/main-bootstrap.ts
 *   calls {@link startLifecycle}): the app becomes ready, windows load their pages through the
 *   app's protocol handlers, a renderer in another process (the test's, testkit/electron-double/
 *   renderer.ts) runs the window's preload and invokes IPC, utility processes are real child
 *   processes, and quitting ends the process. Electron's ordering rules (what may only be called
 *   before or after `ready`) are enforced in this mode only: the security tests call main's
 *   modules one by one, with no app lifecycle.
 *
 * Each behaviour names where it comes from: Electron's API docs (docs/api/*.md in
 * github.com/electron/electron) or, where the docs are silent or stale, its source (lib/,
 * shell/) and specs (spec/), read at commit 96f3996 (2026-08-22).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdirSync, rmSync, readlinkSync, symlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir, hostname, constants as osConstants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Listener = (...args: unknown[]) => unknown;

/** What main sends to the renderer process and how the renderer answers (renderer.ts). */
export type MainToRenderer =
  | {
      type: 'run-preload';
      frameToken: number;
      url: string;
      preload: string | undefined;
      /** The page's status, and its scripts and styles with theirs, as the renderer got them. */
      document: PageLoad;
    }
  | { type: 'ipc-reply'; id: number; result?: unknown; error?: string }
  | { type: 'ipc-message'; frameToken: number; channel: string; args: unknown[] }
  | { type: 'subframe'; frameToken: number };
export type RendererToMain =
  | { type: 'preload-done'; frameToken: number; error?: string }
  | { type: 'ipc-invoke'; id: number; frameToken: number; channel: string; args: unknown[] }
  /** What a user does with the window: closes it, or a page adds an `<iframe>`. */
  | { type: 'close-windows' }
  | { type: 'add-subframe'; parentToken: number; url: string };

export interface PageLoad {
  status: number;
  resources: { url: string; status: number }[];
}

/** The channel to the renderer process; absent when recording. */
let rendererLink: ((message: MainToRenderer) => void) | undefined;

/** Lifecycle mode: Electron's ordering rules apply and `ready` is emitted. */
const lifecycle = { started: false, ready: false, quitting: false, shutdown: false };

/** A preventable event object, as Electron passes to `will-quit`, `close`, `will-navigate`. */
function preventable() {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

function requireReady(what: string) {
  // docs/api/browser-window.md, protocol.md, session.md, utility-process.md: these modules
  // "can only be used after the ready event of the app module is emitted".
  if (lifecycle.started && !lifecycle.ready) {
    throw new Error(`${what} cannot be used before the app is ready`);
  }
}

// ── WebFrameMain (docs/api/web-frame-main.md) ─────────────────────────────────────────────

let nextFrameToken = 1;
const frames = new Map<number, FakeWebFrameMain>();

/** A frame of a page: its URL, its parent (null for the top frame) and its children. */
export class FakeWebFrameMain {
  readonly routingId = nextFrameToken++;
  readonly frames: FakeWebFrameMain[] = [];
  detached = false;
  constructor(
    public url: string,
    public readonly parent: FakeWebFrameMain | null,
  ) {
    frames.set(this.routingId, this);
    parent?.frames.push(this);
  }
  get top(): FakeWebFrameMain {
    return this.parent ? this.parent.top : this;
  }
  /** web-frame-main.md `frame.origin`: serialised per RFC 6454, "null" for opaque ones. */
  get origin() {
    try {
      const url = new URL(this.url);
      // Chromium treats a privileged standard scheme (app://) as a tuple origin.
      return url.origin !== 'null' ? url.origin : `${url.protocol}//${url.host}`;
    } catch {
      return 'null';
    }
  }
  /** web-frame-main.md: `frame.detached` — a frame that is gone answers nothing. */
  isDestroyed() {
    return this.detached;
  }
}

// ── WebContents (docs/api/web-contents.md) ────────────────────────────────────────────────

let nextContentsId = 1;

/** The web contents of a window; records the handlers main installs. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  windowOpenHandler?: (details: { url: string }) => { action: string };
  readonly sent: { channel: string; payload: unknown }[] = [];
  /** Subresources the page asked for, with the protocol's status for each. */
  readonly resources: { url: string; status: number }[] = [];
  mainFrame: FakeWebFrameMain;
  destroyed = false;
  preload: string | undefined;
  private pendingPreload?: { resolve: (error?: string) => void };
  constructor(public url = 'app://rerank-studio/index.html') {
    super();
    this.mainFrame = new FakeWebFrameMain(url, null);
    contentsById.set(this.id, this);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  getURL() {
    return this.url;
  }
  isDestroyed() {
    return this.destroyed;
  }
  /**
   * web-contents.md `contents.send(channel, ...args)`: arguments serialised with the Structured
   * Clone Algorithm, delivered to the main frame's `ipcRenderer.on(channel)` listeners.
   */
  send(channel: string, ...args: unknown[]) {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, payload: args[0] });
    rendererLink?.({ type: 'ipc-message', frameToken: this.mainFrame.routingId, channel, args });
  }
  /**
   * web-contents.md `contents.loadURL(url)`: "Returns Promise<void> - the promise will resolve
   * when the page has finished loading (see did-finish-load), and rejects if the page fails to
   * load (see did-fail-load)". The document comes from the scheme's protocol.handle handler
   * (protocol.md), its scripts and styles too; the preload runs in the new document before its
   * scripts (tutorial/sandbox.md, tutorial/tutorial-3-preload.md), in the renderer process.
   */
  async loadURL(url: string): Promise<void> {
    this.url = url;
    if (!lifecycle.started) return;
    this.emit('did-start-loading');
    const page = await fetchThroughProtocol(url);
    const html = await page.text();
    if (page.status !== 200 && html === '') {
      // web-contents.md 'did-fail-load' (event, errorCode, errorDescription, validatedURL,
      // isMainFrame): Chromium shows an error page for an error status only when the body is
      // empty (net::ERR_HTTP_RESPONSE_CODE_FAILURE, -379); a body is rendered like any page.
      const description = 'ERR_HTTP_RESPONSE_CODE_FAILURE';
      this.emit('did-fail-load', {}, -379, description, url, true);
      throw new Error(`${description} (-379) loading '${url}'`);
    }
    this.resources.length = 0;
    if (/^text\/html\b/.test(page.headers.get('content-type') ?? '')) {
      for (const ref of subresources(html)) {
        const resource = new URL(ref, url).href;
        this.resources.push({
          url: resource,
          status: (await fetchThroughProtocol(resource)).status,
        });
      }
    }
    this.mainFrame.detached = true;
    frames.delete(this.mainFrame.routingId);
    this.mainFrame = new FakeWebFrameMain(url, null);
    const document = { status: page.status, resources: [...this.resources] };
    const error = await new Promise<string | undefined>((resolve) => {
      this.pendingPreload = { resolve };
      rendererLink?.({
        type: 'run-preload',
        frameToken: this.mainFrame.routingId,
        url,
        preload: this.preload,
        document,
      });
      if (!rendererLink) resolve(undefined);
    });
    // web-contents.md 'preload-error': the page still loads without what the preload gives.
    if (error !== undefined) this.emit('preload-error', {}, this.preload, new Error(error));
    this.emit('dom-ready', {});
    this.emit('did-finish-load');
    this.emit('did-stop-loading');
  }
  /** The renderer ran (or failed to run) the preload of `frameToken`. */
  preloadDone(frameToken: number, error?: string) {
    if (frameToken !== this.mainFrame.routingId) return;
    this.pendingPreload?.resolve(error);
    this.pendingPreload = undefined;
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.mainFrame.detached = true;
    this.emit('destroyed');
  }
}
const contentsById = new Map<number, FakeWebContents>();

/** The `src` and `href` a page loads from its own origin. */
function subresources(html: string): string[] {
  const refs = [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].map(
    (m) => m[1]!,
  );
  return refs.filter((ref) => !/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('app:'));
}

async function fetchThroughProtocol(url: string): Promise<Response> {
  const scheme = new URL(url).protocol.slice(0, -1);
  const handler = protocol.handlers.get(scheme);
  // net::ERR_UNKNOWN_URL_SCHEME: nothing serves a scheme with no handler.
  if (!handler) return new Response(null, { status: 404 });
  return await handler(new Request(url));
}

// ── BrowserWindow (docs/api/browser-window.md, base-window.md) ────────────────────────────

let nextWindowId = 1;

export class FakeBrowserWindow extends EventEmitter {
  static readonly all: FakeBrowserWindow[] = [];
  /** browser-window.md: "An array of all opened browser windows". */
  static getAllWindows() {
    return FakeBrowserWindow.all.filter((window) => !window.destroyed);
  }
  static getFocusedWindow: () => FakeBrowserWindow | undefined = () => undefined;
  readonly id = nextWindowId++;
  readonly webContents = new FakeWebContents();
  loaded?: string;
  maximized = false;
  visible = false;
  destroyed = false;
  constructor(public readonly options: Record<string, unknown>) {
    super();
    requireReady('BrowserWindow');
    FakeBrowserWindow.all.push(this);
    const preferences = (options.webPreferences ?? {}) as { preload?: string };
    this.webContents.preload = preferences.preload;
    // app.md 'web-contents-created' and 'browser-window-created': emitted for each new one.
    app.emit('web-contents-created', {}, this.webContents);
    app.emit('browser-window-created', {}, this);
    // browser-window.md: `show` defaults to true; with false, 'ready-to-show' is the time.
    if (options.show !== false) this.visible = true;
    this.webContents.on('did-finish-load', () => {
      if (!this.destroyed) this.emit('ready-to-show');
    });
  }
  loadURL(url: string) {
    this.loaded = url;
    return this.webContents.loadURL(url);
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  isFullScreen() {
    return false;
  }
  isMaximized() {
    return this.maximized;
  }
  isVisible() {
    return this.visible;
  }
  maximize() {
    this.maximized = true;
  }
  show() {
    this.visible = true;
  }
  restore() {}
  focus() {}
  getNormalBounds() {
    const { x = 0, y = 0, width, height } = this.options as Record<string, number>;
    return { x, y, width, height };
  }
  /**
   * base-window.md `win.close()`: "Try to close the window. This has the same effect as a user
   * manually clicking the close button of the window"; the 'close' event can cancel it
   * (`event.preventDefault()`), then 'closed' is emitted and the window is gone.
   */
  close() {
    if (this.destroyed) return;
    const event = preventable();
    this.emit('close', event);
    if (event.defaultPrevented) {
      // shell/browser/browser.cc OnWindowCloseCancelled: a cancelled close cancels a quit.
      lifecycle.quitting = false;
      return;
    }
    this.destroy();
  }
  /** base-window.md `win.destroy()`: no 'close' event, only 'closed'. */
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
    if (FakeBrowserWindow.getAllWindows().length === 0) allWindowsClosed();
  }
}

// ── app (docs/api/app.md; shell/browser/browser.cc for the quit sequence) ─────────────────

const paths = new Map<string, string>();
let singletonLock: string | undefined;

class FakeApp extends EventEmitter {
  private readyPromise?: Promise<void>;
  private resolveReady?: () => void;
  /** app.md `app.isReady()`. */
  isReady() {
    return lifecycle.ready;
  }
  /** app.md `app.whenReady()`: "fulfilled when Electron is initialized". */
  whenReady(): Promise<void> {
    if (lifecycle.ready) return Promise.resolve();
    this.readyPromise ??= new Promise<void>((resolve) => (this.resolveReady = resolve));
    return this.readyPromise;
  }
  /**
   * shell/browser/browser.cc DidFinishLaunching: creates the userData folder, resolves
   * whenReady, then emits 'ready'.
   */
  finishLaunching() {
    mkdirSync(this.getPath('userData'), { recursive: true });
    lifecycle.ready = true;
    this.resolveReady?.();
    this.emit('ready', {}, {});
  }
  /**
   * app.md `app.setPath(name, path)`. The docs say a folder that does not exist throws; the
   * source (shell/browser/api/electron_api_app.cc, OverrideAndCreateIfNeeded with
   * is_absolute=true, create=false) and Electron's own spec ("does not create a new directory
   * by default", spec/api-app-spec.ts) show it is only a relative path that throws.
   */
  setPath(name: string, value: string) {
    if (!path.isAbsolute(value)) throw new Error('Path must be absolute');
    paths.set(name, value);
  }
  /** app.md `app.getPath`: userData is `$XDG_CONFIG_HOME` or `~/.config`, plus the app name. */
  getPath(name: string): string {
    const known = paths.get(name);
    if (known) return known;
    if (name === 'userData') {
      const config = process.env.XDG_CONFIG_HOME || path.join(homedir(), '.config');
      return path.join(config, this.getName());
    }
    if (name === 'home') return homedir();
    throw new Error(`Failed to get '${name}' path`);
  }
  /** app.md `app.name`: productName or name of the app's package.json (lib/browser/init.ts). */
  name = 'Electron';
  getName() {
    return this.name;
  }
  private appPath = process.cwd();
  /** app.md `app.getAppPath()`: the app's folder (or asar), set by lib/browser/init.ts. */
  getAppPath() {
    return this.appPath;
  }
  setAppPath(dir: string) {
    this.appPath = dir;
  }
  /** app.md `app.enableSandbox()`: "This method can only be called before app is ready." */
  enableSandbox() {
    if (lifecycle.ready)
      throw new Error('app.enableSandbox() can only be called before app is ready');
  }
  /**
   * app.md `app.requestSingleInstanceLock()`: false if another instance holds the lock. On
   * Linux Chromium's ProcessSingleton holds it as the symlink `SingletonLock` →
   * `<hostname>-<pid>` in the userData folder (chrome/browser/process_singleton_posix.cc).
   */
  requestSingleInstanceLock(): boolean {
    if (!lifecycle.started) return true;
    const dir = this.getPath('userData');
    mkdirSync(dir, { recursive: true });
    const lock = path.join(dir, 'SingletonLock');
    try {
      symlinkSync(`${hostname()}-${process.pid}`, lock);
    } catch {
      const holder = Number(readlinkSync(lock).split('-').pop());
      if (holder !== process.pid && isAlive(holder)) return false;
      rmSync(lock, { force: true });
      symlinkSync(`${hostname()}-${process.pid}`, lock);
    }
    singletonLock = lock;
    return true;
  }
  /**
   * app.md `app.quit()`: 'before-quit' (preventable), then every window is asked to close;
   * when the last has closed, 'will-quit' (preventable), then 'quit' and the app ends
   * (shell/browser/browser.cc Quit, NotifyAndShutdown, Shutdown).
   */
  quit() {
    if (lifecycle.quitting || lifecycle.shutdown) return;
    const before = preventable();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    lifecycle.quitting = true;
    const open = FakeBrowserWindow.getAllWindows();
    if (open.length === 0) notifyAndShutdown();
    else for (const window of open) window.close();
  }
  /**
   * app.md `app.exit([exitCode])`: "Exits immediately with exitCode … All windows will be
   * closed immediately without asking the user, and the before-quit and will-quit events will
   * not be emitted."
   */
  exit(code = 0) {
    exitCode = code;
    exiting = true;
    const open = FakeBrowserWindow.getAllWindows();
    if (open.length === 0) shutdown();
    else for (const window of open) window.destroy();
  }
}
let exitCode = 0;
let exiting = false;

export const app = new FakeApp();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** shell/browser/browser.cc OnWindowAllClosed. */
function allWindowsClosed() {
  if (!lifecycle.started) return;
  if (exiting) shutdown();
  else if (lifecycle.quitting) notifyAndShutdown();
  // app.md 'window-all-closed': "If you do not subscribe to this event and all windows are
  // closed, the default behavior is to quit the app".
  else if (app.listenerCount('window-all-closed') === 0) app.quit();
  else app.emit('window-all-closed');
}

function notifyAndShutdown() {
  if (lifecycle.shutdown) return;
  const event = preventable();
  app.emit('will-quit', event);
  if (event.defaultPrevented) {
    lifecycle.quitting = false;
    return;
  }
  shutdown();
}

/**
 * shell/browser/browser.cc Shutdown: 'quit' (app.md: `(event, exitCode)`), then the main message
 * loop is asked to quit after it has run once more (RunQuitClosure posts a task). Child
 * processes do not outlive the browser process.
 */
function shutdown() {
  if (lifecycle.shutdown) return;
  lifecycle.shutdown = true;
  lifecycle.quitting = true;
  app.emit('quit', {}, exitCode);
  for (const child of utilityChildren) child.kill('SIGTERM');
  if (singletonLock) rmSync(singletonLock, { force: true });
  setImmediate(() => process.exit(exitCode));
}

// ── session (docs/api/session.md) ─────────────────────────────────────────────────────────

type PermissionRequest = (
  contents: FakeWebContents,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl?: string },
) => void;
type PermissionCheck = (contents: FakeWebContents, permission: string, origin: string) => boolean;

export const session = {
  defaultSession: {
    permissionRequest: undefined as PermissionRequest | undefined,
    permissionCheck: undefined as PermissionCheck | undefined,
    setPermissionRequestHandler(handler: PermissionRequest) {
      requireReady('session');
      this.permissionRequest = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheck) {
      requireReady('session');
      this.permissionCheck = handler;
    },
  },
};

// ── ipcMain (docs/api/ipc-main.md; lib/browser/ipc-dispatch.ts for the reply) ─────────────

export const ipcMain = {
  handlers: new Map<string, Listener>(),
  /** ipc-main.md `ipcMain.handle`: one handler per channel. */
  handle(channel: string, handler: Listener) {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
  /**
   * A renderer's `ipcRenderer.invoke` arriving from `frame`. The event is an
   * IpcMainInvokeEvent (structures/ipc-main-invoke-event.md): `sender` the web contents,
   * `senderFrame` the frame that sent it, `frameId`, `processId`. lib/browser/ipc-dispatch.ts:
   * the handler's (awaited) value is the reply; a throw replies `error.toString()` and is
   * logged as "Error occurred in handler for '<channel>':"; no handler replies
   * "No handler registered for '<channel>'".
   */
  async invokeFrom(
    frame: FakeWebFrameMain,
    channel: string,
    args: unknown[],
  ): Promise<{ result?: unknown; error?: string }> {
    const contents = [...contentsById.values()].find((c) => c.mainFrame === frame.top);
    const event = {
      type: 'frame',
      sender: contents,
      get senderFrame() {
        return frame.detached ? null : frame;
      },
      frameId: frame.routingId,
      processId: process.pid,
    };
    const handler = this.handlers.get(channel);
    if (!handler) return { error: `Error: No handler registered for '${channel}'` };
    try {
      return { result: await Promise.resolve(handler(event, ...args)) };
    } catch (error) {
      console.error(`Error occurred in handler for '${channel}':`, error);
      return { error: String(error) };
    }
  },
};

// ── protocol and net (docs/api/protocol.md, net.md) ───────────────────────────────────────

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  /** The last handler registered (the security tests call it directly). */
  handler: undefined as ((request: Request) => Promise<Response>) | undefined,
  /**
   * protocol.md `registerSchemesAsPrivileged`: "This method can only be used before the ready
   * event of the app module gets emitted and can be called only once."
   */
  registerSchemesAsPrivileged(schemes: unknown[]) {
    if (lifecycle.ready) {
      throw new Error('protocol.registerSchemesAsPrivileged must be called before app is ready');
    }
    this.privileged.push(...schemes);
  },
  /** protocol.md `protocol.handle(scheme, handler)`: one handler per scheme. */
  handle(scheme: string, handler: (request: Request) => Promise<Response>) {
    requireReady('protocol');
    if (lifecycle.started && this.handlers.has(scheme)) {
      throw new Error(`Failed to register protocol: ${scheme}`);
    }
    this.handlers.set(scheme, handler);
    this.handler = handler;
  },
  isProtocolHandled(scheme: string) {
    return this.handlers.has(scheme);
  },
};

/** Electron's net.fetch of a file: URL (net.md: it supports file:), which Node's fetch does not do. */
export const net = {
  async fetch(url: string): Promise<Response> {
    return new Response(await readFile(fileURLToPath(url)));
  },
};

export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
};

export const Menu = {
  template: undefined as unknown,
  buildFromTemplate(template: unknown) {
    return { template };
  },
  setApplicationMenu(menu: { template: unknown }) {
    this.template = menu.template;
  },
};

// ── utilityProcess (docs/api/utility-process.md, parent-port.md) ──────────────────────────

const utilityChildren = new Set<ChildProcess>();

/**
 * utility-process.md `UtilityProcess`: an EventEmitter over a real child process. 'spawn' once
 * started, 'message' with the data the child posted on `process.parentPort`, 'exit' with the
 * exit code (from waitpid; a process ended by a signal reports the signal's number, as
 * base::GetTerminationStatus does); `pid` undefined until spawned and after exit; `kill()`
 * sends SIGTERM and says whether it could.
 */
class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined;
  constructor(private readonly child: ChildProcess) {
    super();
    utilityChildren.add(child);
    child.once('spawn', () => {
      this.pid = child.pid;
      this.emit('spawn');
    });
    child.on('message', (message) => this.emit('message', message));
    child.once('exit', (code, signal) => {
      utilityChildren.delete(child);
      this.pid = undefined;
      this.emit('exit', code ?? (signal ? osConstants.signals[signal] : 0));
    });
  }
  /** utility-process.md `child.postMessage(message)`: structured clone. */
  postMessage(message: unknown) {
    if (this.child.connected) this.child.send(message as object);
  }
  kill(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && this.child.kill();
  }
}

/** The script that gives a utility child `process.parentPort` (utility-child.ts, bundled). */
let utilityBootstrap: string | undefined;

export const utilityProcess = {
  /**
   * utility-process.md `utilityProcess.fork(modulePath[, args][, options])`: `env` defaults to
   * `process.env`, stdin is ignored and stdout/stderr inherited by default; "can only be
   * called after the ready event". The child is Node running `modulePath` (the path as given:
   * a file missing there fails in the child, which exits), never the main process's own flags.
   */
  fork(
    modulePath: string,
    args: string[] = [],
    options: { env?: NodeJS.ProcessEnv; execArgv?: string[]; cwd?: string; stdio?: string } = {},
  ) {
    if (!lifecycle.started || !utilityBootstrap) {
      throw new Error('no utility processes in the security tests');
    }
    if (!lifecycle.ready) {
      throw new Error('utilityProcess cannot be forked before the app is ready');
    }
    const stdio = options.stdio ?? 'inherit';
    const child = fork(modulePath, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      execArgv: ['--require', utilityBootstrap, ...(options.execArgv ?? [])],
      stdio: ['ignore', stdio, stdio, 'ipc'] as never,
      serialization: 'advanced',
    });
    return new FakeUtilityProcess(child);
  },
};

export { FakeBrowserWindow as BrowserWindow };

/** Native dialogs: each answers with the next scripted result. */
export const dialog = {
  answers: [] as { canceled: boolean; filePaths?: string[]; filePath?: string }[],
  asked: [] as unknown[],
  showOpenDialog(...args: unknown[]) {
    this.asked.push(args.at(-1));
    return Promise.resolve(this.answers.shift() ?? { canceled: true, filePaths: [] });
  },
  showSaveDialog(...args: unknown[]) {
    this.asked.push(args.at(-1));
    return Promise.resolve(this.answers.shift() ?? { canceled: true });
  },
};

/**
 * Makes this module the process's Electron (main-bootstrap.ts): messages from the renderer
 * process arrive through `onRendererMessage`, replies go out through `send`; `ready` is
 * emitted once the main script has run (shell/browser/browser.cc: on Linux in
 * PreMainMessageLoopRun, after the app's script).
 */
export function startLifecycle(options: {
  send: (message: MainToRenderer) => void;
  utilityBootstrap: string;
}): (message: RendererToMain) => void {
  lifecycle.started = true;
  rendererLink = options.send;
  utilityBootstrap = options.utilityBootstrap;
  setImmediate(() => {
    app.emit('will-finish-launching');
    app.finishLaunching();
  });
  return (message) => {
    switch (message.type) {
      case 'preload-done':
        for (const contents of contentsById.values()) {
          contents.preloadDone(message.frameToken, message.error);
        }
        return;
      case 'ipc-invoke': {
        const frame = frames.get(message.frameToken);
        const answer = frame
          ? ipcMain.invokeFrom(frame, message.channel, message.args)
          : Promise.resolve({ error: `Error: no frame ${message.frameToken}` });
        void answer.then((reply) => options.send({ type: 'ipc-reply', id: message.id, ...reply }));
        return;
      }
      case 'close-windows':
        for (const window of FakeBrowserWindow.getAllWindows()) window.close();
        return;
      case 'add-subframe': {
        const parent = frames.get(message.parentToken);
        if (!parent) return;
        const child = new FakeWebFrameMain(message.url, parent);
        options.send({ type: 'subframe', frameToken: child.routingId });
        return;
      }
    }
  };
}
