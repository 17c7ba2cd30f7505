/** Typed fan-out of contract events from the engine to whichever transports are listening. */
import type { EventName, EventPayload } from '../../shared/contract';

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
export type EventListener = (event: EventName, payload: unknown) => void;

export interface EventBus {
  emit: EventSink;
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      for (const listener of listeners) listener(event, payload);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
