/**
 * The packaged app's main process started under Node with the Electron double
 * (main-bootstrap.ts), and its window's renderer played by the test's own process: when main
 * loads a page, the preload main named in the window's webPreferences runs here, sandboxed as
 * Electron runs it, and its exposed API is what the page would see as `window.<key>`.
 *
 * - The preload (docs/tutorial/sandbox.md, lib/sandboxed_renderer/preload.ts): compiled as a
 *   function of `require, process, exports, module` plus the globals `Buffer`, `global`,
 *   `setImmediate`, `clearImmediate`, in its own V8 context (the isolated world); its `require`
 *   gives only `electron` (the renderer modules), `events`, `timers` and `url`, and throws
 *   "module not found: <name>" for anything else. A preload that fails is logged as
 *   "Unable to load preload script: <path>" and reported to main ('preload-error').
 * - contextBridge.exposeInMainWorld (docs/api/context-bridge.md): refuses a key the window already
 *   has; "Function values are proxied to the other context and all other values are copied and
 *   frozen"; a Promise is proxied, its value copied.
 * - ipcRenderer.invoke (docs/api/ipc-renderer.md, lib/renderer/api/ipc-renderer.ts): arguments
 *   are structured clones (a function throws); an error in main rejects with
 *   "Error invoking remote method '<channel>': <error>". `ipcRenderer.on(channel, listener)`
 *   receives `(event, ...args)` from `webContents.send`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as events from 'node:events';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import * as timers from 'node:timers';
import * as url from 'node:url';
import vm from 'node:vm';
import type { MainToRenderer, PageLoad, RendererToMain } from '../electron-double';

export interface PackagedMainOptions {
  /** The app folder (an extracted app.asar): package.json and its main script. */
  appDir: string;
  mainBootstrap: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The app's command line after the executable (files the OS asks it to open). */
  args?: string[];
  /**
   * The page's own scripts: they run after the preload and before the load finishes
   * ('did-finish-load'), so what they subscribe to is there for the first events.
   */
  page?: (frame: RendererFrame) => void;
}

/** A page's frame as the renderer sees it: its ipcRenderer, and what its preload exposed. */
export interface RendererFrame {
  frameToken: number;
  url: string;
  /** The preload path main asked for. */
  preload: string | undefined;
  /** The page the frame shows: its status, and each script and style sheet with its status. */
  document: PageLoad | undefined;
  /** The page's `window`: what the preload exposed in the main world. */
  mainWorld: Record<string, unknown>;
  ipcRenderer: RendererIpc;
}

type RendererIpc = EventEmitter & {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
};

export interface PackagedMain {
  /** The main frame, once main has loaded the window's page and its preload has run. */
  window(): Promise<RendererFrame>;
  /** An `<iframe>` of `url` inside `parent`, with an ipcRenderer of its own (no preload). */
  addSubframe(parent: RendererFrame, url: string): Promise<RendererFrame>;
  /** The user closes every window. */
  closeWindows(): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  kill(): void;
}

const OUTPUT_CAP = 256 * 1024;

