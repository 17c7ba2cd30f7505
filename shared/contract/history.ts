/** The run history: every run kept, searchable, reopenable, exportable. */
import { z } from 'zod';
import {
  ConfigStats,
  HistoryExport,
  ImportReport,
  ListRunsQuery,
  RunPage,
  SavedRun,
} from '../history/saved-run';
import { RunId } from './schemas';

export const historyOperations = {
  /** A page of runs, newest first, filtered; pass `nextCursor` back for the next page. */
  'history:list': { request: ListRunsQuery, response: RunPage },
  /** A whole run: documents, every column's config and results. */
  'history:get': { request: z.object({ id: RunId }).strict(), response: SavedRun },
  'history:delete': {
    request: z.object({ id: RunId }).strict(),
    response: z.object({ deleted: z.boolean() }),
  },
  /** The given runs, or all of them, as one JSON document that `history:import` takes. */
  'history:export': {
    request: z.object({ ids: z.array(RunId).max(10_000).optional() }).strict(),
    response: HistoryExport,
  },
  /** An export file's contents; runs already present are skipped, bad entries reported. */
  'history:import': {
    request: z.object({ data: z.unknown() }).strict(),
    response: ImportReport,
  },
  /** Per pipeline config: runs, average latency, errors. */
  'history:stats': {
    request: z.object({}).strict(),
    response: z.object({ configs: z.array(ConfigStats) }),
  },
} as const;
