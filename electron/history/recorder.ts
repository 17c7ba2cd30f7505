/**
 * The history as the hosts use it: the database opened on first use (a host that never runs
 * anything creates no file), each run committed before the host answers with it, and every
 * history operation waiting for the saves before it, so a run is listed as soon as it returned.
 *
 * Why before the answer (issue 18): a run saved just after its answer was lost whenever the
 * host died in between (kill -9 lost 23 of 60 answered runs). In WAL mode with
 * synchronous=NORMAL a commit is in the WAL, handed to the OS, when it returns: a crash of the
 * process cannot lose it, only a power cut can take the last commits (FULL would fsync each
 * one; `npm run bench -- history` measures both). The answer waits only for the run's rows;
 * its search entry, about 90 % of a save, is written just after (search-queue.ts).
 *
 * A history that cannot be opened (written by a newer app, a folder in the way) never stops a
 * rerank: the run is answered as not saved, with the reason, which is also logged once.
 *
 * Opening reads only the schema; the page-by-page integrity check runs in a worker thread
 * (integrity.ts), because on a large history it takes longer than anyone would wait for the
 * first run to be saved. If it finds damage, the file is moved aside once the saves in flight
 * are done, a new history is started, and the notice says so.
 */
import path from 'node:path';
import type { SavedRunInput } from '../../shared/history/saved-run';
import { openHistoryDatabase, quarantineDamaged, type HistoryDb } from './db';
import { checkIntegrity } from './integrity';
import { messageOf } from './sqlite';
import { createHistoryStore, type HistoryStore } from './store';

/** What became of a run handed to {@link HistoryRecorder.record}. */
export type RecordOutcome = { saved: true } | { saved: false; reason: string };

export interface HistoryRecorder {
  /**
   * Saves a finished run after the saves before it; settles once it is committed (it then
   * survives a crash of the process) or could not be, with the reason. Never rejects.
   */
  record(run: SavedRunInput): Promise<RecordOutcome>;
  /** The store once every save asked for so far is done; throws if it cannot be opened. */
  store(): Promise<HistoryStore>;
  /** Sentences about opening (a quarantined corrupt file, say), for the app to show. */
  notices(): string[];
  /** Settles when the integrity check started by opening is over (tests, orderly shutdown). */
  checked(): Promise<void>;
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
  const file = path.join(dataDir, 'history.db');
  let opened: { db: HistoryDb; store: HistoryStore } | undefined;
  let openError: Error | undefined;
  let pending: Promise<void> = Promise.resolve();
  let check: Promise<void> = Promise.resolve();
  let indexing: Promise<void> = Promise.resolve();
  let indexScheduled = false;
  const stopCheck = new AbortController();
  let reported = false;
  const notices: string[] = [];

  const open = () => {
    if (opened) return opened;
    if (openError !== undefined) throw openError;
    try {
      const result = openHistoryDatabase(file, { check: 'schema' });
      notices.push(...result.notices);
      opened = { db: result.db, store: createHistoryStore(result.db) };
      // Runs a crash left without their search entry.
      scheduleIndex();
      check = checkIntegrity(file, stopCheck.signal).then(
        (damage) => {
          if (damage) pending = pending.then(() => replaceDamaged(damage));
        },
        // Could not check (locked, unreadable): not damage, so the history stays in use.
        (error: unknown) => onError(error),
      );
      return opened;
    } catch (error) {
      openError = error instanceof Error ? error : new Error(String(error));
      throw openError;
    }
  };

  /** Runs between saves: closes the damaged file, moves it aside and starts afresh. */
  const replaceDamaged = (damage: string) => {
    opened?.db.close();
    opened = undefined;
    try {
      notices.push(quarantineDamaged(file, damage, new Date()));
      const fresh = openHistoryDatabase(file);
      notices.push(...fresh.notices);
      opened = { db: fresh.db, store: createHistoryStore(fresh.db) };
    } catch (error) {
      openError = error instanceof Error ? error : new Error(String(error));
      onError(openError);
    }
  };

  /**
   * Indexes the runs saved so far once the current turn is over (their answers sent). Not
   * chained behind the saves: a run finishing meanwhile is committed and answered first.
   */
  const scheduleIndex = () => {
    if (indexScheduled) return;
    indexScheduled = true;
    indexing = new Promise<void>((resolve) =>
      setImmediate(() => {
        indexScheduled = false;
        try {
          opened?.store.indexPending();
        } catch (error) {
          // The runs are saved; a search indexes them before it runs, or says why it cannot.
          onError(error);
        }
        resolve();
      }),
    );
  };

  return {
    record(run) {
      // No setImmediate: the caller waits for this commit before it answers. The search entry,
      // most of a save's work, is written after the answer (search-queue.ts).
      const outcome = pending.then((): RecordOutcome => {
        try {
          open().store.saveRun(run, { index: 'later' });
          scheduleIndex();
          return { saved: true };
        } catch (error) {
          // An unopenable history is logged once, not once per run; each answer says it.
          if (!reported || opened) onError(error);
          reported = true;
          return { saved: false, reason: messageOf(error) };
        }
      });
      pending = outcome.then(() => undefined);
      return outcome;
    },
    async store() {
      await pending;
      return open().store;
    },
    notices: () => [...notices],
    checked: async () => {
      await check;
      await pending;
      await indexing;
    },
    async close() {
      // A check of a large file can take most of a minute; a closing app does not wait for it.
      stopCheck.abort();
      await check;
      await pending;
      await indexing;
      opened?.db.close();
      opened = undefined;
    },
  };
}
