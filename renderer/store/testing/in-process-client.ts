/**
 * For store tests: a {@link Client} that calls the real contract handlers in-process, so the
 * store meets the same validation and engine as over IPC or HTTP. The tests build the handlers
 * with Node's `createServices` (which renderer code must not import) and pass them in.
 */
import { dispatch, type Handlers } from '../../../shared/contract/dispatch';
import type { EventName, OperationName } from '../../../shared/contract';
import type { Result } from '../../../shared/util/result';
import type { Client } from '../../client/client';

/** The part of the Node services a client needs. */
export interface InProcessServices {
  handlers: Handlers;
  events: { subscribe(listener: (event: EventName, payload: unknown) => void): () => void };
}

export interface InProcessClient {
  client: Client;
  /** Every request the store sent, in order. */
  requests: { name: OperationName; request: unknown }[];
  /** Lets parked `rerank:run` calls through (with `holdRuns`). */
  releaseRuns: () => void;
}

/** `holdRuns` parks `rerank:run` calls until released, like a slow network. */
export function inProcessClient(
  services: InProcessServices,
  options: { holdRuns?: boolean } = {},
): InProcessClient {
  const held: (() => void)[] = [];
  const requests: InProcessClient['requests'] = [];
  const client: Client = {
    transport: 'ipc',
    async call(name, request) {
      requests.push({ name, request });
      if (name === 'rerank:run' && options.holdRuns)
        await new Promise<void>((resolve) => held.push(resolve));
      return (await dispatch(services.handlers, name, request)) as Result<never>;
    },
    subscribe(event, listener) {
      return services.events.subscribe((name, payload) => {
        if (name === event) listener(payload as never);
      });
    },
    ready: () => Promise.resolve(),
  };
  return { client, requests, releaseRuns: () => held.splice(0).forEach((release) => release()) };
}
