/** `rerank:run` and `rerank:cancel`: validation already happened in `dispatch`. */
import { performance } from 'node:perf_hooks';
import type { Handler } from '../../shared/contract/dispatch';
import { fail, ok } from '../../shared/util/result';
import type { Engine } from '../engine/engine';
import type { RunRegistry } from '../engine/run-registry';
import type { EventSink } from '../services/event-bus';

export interface RerankHandlerDeps {
  engine: Engine;
  runs: RunRegistry;
  emit: EventSink;
}

export function createRerankHandlers({ engine, runs, emit }: RerankHandlerDeps): {
  'rerank:run': Handler<'rerank:run'>;
  'rerank:cancel': Handler<'rerank:cancel'>;
} {
  return {
    async 'rerank:run'(request) {
      const { runId } = request;
      const controller = runs.start(runId);
      if (!controller) return fail('conflict', `run "${runId}" is already running`, ['runId']);
      const started = performance.now();
      try {
        const run = await engine.run(request, controller.signal, {
          columnStarted: (columnId) =>
            emit('run:progress', { type: 'column-started', runId, columnId }),
          columnFinished: (column) =>
            emit('run:progress', { type: 'column-finished', runId, column }),
        });
        return ok({
          runId,
          status: run.status,
          columns: run.columns,
          warnings: request.warnings,
          documentCount: request.documents.length,
          latencyMs: Math.round((performance.now() - started) * 100) / 100,
        });
      } finally {
        runs.finish(runId);
      }
    },

    'rerank:cancel'({ runId }) {
      return Promise.resolve(ok({ cancelled: runs.cancel(runId) }));
    },
  };
}
