/**
 * The history as the hosts use it: the database opened on first use (a host that never runs
 * anything creates no file), runs saved just after their response is sent (a save of a very
 * large run takes tens of milliseconds, which the caller should not wait for), and every
 * history operation waiting for the saves before it, so a run is listed as soon as it returned.
 *
 * A history that cannot be opened (written by a newer app, a folder in the way) never stops a
 * rerank: runs go unsaved, the reason is logged once, and history operations fail with it.
 */
import path from 'node:path';
import type { SavedRunInput } from '../../shared/history/saved-run';
import { openHistoryDatabase, type HistoryDb } from './db';
import { createHistoryStore, type HistoryStore } from './store';

export interface HistoryRecorder {
  /** Saves a finished run after the current turn of the event loop. */
  record(run: SavedRunInput): void;
  /** The store once every save asked for so far is done; throws if it cannot be opened. */
  store(): Promise<HistoryStore>;
  /** Sentences about opening (a quarantined corrupt file, say), for the app to show. */
  notices(): string[];
  close(): Promise<void>;
}

export interface HistoryRecorderOptions {
  dataDir: string;
  /** Called when a save or the opening fails; the run itself already returned. */
  onError: (error: unknown) => void;
}

export function createHistoryRecorder({
  dataDir,
  onError,
}: HistoryRecorderOptions): HistoryRecorder {
  let opened: { db: HistoryDb; store: HistoryStore; notices: string[] } | undefined;
  let openError: Error | undefined;
  let pending: Promise<void> = Promise.resolve();
  let reported = false;

  const open = () => {
    if (opened) return opened;
    if (openError !== undefined) throw openError;
    try {
      const { db, notices } = openHistoryDatabase(path.join(dataDir, 'history.db'));
      opened = { db, store: createHistoryStore(db), notices };
      return opened;
    } catch (error) {
      openError = error instanceof Error ? error : new Error(String(error));
      throw openError;
    }
  };

  return {
    record(run) {
      pending = pending.then(
        () =>
          new Promise<void>((resolve) =>
            setImmediate(() => {
              try {
                open().store.saveRun(run);
              } catch (error) {
                // An unopenable history is reported once, not once per run.
                if (!reported || opened) onError(error);
                reported = true;
              }
              resolve();
            }),
          ),
      );
    },
    async store() {
      await pending;
      return open().store;
    },
    notices: () => opened?.notices ?? [],
    async close() {
      await pending;
      opened?.db.close();
      opened = undefined;
    },
  };
}
