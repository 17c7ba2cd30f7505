/**
 * Typed doors to the plain-JavaScript helpers in `scripts/`, which the Playwright config, the
 * fixture and the screenshot script share. They have no type declarations, so they are loaded
 * with a dynamic import and described here.
 */
import type { ModelHub, ModelHubOptions } from '../../testkit/model-hub';
export type { ModelHub } from '../../testkit/model-hub';

/** A running web host started by `scripts/web-host-process.mjs`. */
export interface WebHostProcess {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The per-launch API token. */
  token: string;
  /** The origin plus `#token=…`: what a user opens. */
  url: string;
  /** The fresh data folder the host was given (deleted by `stop`). */
  dataDir: string;
  /** Everything the host has printed so far, stdout and stderr interleaved. */
  readonly output: string;
  /** Its exit code or signal once it has ended on its own (undefined while it runs). */
  readonly ended: number | string | undefined;
  /** Stops the host, waits for it to exit and deletes its data folder. */
  stop(): Promise<void>;
}

/** Writes into a fresh data folder before the host starts (e.g. installs a model). */
export type PrepareDataDir = (dataDir: string) => unknown;

interface WebHostProcessModule {
  startWebHostProcess(options?: {
    timeoutMs?: number;
    env?: Record<string, string>;
    prepareDataDir?: PrepareDataDir;
  }): Promise<WebHostProcess>;
}

interface ChromiumModule {
  /** The system Chromium, or undefined when none of the known paths exists. */
  chromiumPath: string | undefined;
  chromiumArgs: string[];
}

function scriptUrl(name: string): string {
  return new URL(`../../scripts/${name}`, import.meta.url).href;
}

/** Where the system Chromium is and the flags it needs on these machines. */
export async function loadChromium(): Promise<ChromiumModule> {
  return (await import(scriptUrl('chromium.mjs'))) as ChromiumModule;
}

/** Starts the built web host with a fresh data folder; resolves when it prints its ready line. */
export async function startWebHostProcess(
  env: Record<string, string> = {},
  prepareDataDir?: PrepareDataDir,
): Promise<WebHostProcess> {
  const helpers = (await import(scriptUrl('web-host-process.mjs'))) as WebHostProcessModule;
  return helpers.startWebHostProcess({ env, ...(prepareDataDir ? { prepareDataDir } : {}) });
}

/** Serves the model folder `repo` under any model id. */
export async function startModelHub(options: ModelHubOptions): Promise<ModelHub> {
  const helpers = (await import(scriptUrl('model-hub.mjs'))) as {
    startModelHub(o: ModelHubOptions): Promise<ModelHub>;
  };
  return helpers.startModelHub(options);
}
