/**
 * The composition root shared by every host: builds the services once and wires the contract
 * handlers to them. Hosts add only their transport (IPC, HTTP, argv).
 */
import type { Handlers } from '../../shared/contract/dispatch';
import { createEngine } from '../engine/engine';
import { RunRegistry } from '../engine/run-registry';
import { resolveStrategy } from '../engine/strategies';
import { createAppHandlers, type HostKind } from '../handlers/app-handlers';
import { createRerankHandlers } from '../handlers/rerank-handlers';
import { createEventBus, type EventBus } from './event-bus';
import { logBug } from './log';

export interface Services {
  handlers: Handlers;
  events: EventBus;
  runs: RunRegistry;
}

export interface ServicesOptions {
  host: HostKind;
  dataDir: string;
}

export function createServices({ host, dataDir }: ServicesOptions): Services {
  const events = createEventBus();
  const runs = new RunRegistry();
  const engine = createEngine({ resolveStrategy, reportBug: (error) => logBug('engine', error) });
  const handlers: Handlers = {
    ...createAppHandlers({ host, dataDir }),
    ...createRerankHandlers({ engine, runs, emit: events.emit }),
  };
  return { handlers, events, runs };
}
