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
} from '../../shared/contract';
import type { Client } from '../../renderer/client/client';
import { createHttpClient } from '../../renderer/client/http-client';

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
  /** Every answer the store got, in order, as it crossed the transport. */
  answers: { name: OperationName; text: string }[];
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
 * `loseEvent` says which events the host sent never reach the store, as when the event stream
 * was reconnecting (the web host does not replay what it sent meanwhile).
 * `overtakeEvents` hands the store a run's `run:progress` events only after its `rerank:run`
 * answer, as when the answer's connection overtakes the event stream.
 */
export async function webHostClient(
  options: {
    holdRuns?: boolean;
    loseEvent?: <E extends EventName>(event: E, payload: EventPayload<E>) => boolean;
    overtakeEvents?: boolean;
    env?: Record<string, string>;
    prepareDataDir?: (dataDir: string) => unknown;
  } = {},
): Promise<TestClient> {
  // A plain-JS helper shared with e2e and the screenshot script; it builds nothing itself,
  // so `npm run build:node` must have run (npm install and npm test do).
  const script = new URL('../../scripts/web-host-process.mjs', import.meta.url).href;
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
  const answers: TestClient['answers'] = [];
  const local = new Map<EventName, Set<(payload: unknown) => void>>();
  const interruptionListeners = new Set<() => void>();
  /** With `overtakeEvents`: held while a run is in flight, delivered after its answer. */
  let overtaken: (() => void)[] | undefined;
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
      if (name === 'rerank:run' && options.overtakeEvents) overtaken = [];
      const answer = await http.call(name, request);
      answers.push({ name, text: JSON.stringify(answer) });
      if (overtaken) {
        // Once the store has this answer in hand and waits on the events it has not seen.
        setTimeout(() => {
          const late = overtaken ?? [];
          overtaken = undefined;
          for (const deliver of late) deliver();
        });
      }
      return answer;
    },
    subscribe(event, listener) {
      let set = local.get(event);
      if (!set) local.set(event, (set = new Set()));
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      const { loseEvent } = options;
      const stop = http.subscribe(event, (payload) => {
        if (overtaken && event === 'run:progress')
          return void overtaken.push(() => listener(payload));
        if (!loseEvent?.(event, payload)) return listener(payload);
        // A real client loses events only while its stream is down, and says so.
        for (const interrupted of interruptionListeners) interrupted();
      });
      return () => {
        set.delete(wrapped);
        stop();
      };
    },
    ready: () => http.ready(),
    onEventsInterrupted(listener) {
      interruptionListeners.add(listener);
      const stop = http.onEventsInterrupted(listener);
      return () => {
        interruptionListeners.delete(listener);
        stop();
      };
    },
  };
  return {
    client,
    dataDir: host.dataDir,
    requests,
    answers,
    runParked: () => parked,
    releaseRuns: () => held.splice(0).forEach((release) => release()),
    deliver(event, payload) {
      const checked = events[event].parse(payload);
      for (const listener of local.get(event) ?? []) listener(checked);
    },
    stopHost: () => host.stop(),
  };
}
