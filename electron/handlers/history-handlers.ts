/**
 * `history:*`: list, open, delete, export, import and per-config statistics of saved runs.
 * Validation already happened in `dispatch`. A history that cannot be opened or a request it
 * refuses (a bad cursor) is the caller's error, with the store's message naming the file.
 */
import type { Handler } from '../../shared/contract/dispatch';
import type { OperationName } from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/util/result';
import { HistoryError } from '../history/db';
import type { HistoryRecorder } from '../history/recorder';
import type { HistoryStore } from '../history/store';

type HistoryName = Extract<OperationName, `history:${string}`>;

export function createHistoryHandlers(history: HistoryRecorder): {
  [N in HistoryName]: Handler<N>;
} {
  /** Runs `use` on the store; a HistoryError becomes the caller's error, anything else a bug. */
  const withStore = async <T>(use: (store: HistoryStore) => Result<T>): Promise<Result<T>> => {
    try {
      return use(await history.store());
    } catch (error) {
      if (error instanceof HistoryError) return fail('invalid_request', error.message);
      throw error;
    }
  };
  return {
    'history:list': (query) =>
      withStore((store) => {
        const notices = history.notices();
        return ok({ ...store.listRuns(query), ...(notices.length > 0 ? { notices } : {}) });
      }),
    'history:get': ({ id }) =>
      withStore((store) => {
        const run = store.getRun(id);
        return run ? ok(run) : fail('not_found', `no run "${id}" in the history`, ['id']);
      }),
    'history:delete': ({ id }) => withStore((store) => ok({ deleted: store.deleteRun(id) })),
    'history:export': ({ ids }) => withStore((store) => ok(store.exportRuns(ids))),
    'history:import': ({ data }) => withStore((store) => ok(store.importRuns(data))),
    'history:stats': () => withStore((store) => ok({ configs: store.configStats() })),
  };
}
