/**
 * The shape the preload script exposes as `window.rerankStudio`: one named function per
 * operation and one subscribe function per event, typed from the contract. There is no
 * generic `invoke(channel, …)`: the renderer cannot reach a channel that is not in the contract.
 */
import type { Result } from '../util/result';
import type { EventName, OperationName } from './names';
import type { EventPayload, OperationRequest, OperationResponse } from './operations';

export type BridgeOperations = {
  [N in OperationName]: (request: OperationRequest<N>) => Promise<Result<OperationResponse<N>>>;
};

export type BridgeEvents = {
  [E in EventName]: (listener: (payload: EventPayload<E>) => void) => () => void;
};

export interface RerankStudioBridge {
  operations: BridgeOperations;
  events: BridgeEvents;
}

/** The global name under which the preload exposes the bridge. */
export const BRIDGE_GLOBAL = 'rerankStudio';
