/**
 * The renderer's only door to the host. Store actions call it; components never do.
 * It picks the transport once: the preload bridge inside Electron, loopback HTTP otherwise.
 */
import type {
  EventName,
  EventPayload,
  OperationName,
  OperationRequest,
  OperationResponse,
} from '../../shared/contract';
import { BRIDGE_GLOBAL, type RerankStudioBridge } from '../../shared/contract/bridge';
import type { Result } from '../../shared/util/result';
import { createHttpClient, readLaunchToken } from './http-client';
import { createIpcClient } from './ipc-client';

export interface Client {
  readonly transport: 'ipc' | 'http';
  call<N extends OperationName>(
    name: N,
    request: OperationRequest<N>,
  ): Promise<Result<OperationResponse<N>>>;
  subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): () => void;
  /** Resolves once events are flowing, so no event of a run started afterwards is missed. */
  ready(): Promise<void>;
  /**
   * Calls `listener` whenever the event stream drops: events the host sends until it is back
   * are lost, as the host does not replay them. Never, over IPC.
   */
  onEventsInterrupted(listener: () => void): () => void;
}

export function createClient(win: Window = window): Client {
  const bridge = (win as unknown as Record<string, RerankStudioBridge | undefined>)[BRIDGE_GLOBAL];
  if (bridge) return createIpcClient(bridge);
  return createHttpClient({ origin: win.location.origin, token: readLaunchToken(win) });
}
