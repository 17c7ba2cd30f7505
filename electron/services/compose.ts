/**
 * The composition root shared by every host: builds the services once and wires the contract
 * handlers to them. Hosts add only their transport (IPC, HTTP, argv) and, where they have one,
 * a better secret store than environment variables.
 */
import type { Handlers } from '../../shared/contract/dispatch';
import { createEngine } from '../engine/engine';
import { ResultCache } from '../engine/result-cache';
import { RunRegistry } from '../engine/run-registry';
import { createStrategyResolver } from '../engine/strategies';
import { createDedicatedModelRunner, type CachedBatch } from '../engine/strategies/dedicated-model';
import { createAppHandlers, type HostKind } from '../handlers/app-handlers';
import { createRerankHandlers } from '../handlers/rerank-handlers';
import { createEnvSecretStore, type SecretStore } from '../secrets/secret-store';
import { createHttpTransport, type HttpTransport } from '../transport/http-transport';
import { createEventBus, type EventBus } from './event-bus';
import { logBug } from './log';

export interface Services {
  handlers: Handlers;
  events: EventBus;
  runs: RunRegistry;
  /** Releases pooled connections so a short-lived host (the CLI) can exit at once. */
  close(): Promise<void>;
}

export interface ServicesOptions {
  host: HostKind;
  dataDir: string;
  /** Environment for provider defaults and, without a keychain, credentials. */
  env?: Readonly<Record<string, string | undefined>>;
  secrets?: SecretStore;
  transport?: HttpTransport;
}

export function createServices({
  host,
  dataDir,
  env = process.env,
  secrets,
  transport,
}: ServicesOptions): Services {
  const events = createEventBus();
  const runs = new RunRegistry();
  const http = transport ?? createHttpTransport();
  const dedicatedModel = createDedicatedModelRunner({
    transport: http,
    secrets: secrets ?? createEnvSecretStore(env),
    cache: new ResultCache<CachedBatch>(),
    env,
  });
  const engine = createEngine({
    resolveStrategy: createStrategyResolver({ dedicatedModel }),
    reportBug: (error) => logBug('engine', error),
  });
  const handlers: Handlers = {
    ...createAppHandlers({ host, dataDir }),
    ...createRerankHandlers({ engine, runs, emit: events.emit }),
  };
  return { handlers, events, runs, close: () => http.close() };
}
