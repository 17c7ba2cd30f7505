/**
 * Run-time estimates for slow local models (Qwen3-Reranker on CPU): before the user runs, the
 * host scores a few of the current documents for real and scales the time to all of them.
 */
import type { StateCreator } from 'zustand';
import type { OperationResponse } from '../../../shared/contract';
import { fail, ok, type Result } from '../../../shared/util/result';
import type { Client } from '../../client/client';
import type { AppState } from '../types';

export type RunEstimate =
  | { status: 'estimating' }
  | ({ status: 'ready'; documents: number } & OperationResponse<'models:estimate'>)
  | { status: 'failed'; message: string };

export interface EstimateSlice {
  /** The last estimate per column id. */
  runEstimates: Record<string, RunEstimate>;
  /** Estimates how long a local model column takes on the current query and documents. */
  estimateColumn: (columnId: string) => Promise<Result<void>>;
}

export const createEstimateSlice =
  (client: Client): StateCreator<AppState, [], [], EstimateSlice> =>
  (set, get) => {
    const put = (columnId: string, estimate: RunEstimate) =>
      set((state) => ({ runEstimates: { ...state.runEstimates, [columnId]: estimate } }));
    return {
      runEstimates: {},
      async estimateColumn(columnId) {
        const state = get();
        const column = state.columns.find((c) => c.id === columnId);
        if (!column) return fail('not_found', `no column ${columnId}`);
        const documents = state.documents.map((d) => d.text).filter((text) => text.trim());
        if (!state.query.trim() || documents.length === 0) {
          const message = 'type a query and add documents first: the estimate scores a few of them';
          put(columnId, { status: 'failed', message });
          return fail('invalid_request', message);
        }
        put(columnId, { status: 'estimating' });
        const instruction = state.instruction.trim();
        const result = await client.call('models:estimate', {
          config: column.config,
          query: state.query,
          ...(instruction ? { instruction } : {}),
          documents,
        });
        if (!result.ok) {
          put(columnId, { status: 'failed', message: result.error.message });
          return result;
        }
        put(columnId, { status: 'ready', documents: documents.length, ...result.value });
        return ok(undefined);
      },
    };
  };

/** "about 2 min 10 s for 40 documents on this machine (loading the model took 3.2 s)". */
export function describeEstimate(estimate: RunEstimate): string {
  if (estimate.status === 'estimating') return 'Estimating: scoring a few documents…';
  if (estimate.status === 'failed') return estimate.message;
  const seconds = Math.max(1, Math.round(estimate.seconds));
  const time = seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  const load =
    estimate.loadMs >= 100
      ? ` (loading the model took ${(estimate.loadMs / 1000).toFixed(1)} s)`
      : '';
  return `About ${time} for ${estimate.documents} documents on this machine${load}`;
}
