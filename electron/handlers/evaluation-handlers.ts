/**
 * `eval:*`: import a labelled set (files sent by the UI, or a path the host reads), estimate,
 * run (progress as `eval:progress`), cancel, and the saved evaluations. Imported sets stay in
 * this host's memory (the last {@link KEEP_DATASETS}) under an id the later calls name, so a
 * set's text crosses the process boundary once, not once per run.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Handler } from '../../shared/contract/dispatch';
import type { OperationName } from '../../shared/contract';
import {
  DatasetError,
  summarizeDataset,
  type DatasetFile,
  type DatasetFormat,
  type LabelledDataset,
} from '../../shared/evaluation/dataset';
import { importFiles, roleOf } from '../../shared/evaluation/import-collections';
import { parseMetrics } from '../../shared/evaluation/metrics';
import { BASELINE_ID, type Evaluation } from '../../shared/evaluation/schemas';
import { summarizeEvaluation } from '../../shared/evaluation/summary';
import { fail, ok, type Result } from '../../shared/util/result';
import type { Engine } from '../engine/engine';
import { RunRegistry } from '../engine/run-registry';
import { readDataset } from '../evaluation/dataset-files';
import { checkBudget } from '../evaluation/budget';
import { estimateColumns, planQueries } from '../evaluation/estimate';
import { comparePairsInTurns } from '../evaluation/pairwise';
import { plannedQueries, runEvaluation } from '../evaluation/runner';
import { HistoryError } from '../history/db';
import type { HistoryRecorder } from '../history/recorder';
import type { EvaluationStore } from '../history/evaluations';
import type { EventSink } from '../events/event-bus';
import type { PathGrants, PathUse } from '../platform/path-grants';

export const KEEP_DATASETS = 8;

type EvalName = Extract<OperationName, `eval:${string}`>;

export interface EvaluationHandlerDeps {
  engine: Engine;
  emit: EventSink;
  history: HistoryRecorder;
  /** The paths the page may name; a set given by path is read only if granted. */
  grants: PathGrants;
  /** Where evaluations started through these handlers come from. */
  source: Evaluation['source'];
}