export function startPackagedMain({
  appDir,
  mainBootstrap,
  env,
  cwd,
  args = [],
  page,
}: PackagedMainOptions): PackagedMain {
  const child: ChildProcess = fork(mainBootstrap, [appDir, ...args], {
    cwd,
    env,
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_CAP);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const post = (message: RendererToMain) => {
    if (child.connected) child.send(message);
  };
  const gone = exited.then(({ code, signal }) => {
    throw new Error(
      `the main process ended (code ${code}, signal ${signal}) before this was done:\n${output.slice(-4000)}`,
    );
  });
  gone.catch(() => {});

  let nextId = 1;
  const pending = new Map<
    number,
    { channel: string; resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  const ipcOf = new Map<number, RendererIpc>();
  const frameWaiters: ((frame: RendererFrame) => void)[] = [];
  const subframeWaiters: ((token: number) => void)[] = [];
  let mainFrame: RendererFrame | undefined;

  const makeIpc = (frameToken: number): RendererIpc => {
    const ipc = Object.assign(new EventEmitter(), {
      invoke(channel: string, ...args: unknown[]) {
        return new Promise<unknown>((resolve, reject) => {
          const id = nextId++;
          try {
            // Structured clone happens here: a function among the arguments throws.
            child.send({ type: 'ipc-invoke', id, frameToken, channel, args });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          pending.set(id, { channel, resolve, reject });
        });
      },
    });
    ipcOf.set(frameToken, ipc);
    return ipc;
  };

  const runPreload = (message: Extract<MainToRenderer, { type: 'run-preload' }>) => {
    const mainWorld: Record<string, unknown> = {};
    const ipcRenderer = makeIpc(message.frameToken);
    const frame: RendererFrame = {
      frameToken: message.frameToken,
      url: message.url,
      preload: message.preload,
      document: message.document,
      mainWorld,
      ipcRenderer,
    };
    let error: string | undefined;
    if (message.preload) {
      try {
        runSandboxedPreload(message.preload, mainWorld, ipcRenderer);
      } catch (caught) {
        error = String(caught);
        collect(Buffer.from(`Unable to load preload script: ${message.preload}\n${error}\n`));
      }
    }
    page?.(frame);
    post({ type: 'preload-done', frameToken: message.frameToken, ...(error ? { error } : {}) });
    mainFrame = frame;
    for (const waiter of frameWaiters.splice(0)) waiter(frame);
  };

  child.on('message', (raw) => {
    const message = raw as MainToRenderer;
    switch (message.type) {
      case 'run-preload':
        runPreload(message);
        return;
      case 'ipc-reply': {
        const call = pending.get(message.id);
        if (!call) return;
        pending.delete(message.id);
        if (message.error !== undefined) {
          call.reject(
            new Error(`Error invoking remote method '${call.channel}': ${message.error}`),
          );
        } else call.resolve(message.result);
        return;
      }
      case 'ipc-message':
        ipcOf
          .get(message.frameToken)
          ?.emit(message.channel, { sender: null, ports: [] }, ...message.args);
        return;
      case 'subframe':
        subframeWaiters.shift()?.(message.frameToken);
        return;
    }
  });

  return {
    window: () =>
      Promise.race([
        mainFrame
          ? Promise.resolve(mainFrame)
          : new Promise<RendererFrame>((resolve) => frameWaiters.push(resolve)),
        gone,
      ]),
    async addSubframe(parent, url) {
      const token = new Promise<number>((resolve) => subframeWaiters.push(resolve));
      post({ type: 'add-subframe', parentToken: parent.frameToken, url });
      const frameToken = await Promise.race([token, gone]);
      return {
        frameToken,
        url,
        preload: undefined,
        document: undefined,
        mainWorld: {},
        ipcRenderer: makeIpc(frameToken),
      };
    },
    closeWindows: () => post({ type: 'close-windows' }),
    exited,
    output: () => output,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Runs a preload file the way a sandboxed renderer does (see the file's comment). */
function runSandboxedPreload(
  file: string,
  mainWorld: Record<string, unknown>,
  ipcRenderer: RendererIpc,
): void {
  const source = readFileSync(file, 'utf8');
  const contextBridge = {
    exposeInMainWorld(key: string, api: unknown) {
      if (key in mainWorld) {
        throw new Error('Cannot bind an API on top of an existing property on the window object');
      }
      mainWorld[key] = acrossWorlds(api);
    },
  };
  const electron = Object.freeze({ contextBridge, ipcRenderer });
  const loadable: Record<string, unknown> = {
    electron,
    events,
    'node:events': events,
    timers,
    'node:timers': timers,
    url,
    'node:url': url,
  };
  const preloadRequire = (name: string) => {
    if (!Object.hasOwn(loadable, name)) throw new Error(`module not found: ${name}`);
    return loadable[name];
  };
  const isolatedWorld = vm.createContext({ console });
  const preload = vm.compileFunction(
    source,
    [
      'require',
      'process',
      'exports',
      'module',
      'Buffer',
      'global',
      'setImmediate',
      'clearImmediate',
    ],
    { filename: file, parsingContext: isolatedWorld },
  ) as (...args: unknown[]) => void;
  const exports = {};
  preload(
    preloadRequire,
    new EventEmitter(),
    exports,
    { exports },
    Buffer,
    vm.runInContext('globalThis', isolatedWorld),
    setImmediate,
    clearImmediate,
  );
}

/** A value as the other world receives it through the context bridge. */
function acrossWorlds(value: unknown): unknown {
  if (typeof value === 'function') {
    return (...args: unknown[]) =>
      acrossWorlds((value as (...a: unknown[]) => unknown)(...args.map(acrossWorlds)));
  }
  if (value instanceof Promise) {
    return value.then(acrossWorlds, (error: unknown) => {
      throw error instanceof Error ? new Error(error.message) : new Error(String(error));
    });
  }
  if (value instanceof Error) return new Error(value.message);
  if (Array.isArray(value)) return Object.freeze(value.map(acrossWorlds));
  if (value !== null && typeof value === 'object') {
    return Object.freeze(
      Object.fromEntries(Object.entries(value).map(([k, v]) => [k, acrossWorlds(v)])),
    );
  }
  return value;
}
