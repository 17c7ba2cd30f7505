/**
 * Export and import of saved runs as one JSON document, to move a history between machines
 * or share an experiment. Import trusts nothing: every entry is checked with the same schemas
 * the contract uses, a bad entry is reported by its index and field while the good ones still
 * import, and a run already in the history is skipped, never overwritten (the user's copy
 * may carry a star the file lacks).
 */
import type { z } from 'zod';
import { formatPath } from '../../shared/contract/issues';
import { insertRun, readRun, runExists } from './records';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  ImportedRun,
  type HistoryExport,
  type ImportReport,
  type SavedRun,
} from '../../shared/history/saved-run';
import {
  all,
  HistoryError,
  inSavepoint,
  inTransaction,
  messageOf,
  sqliteCode,
  type HistoryDb,
} from './sqlite';

/** Every run, oldest first, or the given ones (ids not in the history are left out). */
export function exportRuns(
  db: HistoryDb,
  ids: readonly string[] | undefined,
  at: Date,
): HistoryExport {
  const wanted =
    ids ?? all<{ id: string }>(db, 'SELECT id FROM runs ORDER BY created_at, id').map((r) => r.id);
  const runs = [...new Set(wanted)]
    .map((id) => readRun(db, id))
    .filter((run): run is SavedRun => run !== undefined);
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: at.toISOString(), runs };
}

/** At most this many problems are listed per entry: the first ones say enough. */
const ISSUES_PER_ENTRY = 3;

export function importRuns(db: HistoryDb, json: unknown): ImportReport {
  const runs = checkEnvelope(json);
  const report: ImportReport = { imported: 0, skipped: 0, errors: [] };
  // One transaction: a large import is fast, and an unexpected failure (disk full) leaves the
  // history as it was rather than half-imported. Each entry has a savepoint of its own.
  inTransaction(db, () => {
    runs.forEach((entry, index) => {
      const id = idOf(entry);
      const parsed = ImportedRun.safeParse(entry);
      if (!parsed.success) {
        report.errors.push({
          index,
          ...(id ? { id } : {}),
          message: describe(index, parsed.error),
        });
        return;
      }
      const { starred = false, ...run } = parsed.data;
      if (runExists(db, run.id)) {
        report.skipped++;
        return;
      }
      try {
        inSavepoint(db, () => insertRun(db, run, starred));
        report.imported++;
      } catch (error) {
        if (!sqliteCode(error)) throw error;
        report.errors.push({ index, id: run.id, message: `runs[${index}]: ${messageOf(error)}` });
      }
    });
  });
  return report;
}

/** The file as a whole: the right format, a version this app reads, a list of runs. */
function checkEnvelope(json: unknown): unknown[] {
  const file = typeof json === 'object' && json !== null && !Array.isArray(json) ? json : {};
  const { format, version, runs } = file as Record<string, unknown>;
  if (format !== EXPORT_FORMAT) {
    throw new HistoryError(
      `This is not a Rerank Studio history export: expected "format": "${EXPORT_FORMAT}".`,
    );
  }
  if (typeof version === 'number' && version > EXPORT_VERSION) {
    throw new HistoryError(
      `This history export is version ${version}, written by a newer Rerank Studio (this one reads version ${EXPORT_VERSION}); update Rerank Studio to import it.`,
    );
  }
  if (version !== EXPORT_VERSION) {
    throw new HistoryError(
      `This history export has no version this app knows: expected "version": ${EXPORT_VERSION}.`,
    );
  }
  if (!Array.isArray(runs)) {
    throw new HistoryError('This history export has no "runs" list.');
  }
  return runs;
}

function idOf(entry: unknown): string | undefined {
  const id = (entry as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** `runs[3].columns[0].result.status: Invalid option: …`, one clause per problem. */
function describe(index: number, error: z.ZodError): string {
  return error.issues
    .slice(0, ISSUES_PER_ENTRY)
    .map((issue) => {
      const where = formatPath(['runs', index, ...issue.path]);
      return `${where}: ${withoutOwnPath(issue.path, issue.message)}`;
    })
    .join('; ');
}

/**
 * Pipeline-config issues already begin with their path inside the config ("params.k1: …");
 * that part is dropped so the full path is not followed by half of it again.
 */
function withoutOwnPath(path: readonly PropertyKey[], message: string): string {
  for (let start = 0; start < path.length; start++) {
    const prefix = `${formatPath(path.slice(start))}: `;
    if (message.startsWith(prefix)) return message.slice(prefix.length);
  }
  return message;
}
