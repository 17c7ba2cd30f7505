import type { RerankStudioBridge } from '../../shared/contract/bridge';
import type { Client } from './client';

export function createIpcClient(bridge: RerankStudioBridge): Client {
  return {
    transport: 'ipc',
    call(name, request) {
      const operation = bridge.operations[name] as (r: unknown) => Promise<never>;
      return operation(request);
    },
    subscribe(event, listener) {
      const subscribe = bridge.events[event] as (l: (p: unknown) => void) => () => void;
      return subscribe(listener as (p: unknown) => void);
    },
    // IPC events are delivered as soon as a listener is attached.
    ready: () => Promise.resolve(),
    // Events and answers share Electron's IPC channel: none is lost while the window lives.
    onEventsInterrupted: () => () => {},
  };
}