export function createEvaluationHandlers({
  engine,
  emit,
  history,
  grants,
  source,
}: EvaluationHandlerDeps): { [N in EvalName]: Handler<N> } {
  const datasets = new Map<string, LabelledDataset>();
  const running = new RunRegistry();

  const dataset = (id: string): Result<LabelledDataset> => {
    const found = datasets.get(id);
    return found
      ? ok(found)
      : fail(
          'not_found',
          `no imported set "${id}" in this session (the last ${KEEP_DATASETS} imports are kept): import it again`,
          ['datasetId'],
        );
  };
  const withStore = async <T>(use: (store: EvaluationStore) => Result<T>): Promise<Result<T>> => {
    try {
      return use((await history.store()).evaluations);
    } catch (error) {
      if (error instanceof HistoryError) return fail('invalid_request', error.message);
      throw error;
    }
  };

  return {
    async 'eval:import'(request) {
      let paths: { path: string; qrelsPath?: string } | undefined;
      if (request.path !== undefined) {
        const checked = await grantedPaths(grants, request.path, request.qrelsPath);
        if (!checked.ok) return checked;
        paths = checked.value;
      }
      let imported: LabelledDataset;
      try {
        imported = paths
          ? await readDataset(paths.path, {
              ...(request.format ? { format: request.format } : {}),
              ...(paths.qrelsPath ? { qrelsPath: paths.qrelsPath } : {}),
              ...(request.depth !== undefined ? { depth: request.depth } : {}),
            })
          : importFiles(request.format ?? guessFormat(request.files!), request.files!, {
              ...(request.qrels ? { qrels: request.qrels } : {}),
              ...(request.depth !== undefined ? { depth: request.depth } : {}),
            });
      } catch (error) {
        if (error instanceof DatasetError) return fail('invalid_request', error.message);
        throw error;
      }
      const id = randomUUID();
      datasets.set(id, imported);
      for (const old of datasets.keys()) {
        if (datasets.size <= KEEP_DATASETS) break;
        datasets.delete(old);
      }
      return ok(summarizeDataset(id, imported));
    },

    'eval:estimate'(request) {
      const found = dataset(request.datasetId);
      if (!found.ok) return Promise.resolve(found);
      const queries = plannedQueries({ dataset: found.value, maxQueries: request.maxQueries });
      const planned = planQueries(queries, request.maxCandidates);
      const costs = estimateColumns(
        request.columns.map((c) => c.config),
        planned,
      );
      const columns = request.columns.map(({ id, config }, i) => ({
        columnId: id,
        name: config.name,
        ...costs[i]!,
      }));
      const paid = columns.filter((c) => c.paid);
      const priced = paid.filter((c) => c.usd !== undefined);
      // Pure arithmetic over the planned queries: nothing to wait for.
      return Promise.resolve(
        ok({
          queries: queries.length,
          documents: planned.reduce((sum, q) => sum + q.documents.length, 0),
          columns,
          paid: paid.length > 0,
          ...(priced.length > 0 ? { totalUsd: priced.reduce((sum, c) => sum + c.usd!, 0) } : {}),
        }),
      );
    },

    async 'eval:run'(request) {
      const found = dataset(request.datasetId);
      if (!found.ok) return found;
      const metrics = parseMetrics(request.metrics);
      if (!metrics.ok) return fail('invalid_request', metrics.error.message, ['metrics']);
      const overBudget = checkBudget(
        request.columns.map((c) => c.config),
        planQueries(
          plannedQueries({ dataset: found.value, maxQueries: request.maxQueries }),
          request.maxCandidates,
        ),
        request.budgetUsd,
      );
      if (overBudget) return { ok: false, error: overBudget };
      const { evaluationId } = request;
      const controller = running.start(evaluationId);
      if (!controller) {
        return fail('conflict', `evaluation "${evaluationId}" is already running`, [
          'evaluationId',
        ]);
      }
      const createdAt = Date.now();
      const started = performance.now();
      try {
        const outcome = await runEvaluation(
          engine,
          {
            dataset: found.value,
            columns: request.columns,
            metrics: metrics.value,
            threshold: request.threshold,
            maxQueries: request.maxQueries,
            maxCandidates: request.maxCandidates,
            concurrency: request.concurrency,
          },
          controller.signal,
          (progress) => emit('eval:progress', { evaluationId, ...progress }),
        );
        const names = metrics.value.map((m) => m.name);
        const columnIds = outcome.columns.map((c) => c.columnId);
        const baseline = request.baseline ?? BASELINE_ID;
        const pairwise = await comparePairsInTurns(outcome.queries, columnIds, names);
        const evaluation: Evaluation = {
          id: evaluationId,
          createdAt,
          source,
          status: outcome.status,
          dataset: {
            name: found.value.name,
            format: found.value.format,
            queries: found.value.queries.length,
            unjudgedQueries: found.value.queries.length - countEvaluable(found.value),
          },
          settings: {
            metrics: names,
            threshold: request.threshold,
            ...(request.maxQueries !== undefined ? { maxQueries: request.maxQueries } : {}),
            ...(request.maxCandidates !== undefined
              ? { maxCandidates: request.maxCandidates }
              : {}),
            baseline,
          },
          columns: outcome.columns,
          summary: summarizeEvaluation(columnIds, baseline, names, outcome.queries, { pairwise }),
          queries: outcome.queries,
          pairwise,
          plannedQueries: outcome.plannedQueries,
          durationMs: Math.round((performance.now() - started) * 100) / 100,
          warnings: outcome.warnings,
        };
        const saved = await withStore((store) => ok(store.save(evaluation)));
        if (!saved.ok) evaluation.warnings.push(`not saved in the history: ${saved.error.message}`);
        return ok(evaluation);
      } finally {
        running.finish(evaluationId);
      }
    },

    'eval:cancel': ({ evaluationId }) =>
      Promise.resolve(ok({ cancelled: running.cancel(evaluationId) })),
    'eval:list': ({ limit }) => withStore((store) => ok({ evaluations: store.list(limit) })),
    async 'eval:get'({ id }) {
      const found = await withStore((store) => {
        const evaluation = store.get(id);
        return evaluation
          ? ok(evaluation)
          : fail('not_found', `no evaluation "${id}" in the history`, ['id']);
      });
      if (!found.ok || found.value.pairwise) return found;
      // Saved before pairwise tests were kept: work them out from its per-query values (the
      // record itself is left as it was saved).
      const evaluation = found.value;
      const pairwise = await comparePairsInTurns(
        evaluation.queries,
        evaluation.columns.map((c) => c.columnId),
        evaluation.settings.metrics,
      );
      return ok({ ...evaluation, pairwise });
    },
    'eval:delete': ({ id }) => withStore((store) => ok({ deleted: store.delete(id) })),
  };
}

const use = (field: string): PathUse => ({
  field,
  how: 'choose it with Choose… (desktop app), pick its files to upload them, or start the web host with --allow-folder',
});

/**
 * The set's path and its qrels', if the page may name them. A granted path that does not
 * exist answers as an ungranted one; only the CLI (which trusts its user's paths) hears
 * "no such file" from the reader.
 */
async function grantedPaths(
  grants: PathGrants,
  target: string,
  qrelsPath: string | undefined,
): Promise<Result<{ path: string; qrelsPath?: string }>> {
  const checked: string[] = [];
  for (const [field, file] of [
    ['path', target],
    ['qrelsPath', qrelsPath],
  ] as const) {
    if (file === undefined) continue;
    const granted = await grants.check(file, use(field));
    if (!granted.ok) return granted;
    if (!grants.trustsAll && !(await exists(granted.value))) {
      return grants.unavailable(granted.value, use(field));
    }
    checked.push(granted.value);
  }
  const [set, qrels] = checked as [string, string | undefined];
  return ok(qrels === undefined ? { path: set } : { path: set, qrelsPath: qrels });
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

function countEvaluable(dataset: LabelledDataset): number {
  return plannedQueries({ dataset }).length;
}

/** Files picked in the UI: one JSONL or CSV file (perhaps with qrels), or a BEIR/TREC set. */
function guessFormat(files: readonly DatasetFile[]): DatasetFormat {
  const main = files.filter((file) => roleOf(file.name) !== 'qrels');
  if (main.length === 1) {
    const extension = path.extname(main[0]!.name).toLowerCase();
    if (extension === '.csv' || extension === '.tsv') return 'csv';
    return 'jsonl';
  }
  return files.some((file) => /(^|\/)corpus\.jsonl$/i.test(file.name)) ? 'beir' : 'trec';
}
