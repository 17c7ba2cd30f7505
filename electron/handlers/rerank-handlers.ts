/** `rerank:run` and `rerank:cancel`: validation already happened in `dispatch`. */
import { performance } from 'node:perf_hooks';
import type { Handler } from '../../shared/contract/dispatch';
import { fail, ok } from '../../shared/util/result';
import type { Engine } from '../engine/engine';
import { checkBudget } from '../evaluation/budget';
import type { RunRegistry } from '../engine/run-registry';
import type { EventSink } from '../events/event-bus';
import type { RunSource } from '../../shared/history/saved-run';
import type { HistoryRecorder } from '../history/recorder';

export interface RerankHandlerDeps {
  engine: Engine;
  runs: RunRegistry;
  emit: EventSink;
  /**
   * Every run, finished or cancelled, is kept here with where it came from, committed before
   * the handler answers.
   */
  history?: { recorder: HistoryRecorder; source: RunSource };
}

export function createRerankHandlers({ engine, runs, emit, history }: RerankHandlerDeps): {
  'rerank:run': Handler<'rerank:run'>;
  'rerank:cancel': Handler<'rerank:cancel'>;
} {
  return {
    async 'rerank:run'(request) {
      const { runId } = request;
      const overBudget = checkBudget(
        request.columns.map((c) => c.config),
        [{ text: request.query, documents: request.documents.map((d) => d.text) }],
        request.budgetUsd,
      );
      if (overBudget) return { ok: false, error: overBudget };
      const controller = runs.start(runId);
      if (!controller) return fail('conflict', `run "${runId}" is already running`, ['runId']);
      const started = performance.now();
      const createdAt = Date.now();
      try {
        const run = await engine.run(request, controller.signal, {
          columnStarted: (columnId) =>
            emit('run:progress', { type: 'column-started', runId, columnId }),
          columnProgress: (columnId, progress) =>
            emit('run:progress', { type: 'column-progress', runId, columnId, ...progress }),
          columnFinished: (column) =>
            emit('run:progress', { type: 'column-finished', runId, column }),
        });
        emit('run:progress', { type: 'run-finished', runId });
        const latencyMs = Math.round((performance.now() - started) * 100) / 100;
        // Committed before the answer: a run the caller saw must survive a crash of the host.
        const saved = await history?.recorder.record({
          id: runId,
          createdAt,
          source: history.source,
          status: run.status,
          query: request.query,
          ...(request.instruction !== undefined ? { instruction: request.instruction } : {}),
          documents: request.documents.map(({ text, id, metadata }) => ({
            text,
            ...(id !== undefined ? { id } : {}),
            ...(metadata !== undefined ? { metadata } : {}),
          })),
          columns: request.columns.map((column, i) => ({
            config: column.config,
            result: run.columns[i]!,
          })),
          ...(request.topN !== undefined ? { topN: request.topN } : {}),
          durationMs: latencyMs,
          ...(request.warnings.length ? { warnings: request.warnings } : {}),
        });
        const answered = {
          runId,
          status: run.status,
          warnings: request.warnings,
          documentCount: request.documents.length,
          latencyMs,
          ...(saved ? { history: saved } : {}),
        };
        if (request.answer === 'summary') {
          // The columns went out as `run:progress` events already; only how each one ended.
          const columns = run.columns.map(({ columnId, status }) => ({ columnId, status }));
          return ok({ answer: 'summary', ...answered, columns });
        }
        return ok({ answer: 'full', ...answered, columns: run.columns });
      } finally {
        runs.finish(runId);
      }
    },

    'rerank:cancel'({ runId }) {
      return Promise.resolve(ok({ cancelled: runs.cancel(runId) }));
    },
  };
}
