/**
 * The app asks `rerank:run` for a summary: each column's result reaches the store once, as a
 * `run:progress` event. Over HTTP the events travel on their own stream, so one can be missing
 * when the answer comes: still on its way (the answer has its own connection and may overtake
 * it), or lost (the stream was reconnecting when the host sent it; events are not replayed).
 * The store waits for the stream to catch up with the run, then fills what was lost from the
 * run history, which the host commits before it answers.
 */
import type { ColumnSummary, RerankRunSummary } from '../../../shared/contract';
import type { Client } from '../../client/client';
import type { ColumnRun } from './slice';

/**
 * Watches run `runId`'s events from before it starts: `caughtUp` resolves once its
 * `run-finished` event has come (every column event before it has been applied, or was lost)
 * or once the stream drops (what the host sends meanwhile is lost). `stop` when done.
 */
export function watchRunEvents(
  client: Client,
  runId: string,
): { caughtUp: Promise<void>; stop: () => void } {
  let resolve!: () => void;
  const caughtUp = new Promise<void>((done) => (resolve = done));
  const stopEvents = client.subscribe('run:progress', (event) => {
    if (event.type === 'run-finished' && event.runId === runId) resolve();
  });
  const stopInterruptions = client.onEventsInterrupted(resolve);
  return {
    caughtUp,
    stop() {
      stopEvents();
      stopInterruptions();
    },
  };
}

/** Shown for a column whose result is nowhere to be had (no event, and no saved run). */
export const LOST_COLUMN_MESSAGE =
  'The result of this column did not reach the app (the event stream was interrupted) and the run could not be saved to the history: run again to see it.';

/**
 * Results for the columns of a finished run that no event brought: once the event stream has
 * caught up with the run, from `history:get` when the answer says the run was saved, otherwise
 * (or if the history cannot give them) an error naming what happened, so a column never stays
 * "running" after its run has ended. Empty when every column arrived.
 */
export async function recoverMissedColumns({
  client,
  answer,
  caughtUp,
  shown,
  nameOf,
}: {
  client: Client;
  answer: Pick<RerankRunSummary, 'runId' | 'history'> & { columns: readonly ColumnSummary[] };
  caughtUp: Promise<void>;
  /** The columns the store shows now (events keep landing while this waits). */
  shown: () => Record<string, ColumnRun>;
  nameOf: (columnId: string) => string;
}): Promise<Record<string, ColumnRun>> {
  const missing = () => answer.columns.filter(({ columnId }) => !shown()[columnId]?.result);
  if (missing().length === 0) return {};
  // An event may still be on its way: over HTTP the answer can overtake it.
  await caughtUp;
  const lost = missing();
  if (lost.length === 0) return {};
  const found: Record<string, ColumnRun> = {};
  if (answer.history?.saved) {
    const saved = await client.call('history:get', { id: answer.runId });
    if (saved.ok) {
      for (const { result } of saved.value.columns) {
        found[result.columnId] = { status: result.status, result };
      }
    }
  }
  return Object.fromEntries(
    lost.map(({ columnId }) => [
      columnId,
      found[columnId] ?? {
        status: 'error',
        result: {
          columnId,
          name: nameOf(columnId),
          status: 'error',
          results: [],
          latencyMs: 0,
          warnings: [],
          error: { code: 'internal', message: LOST_COLUMN_MESSAGE },
        },
      },
    ]),
  );
}
