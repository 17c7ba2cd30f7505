/**
 * The full-text entry of a run, written after the run itself (issue 18, item 4).
 *
 * A host commits a run before it answers, so the run survives a crash of the host; indexing
 * its text for search is about 90 % of that save (6.7 of 7.3 ms for 100 documents, 49 of
 * 58 ms for 1,000 in `npm run bench -- history` on the development machine) and is derived
 * data, so it waits until after the answer. Until then the run is listed in `runs_unindexed`;
 * {@link indexPending} moves every listed run into the index in one transaction. A run whose
 * entry a crash prevented is still listed there, and the next search (or the next host)
 * indexes it: nothing is lost, and a search never misses a saved run (`listRuns` indexes what
 * is pending before it searches).
 *
 * The schema step is named by what it adds rather than by a version number, like
 * `evaluationsStep`: it takes whichever place `migrations.ts` lists it at. Never edit it once
 * released.
 */
import { first, inTransaction, run, type HistoryDb } from './sqlite';

/** The text of a run's documents as the index sees it (their `text` fields, not the JSON). */
const DOCUMENT_TEXT = (documents: string) =>
  `(SELECT group_concat(json_extract(value, '$.text'), char(10)) FROM json_each(${documents}))`;

export function searchQueueStep(db: HistoryDb): void {
  db.exec(`
    CREATE TABLE runs_unindexed (seq INTEGER PRIMARY KEY);
    DROP TRIGGER runs_fts_insert;
    CREATE TRIGGER runs_unindexed_insert AFTER INSERT ON runs BEGIN
      INSERT INTO runs_unindexed (seq) VALUES (new.seq);
    END;
    DROP TRIGGER runs_fts_update;
    CREATE TRIGGER runs_fts_update AFTER UPDATE OF query, instruction, documents ON runs BEGIN
      DELETE FROM runs_unindexed WHERE seq = old.seq;
      DELETE FROM runs_fts WHERE rowid = old.seq;
      INSERT INTO runs_fts (rowid, query, instruction, documents)
        VALUES (new.seq, new.query, new.instruction, ${DOCUMENT_TEXT('new.documents')});
    END;
    DROP TRIGGER runs_fts_delete;
    CREATE TRIGGER runs_fts_delete AFTER DELETE ON runs BEGIN
      DELETE FROM runs_unindexed WHERE seq = old.seq;
      DELETE FROM runs_fts WHERE rowid = old.seq;
    END;
  `);
}

/** Whether some saved run has no search entry yet. */
export function hasPending(db: HistoryDb): boolean {
  return first(db, 'SELECT 1 AS pending FROM runs_unindexed LIMIT 1') !== undefined;
}

/** Indexes every run waiting for its search entry, in one transaction; how many. */
export function indexPending(db: HistoryDb): number {
  if (!hasPending(db)) return 0;
  return inTransaction(db, () => indexPendingInTransaction(db));
}

/** {@link indexPending} inside a transaction the caller holds. */
export function indexPendingInTransaction(db: HistoryDb): number {
  run(
    db,
    `INSERT INTO runs_fts (rowid, query, instruction, documents)
       SELECT r.seq, r.query, r.instruction, ${DOCUMENT_TEXT('r.documents')}
       FROM runs_unindexed u JOIN runs r ON r.seq = u.seq`,
  );
  return run(db, 'DELETE FROM runs_unindexed');
}
