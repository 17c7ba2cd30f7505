/**
 * Running the columns: one `rerank:run` per click, results filled in column by column as the
 * host reports them, cancel, and errors kept per column (request errors above the columns).
 * The run asks for a summary answer: each column's result (wire bodies included) crosses the
 * bridge once, in its `run:progress` event, not a second time in the answer.
 */
import type { StateCreator } from 'zustand';
import type { ColumnResult, ColumnSummary, EventPayload } from '../../../shared/contract';
import type { AppError } from '../../../shared/util/result';
import type { Client } from '../../client/client';
import { budgetField } from '../budget/slice';
import type { EditorDocument } from '../editor/slice';
import type { AppState } from '../types';
import { recoverMissedColumns, watchRunEvents } from './missed-columns';

export type ColumnRunStatus = 'running' | 'ok' | 'error' | 'cancelled';

/** Work done in a running column, as the host last reported it (`column-progress`). */
export type ColumnProgress = Omit<
  Extract<EventPayload<'run:progress'>, { type: 'column-progress' }>,
  'type' | 'runId' | 'columnId'
>;

export interface ColumnRun {
  status: ColumnRunStatus;
  result?: ColumnResult;
  /** Only while running, and only for columns long enough to report it. */
  progress?: ColumnProgress;
}

/** What the last run was given, so results keep showing what was ranked even after edits. */
export interface RunSnapshot {
  runId: string;
  query: string;
  documents: EditorDocument[];
}

export interface RunSlice {
  runStatus: 'idle' | 'running' | 'cancelling';
  snapshot?: RunSnapshot;
  columnRuns: Record<string, ColumnRun>;
  requestError?: AppError;
  runWarnings: string[];
  runLatencyMs?: number;
  /** How the last finished run ended. */
  lastRunStatus?: 'completed' | 'cancelled';
  /**
   * Why the last finished run is not in the history (it cannot be opened or written), shown
   * beside the results; undefined when it was saved. The host answers after the run is
   * committed, so a run shown without this note survives a crash of the host.
   */
  runNotSaved?: string;
  /** Call providers even when an identical call's result is cached (sent with every run). */
  bypassCache: boolean;
  setBypassCache: (bypassCache: boolean) => void;
  /** `overBudgetOk`: the user agreed to an estimate over the budget (sent without the limit). */
  run: (options?: { overBudgetOk?: boolean }) => Promise<void>;
  cancel: () => Promise<void>;
  dismissRequestError: () => void;
  /** Applies a `run:progress` event from the host. */
  applyProgress: (event: EventPayload<'run:progress'>) => void;
}

function newRunId(): string {
  return crypto.randomUUID();
}

export const createRunSlice =
  (client: Client): StateCreator<AppState, [], [], RunSlice> =>
  (set, get) => ({
    runStatus: 'idle',
    columnRuns: {},
    runWarnings: [],
    bypassCache: false,

    setBypassCache: (bypassCache) => set({ bypassCache }),

    async run(options = {}) {
      const state = get();
      if (state.runStatus !== 'idle') return;
      const runId = newRunId();
      const previous = { columnRuns: state.columnRuns, snapshot: state.snapshot };
      const snapshot: RunSnapshot = { runId, query: state.query, documents: state.documents };
      set({
        runStatus: 'running',
        snapshot,
        requestError: undefined,
        runWarnings: [],
        // A copy status names an exchange of the results this run replaces.
        copyStatus: undefined,
        columnRuns: Object.fromEntries(
          state.columns.map((c) => [c.id, { status: 'running' as const }]),
        ),
      });

      try {
        await client.ready();
      } catch (error) {
        set({
          ...previous,
          runStatus: 'idle',
          requestError: { code: 'internal', message: (error as Error).message },
        });
        return;
      }

      // Watched from before the request, so no event of this run goes unseen.
      const events = watchRunEvents(client, runId);
      try {
        const topN = state.topN.trim();
        const result = await client.call('rerank:run', {
          runId,
          query: state.query,
          instruction: state.instruction.trim() === '' ? undefined : state.instruction,
          documents: state.documents.map(({ text, id, metadata }) => {
            if (id === undefined && metadata === undefined) return text;
            return {
              text,
              ...(id === undefined ? {} : { id }),
              ...(metadata === undefined ? {} : { metadata }),
            };
          }),
          topN: topN === '' ? undefined : Number(topN),
          columns: state.columns.map(({ id, config }) => ({ id, config })),
          bypassCache: state.bypassCache,
          ...budgetField(state, options.overBudgetOk),
          answer: 'summary',
        });

        if (!result.ok && result.error.code === 'over_budget') {
          // Nothing was spent: keep what was on screen and ask.
          set({
            ...previous,
            runStatus: 'idle',
            budgetPrompt: { action: 'run', message: result.error.message },
          });
          return;
        }
        if (!result.ok) {
          // Nothing the user had is lost: the previous results stay on screen under the error.
          set({ ...previous, runStatus: 'idle', requestError: result.error });
          return;
        }
        const { warnings, latencyMs, status, history } = result.value;
        // A full answer's columns are summaries too: only how each ended is read from it.
        const columns: ColumnSummary[] = result.value.columns;
        const missed = await recoverMissedColumns({
          client,
          answer: result.value,
          caughtUp: events.caughtUp,
          shown: () => get().columnRuns,
          nameOf: (columnId) =>
            state.columns.find((c) => c.id === columnId)?.config.name ?? columnId,
        });
        set((current) => ({
          runStatus: 'idle',
          lastRunStatus: status,
          runNotSaved: history?.saved === false ? history.reason : undefined,
          runWarnings: warnings,
          runLatencyMs: latencyMs,
          columnRuns: Object.fromEntries(
            columns.map(({ columnId }) => [
              columnId,
              current.columnRuns[columnId]?.result
                ? current.columnRuns[columnId]
                : missed[columnId]!,
            ]),
          ),
        }));
      } finally {
        events.stop();
      }
    },

    async cancel() {
      const { runStatus, snapshot } = get();
      if (runStatus !== 'running' || !snapshot) return;
      set({ runStatus: 'cancelling' });
      const result = await client.call('rerank:cancel', { runId: snapshot.runId });
      if (!result.ok) set({ requestError: result.error });
    },

    dismissRequestError: () => set({ requestError: undefined }),

    applyProgress(event) {
      const { snapshot, runStatus } = get();
      if (runStatus === 'idle' || !snapshot || event.runId !== snapshot.runId) return;
      if (event.type === 'column-progress') {
        const { columnId, unit, done, total, etaMs } = event;
        const progress: ColumnProgress = {
          unit,
          done,
          total,
          ...(etaMs === undefined ? {} : { etaMs }),
        };
        set((state) => {
          const current = state.columnRuns[columnId];
          // A column that has finished keeps its result; progress is only for the wait.
          if (current?.status !== 'running') return {};
          return { columnRuns: { ...state.columnRuns, [columnId]: { ...current, progress } } };
        });
        return;
      }
      if (event.type !== 'column-finished') return;
      const { column } = event;
      set((state) => ({
        columnRuns: {
          ...state.columnRuns,
          [column.columnId]: { status: column.status, result: column },
        },
      }));
    },
  });
