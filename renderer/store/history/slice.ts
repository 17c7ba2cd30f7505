/**
 * The History panel: saved runs, newest first, searched by a word of the query, instruction or
 * documents; paging with the host's cursor; reopening a run exactly (editor, columns and their
 * results as they were); re-running it; deleting; exporting.
 */
import type { StateCreator } from 'zustand';
import type {
  ListRunsQuery,
  RunSource,
  RunStatus,
  RunSummary,
  SavedRun,
} from '../../../shared/history/saved-run';
import { fail, ok, type Result } from '../../../shared/util/result';
import type { Client } from '../../client/client';
import type { Column } from '../columns/slice';
import { nextId } from '../ids';
import type { ColumnRun } from '../run/slice';
import type { AppState } from '../types';
import type { FileDownload } from '../app/downloads';

export interface HistoryFilter {
  text: string;
  status?: RunStatus;
  source?: RunSource;
  /** A column's provider or strategy, as the config names it. */
  provider?: string;
  strategy?: string;
  /** First and last day shown, `YYYY-MM-DD` in local time, as a date input gives them. */
  from?: string;
  to?: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight of a `YYYY-MM-DD` day, `days` later; undefined for a blank or broken day. */
function midnight(day: string | undefined, days = 0): number | undefined {
  const match = day ? DAY.exec(day) : null;
  if (!match) return undefined;
  const time = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days).getTime();
  return Number.isFinite(time) ? time : undefined;
}

/** The `history:list` query for a filter: the `to` day is included whole. */
export function listQuery(filter: HistoryFilter, cursor?: string): ListRunsQuery {
  const from = midnight(filter.from);
  const to = midnight(filter.to, 1);
  return {
    ...(filter.text.trim() ? { text: filter.text } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.source ? { source: filter.source } : {}),
    ...(filter.provider ? { provider: filter.provider } : {}),
    ...(filter.strategy ? { strategy: filter.strategy } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/** Whether a filter narrows the list at all (the panel then says "No run matches"). */
export function isFiltered(filter: HistoryFilter): boolean {
  return Object.keys(listQuery(filter)).length > 0;
}

export interface HistorySlice {
  historyOpen: boolean;
  historyFilter: HistoryFilter;
  historyRuns: RunSummary[];
  historyCursor?: string;
  historyLoading: boolean;
  historyError?: string;
  /** What the host says happened to the history file (a damaged file moved aside). */
  historyNotices: string[];
  /** Runs ticked for comparison, at most two (ticking a third drops the first). */
  historySelection: string[];
  toggleHistorySelection: (id: string) => void;
  openHistory: () => void;
  closeHistory: () => void;
  /** Sets the filter and loads its first page. */
  searchHistory: (filter: HistoryFilter) => Promise<void>;
  loadMoreHistory: () => Promise<void>;
  deleteHistoryRun: (id: string) => Promise<Result<boolean>>;
  /** Restores query, instruction, top N, documents, columns and their results. */
  openHistoryRun: (id: string) => Promise<Result<SavedRun>>;
  /** Opens the run, then runs it again with the same settings. */
  rerunHistoryRun: (id: string) => Promise<Result<SavedRun>>;
  /** Every run (or the given ones) as the JSON text `history:import` takes. */
  exportHistory: (ids?: string[]) => Promise<Result<string>>;
  /** Every run, exported, saved as `rerank-studio-history-<day>.json` (the panel's Export all). */
  downloadHistory: () => Promise<Result<void>>;
}

/** The editor, columns and results of a saved run, as the store holds them. */
export function restoredState(run: SavedRun): Partial<AppState> {
  const columns: Column[] = run.columns.map(({ config }) => ({
    id: nextId('c'),
    config,
    revision: 0,
  }));
  const columnRuns: Record<string, ColumnRun> = {};
  run.columns.forEach(({ result }, i) => {
    const id = columns[i]!.id;
    columnRuns[id] = { status: result.status, result: { ...result, columnId: id } };
  });
  const documents = run.documents.map((document) => ({ key: nextId('d'), ...document }));
  return {
    query: run.query,
    instruction: run.instruction ?? '',
    topN: run.topN === undefined ? '' : String(run.topN),
    documents,
    columns,
    columnRuns,
    snapshot: { runId: run.id, query: run.query, documents },
    runWarnings: run.warnings ?? [],
    runLatencyMs: run.durationMs,
    lastRunStatus: run.status === 'cancelled' ? 'cancelled' : 'completed',
    requestError: undefined,
  };
}

export const createHistorySlice =
  (client: Client, download: FileDownload): StateCreator<AppState, [], [], HistorySlice> =>
  (set, get) => {
    const load = async (cursor?: string) => {
      const filter = get().historyFilter;
      set({ historyLoading: true, historyError: undefined });
      const page = await client.call('history:list', listQuery(filter, cursor));
      // A newer search may have started meanwhile; its answer wins.
      if (get().historyFilter !== filter) return;
      if (!page.ok) {
        set({ historyLoading: false, historyError: page.error.message });
        return;
      }
      const { runs, nextCursor, notices = [] } = page.value;
      set((state) => ({
        historyLoading: false,
        historyNotices: notices,
        historyRuns: cursor ? [...state.historyRuns, ...runs] : runs,
        historyCursor: nextCursor,
      }));
    };

    const fetchRun = async (id: string): Promise<Result<SavedRun>> => {
      const got = await client.call('history:get', { id });
      return got.ok ? ok(got.value) : got;
    };

    return {
      historyOpen: false,
      historyFilter: { text: '' },
      historyRuns: [],
      historyLoading: false,
      historySelection: [],
      historyNotices: [],
      toggleHistorySelection: (id) =>
        set(({ historySelection }) => ({
          historySelection: historySelection.includes(id)
            ? historySelection.filter((selected) => selected !== id)
            : [...historySelection, id].slice(-2),
        })),
      openHistory() {
        set({ historyOpen: true });
        void load();
      },
      closeHistory: () => set({ historyOpen: false }),
      async searchHistory(filter) {
        set({ historyFilter: filter });
        await load();
      },
      async loadMoreHistory() {
        const cursor = get().historyCursor;
        if (cursor) await load(cursor);
      },
      async deleteHistoryRun(id) {
        const result = await client.call('history:delete', { id });
        if (!result.ok) return result;
        set((state) => ({
          historyRuns: state.historyRuns.filter((r) => r.id !== id),
          historySelection: state.historySelection.filter((selected) => selected !== id),
        }));
        return ok(result.value.deleted);
      },
      async openHistoryRun(id) {
        if (get().runStatus !== 'idle') {
          return fail('conflict', 'a run is in progress: cancel it or wait before opening another');
        }
        const run = await fetchRun(id);
        if (run.ok) set({ ...restoredState(run.value), historyOpen: false });
        return run;
      },
      async rerunHistoryRun(id) {
        const opened = await get().openHistoryRun(id);
        if (opened.ok) await get().run();
        return opened;
      },
      async exportHistory(ids) {
        const result = await client.call('history:export', ids ? { ids } : {});
        return result.ok ? ok(JSON.stringify(result.value, null, 2)) : result;
      },
      async downloadHistory() {
        const text = await get().exportHistory();
        if (!text.ok) return text;
        const day = new Date().toISOString().slice(0, 10);
        download(text.value, `rerank-studio-history-${day}.json`, 'application/json');
        return ok(undefined);
      },
    };
  };
