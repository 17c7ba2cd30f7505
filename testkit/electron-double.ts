/**
 * A stand-in for the `electron` module, for the security tests of electron/main only (no
 * Electron binary exists on the build machines). It records what main asks of Electron —
 * window options, handlers, IPC channels, menus — so the tests can call those handlers the way
 * Electron would. This is the one double of Electron the project allows.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

type Listener = (...args: unknown[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener) {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

/** The web contents Electron would create; records the handlers main installs. */
export class FakeWebContents extends Emitter {
  windowOpenHandler?: (details: { url: string }) => { action: string };
  readonly sent: { channel: string; payload: unknown }[] = [];
  constructor(public url = 'app://rerank-studio/index.html') {
    super();
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  getURL() {
    return this.url;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
}

export class FakeBrowserWindow extends Emitter {
  static readonly all: FakeBrowserWindow[] = [];
  static getAllWindows() {
    return FakeBrowserWindow.all;
  }
  static getFocusedWindow: () => FakeBrowserWindow | undefined = () => undefined;
  readonly webContents = new FakeWebContents();
  loaded?: string;
  maximized = false;
  constructor(public readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  isDestroyed() {
    return false;
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
  maximize() {
    this.maximized = true;
  }
  show() {}
  getNormalBounds() {
    const { x = 0, y = 0, width, height } = this.options as Record<string, number>;
    return { x, y, width, height };
  }
}

export const app = Object.assign(new Emitter(), {
  setPath() {},
  enableSandbox() {},
});

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
      this.permissionRequest = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheck) {
      this.permissionCheck = handler;
    },
  },
};

export const ipcMain = {
  handlers: new Map<string, Listener>(),
  handle(channel: string, handler: Listener) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  },
};

export const protocol = {
  privileged: [] as unknown[],
  handler: undefined as ((request: Request) => Promise<Response>) | undefined,
  registerSchemesAsPrivileged(schemes: unknown[]) {
    this.privileged.push(...schemes);
  },
  handle(_scheme: string, handler: (request: Request) => Promise<Response>) {
    this.handler = handler;
  },
};

/** Electron's net.fetch of a file: URL, which Node's fetch does not do. */
export const net = {
  async fetch(url: string) {
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

export const utilityProcess = {
  fork() {
    throw new Error('no utility processes in the security tests');
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
