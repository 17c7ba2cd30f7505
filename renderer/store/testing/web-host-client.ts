/**
 * For store tests: the renderer's real HTTP client against the built web host, started as a
 * child process with a clean environment (no provider keys from the test machine). The store
 * meets the same validation, engine and transport as in the app, across a real process
 * boundary, and renderer code imports nothing from electron/.
 */
import { onTestFinished } from 'vitest';
import {
  events,
  type EventName,
  type EventPayload,
  type OperationName,
} from '../../../shared/contract';
import type { Client } from '../../client/client';
import { createHttpClient } from '../../client/http-client';

interface WebHostProcess {
  origin: string;
  token: string;
  dataDir: string;
  stop(): Promise<void>;
}

interface WebHostProcessModule {
  startWebHostProcess: (options: {
    env?: Record<string, string>;
    inheritEnv?: boolean;
    prepareDataDir?: (dataDir: string) => unknown;
  }) => Promise<WebHostProcess>;
}

export interface TestClient {
  client: Client;
  /** The host's data folder (deleted when the test ends). */
  dataDir: string;
  /** Every request the store sent, in order. */
  requests: { name: OperationName; request: unknown }[];
  /** Resolves once a `rerank:run` call is parked (with `holdRuns`). */
  runParked: () => Promise<void>;
  /** Lets parked `rerank:run` calls through (with `holdRuns`). */
  releaseRuns: () => void;
  /**
   * Delivers an event as a host that has it would (the desktop menu's `app:command`, which
   * the web host never sends), checked against the contract's event schema first.
   */
  deliver: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** Stops the host now, as a crash or a closed tab would leave the page: calls then fail. */
  stopHost: () => Promise<void>;
}

/**
 * Starts a web host for this test (stopped when the test ends) and a client for it.
 * `holdRuns` parks `rerank:run` calls until released, like a slow network.
 * `prepareDataDir` writes into the host's data folder before it starts (e.g. a model).
 */
export async function webHostClient(
  options: {
    holdRuns?: boolean;
    env?: Record<string, string>;
    prepareDataDir?: (dataDir: string) => unknown;
  } = {},
): Promise<TestClient> {
  // A plain-JS helper shared with e2e and the screenshot script; it builds nothing itself,
  // so `npm run build:node` must have run (npm install and npm test do).
  const script = new URL('../../../scripts/web-host-process.mjs', import.meta.url).href;
  const { startWebHostProcess } = (await import(script)) as WebHostProcessModule;
  const host = await startWebHostProcess({
    env: options.env ?? {},
    inheritEnv: false,
    ...(options.prepareDataDir ? { prepareDataDir: options.prepareDataDir } : {}),
  });
  onTestFinished(() => host.stop());
  const http = createHttpClient({ origin: host.origin, token: host.token });
  const held: (() => void)[] = [];
  let markParked!: () => void;
  const parked = new Promise<void>((resolve) => (markParked = resolve));
  const requests: TestClient['requests'] = [];
  const local = new Map<EventName, Set<(payload: unknown) => void>>();
  const client: Client = {
    transport: 'http',
    async call(name, request) {
      requests.push({ name, request });
      if (name === 'rerank:run' && options.holdRuns) {
        await new Promise<void>((resolve) => {
          held.push(resolve);
          markParked();
        });
      }
      return http.call(name, request);
    },
    subscribe(event, listener) {
      let set = local.get(event);
      if (!set) local.set(event, (set = new Set()));
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      const stop = http.subscribe(event, listener);
      return () => {
        set.delete(wrapped);
        stop();
      };
    },
    ready: () => http.ready(),
  };
  return {
    client,
    dataDir: host.dataDir,
    requests,
    runParked: () => parked,
    releaseRuns: () => held.splice(0).forEach((release) => release()),
    deliver(event, payload) {
      const checked = events[event].parse(payload);
      for (const listener of local.get(event) ?? []) listener(checked);
    },
    stopHost: () => host.stop(),
  };
}
