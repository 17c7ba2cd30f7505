/**
 * The rerank engine: runs every column of a request in parallel and reports each column as it
 * finishes. Host-agnostic (no Electron, no HTTP): the hosts wire it to their transports.
 */
import { performance } from 'node:perf_hooks';
import type { ColumnResult, ColumnSpec, RankedResult } from '../../shared/contract/schemas';
import type { RerankDocument } from '../../shared/rerank/documents';
import { rankByScore } from '../../shared/scoring/ranking';
import type { AppError } from '../../shared/util/result';
import { raceAbort } from './cooperative';
import { createRunShared } from './run-shared';
import type { StrategyResolver } from './strategy';

export interface EngineRequest {
  query: string;
  instruction?: string;
  documents: readonly RerankDocument[];
  /** Run-wide cut; a column's own `topN` may cut further. Already clamped to the count. */
  topN?: number;
  columns: readonly ColumnSpec[];
}

export interface EngineObserver {
  columnStarted?(columnId: string): void;
  columnFinished?(column: ColumnResult): void;
}

export interface EngineRun {
  status: 'completed' | 'cancelled';
  columns: ColumnResult[];
}

export interface Engine {
  run(request: EngineRequest, signal: AbortSignal, observer?: EngineObserver): Promise<EngineRun>;
}

export interface EngineDeps {
  resolveStrategy: StrategyResolver;
  /** Called with exceptions thrown by strategies (bugs, not user errors). */
  reportBug?: (error: unknown) => void;
}

export function createEngine({ resolveStrategy, reportBug = () => {} }: EngineDeps): Engine {
  async function runColumn(
    request: EngineRequest,
    column: ColumnSpec,
    shared: ReturnType<typeof createRunShared>,
    signal: AbortSignal,
  ): Promise<ColumnResult> {
    const started = performance.now();
    const base = { columnId: column.id, name: column.config.name };
    const finish = (rest: Omit<ColumnResult, 'columnId' | 'name' | 'latencyMs'>): ColumnResult => ({
      ...base,
      ...rest,
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
    });
    const failed = (error: AppError, warnings: string[] = []) =>
      finish({ status: 'error', results: [], warnings, error });

    const runner = resolveStrategy(column.config);
    if (!runner.ok) return failed(runner.error);
    if (signal.aborted) return finish({ status: 'cancelled', results: [], warnings: [] });

    try {
      const output = await raceAbort(
        runner.value.score({
          query: request.query,
          instruction: request.instruction ?? column.config.instruction,
          documents: request.documents,
          config: column.config,
          shared,
          signal,
        }),
        signal,
      );
      const warnings = [...output.warnings];
      const cut = effectiveTopN(
        request.topN,
        column.config.topN,
        request.documents.length,
        warnings,
      );
      const results: RankedResult[] = rankByScore(output.scores)
        .slice(0, cut)
        .map(({ index, score, rawScore }) => {
          const id = request.documents[index]?.id;
          return id === undefined ? { index, score, rawScore } : { index, id, score, rawScore };
        });
      return finish({ status: 'ok', scoreKind: runner.value.scoreKind, results, warnings });
    } catch (error) {
      if (signal.aborted) return finish({ status: 'cancelled', results: [], warnings: [] });
      reportBug(error);
      return failed({
        code: 'internal',
        message: `column "${column.config.name}" failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  return {
    async run(request, signal, observer = {}) {
      const shared = createRunShared(request.query, request.documents, signal);
      const columns = await Promise.all(
        request.columns.map(async (column) => {
          observer.columnStarted?.(column.id);
          const result = await runColumn(request, column, shared, signal);
          observer.columnFinished?.(result);
          return result;
        }),
      );
      return {
        status: columns.some((c) => c.status === 'cancelled') ? 'cancelled' : 'completed',
        columns,
      };
    },
  };
}

function effectiveTopN(
  runTopN: number | undefined,
  columnTopN: number | undefined,
  count: number,
  warnings: string[],
): number {
  if (columnTopN !== undefined && columnTopN > count) {
    warnings.push(
      `topN (${columnTopN}) is larger than the number of documents (${count}); returning all ${count}`,
    );
  }
  return Math.min(count, runTopN ?? count, columnTopN ?? count);
}
