/**
 * The rerank engine: runs every column of a request in parallel and reports each column as it
 * finishes. Host-agnostic (no Electron, no HTTP): the hosts wire it to their transports.
 */
import { getMaxListeners, setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import type {
  ColumnResult,
  ColumnSpec,
  RankedResult,
  ScoreKind,
} from '../../shared/contract/schemas';
import type { PipelineConfig } from '../../shared/pipeline/config';
import type { RerankDocument } from '../../shared/rerank/documents';
import { rankByScore } from '../../shared/scoring/ranking';
import type { AppError } from '../../shared/util/result';
import { redactLogText } from '../secrets/log-redaction';
import { raceAbort } from './cooperative';
import { createRunMemo, type RunMemo } from './run-memo';
import {
  StrategyError,
  type ColumnMeta,
  type ConfigOutcome,
  type StrategyInput,
  type StrategyOutput,
  type StrategyProgress,
  type StrategyResolver,
  type StrategyRunner,
} from './strategy';
import { trackTimeLeft } from '../../shared/progress/time-left';
import {
  aggregateOutput,
  estimatedSettings,
  windowDocuments,
  windowedInput,
} from './long-documents';

export interface EngineRequest {
  query: string;
  instruction?: string;
  documents: readonly RerankDocument[];
  /** Run-wide cut; a column's own `topN` may cut further. Already clamped to the count. */
  topN?: number;
  columns: readonly ColumnSpec[];
  /** Skip the result cache for this run. */
  bypassCache?: boolean;
}

export interface EngineObserver {
  columnStarted?(columnId: string): void;
  /** Work done in a long column, with the time left once a rate is known. */
  columnProgress?(columnId: string, progress: ColumnProgress): void;
  columnFinished?(column: ColumnResult): void;
}

export interface ColumnProgress extends StrategyProgress {
  etaMs?: number;
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
  /** Runs one config; a StrategyError becomes this attempt's error, anything else is a bug. */
  async function attempt(
    request: EngineRequest,
    config: PipelineConfig,
    topN: number | undefined,
    shared: RunMemo,
    signal: AbortSignal,
    onProgress?: (progress: StrategyProgress) => void,
  ): Promise<Attempt> {
    try {
      const runner = resolveStrategy(config);
      if (!runner.ok) return { ok: false, error: runner.error, meta: {} };
      const score = (input: StrategyInput) =>
        config.longDocuments && !runner.value.windowsDocuments
          ? scoreWindows(runner.value, input)
          : runner.value.score(input);
      const output = await raceAbort(
        score({
          query: request.query,
          // A config's own instruction is part of the pipeline (an instruction A/B is two
          // columns that differ only in it); the request's fills in where it has none.
          instruction: config.instruction ?? request.instruction,
          documents: request.documents,
          topN,
          config,
          shared,
          signal,
          bypassCache: request.bypassCache,
          scoreConfig: (member) => scoreWithFallbacks(request, member, undefined, shared, signal),
          ...(onProgress ? { onProgress } : {}),
        }),
        signal,
      );
      return { ok: true, output, scoreKind: output.scoreKind ?? runner.value.scoreKind };
    } catch (error) {
      if (signal.aborted) throw error;
      if (error instanceof StrategyError)
        return { ok: false, error: error.error, meta: error.meta ?? {} };
      reportBug(error);
      const message = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        error: { code: 'internal', message: `column "${config.name}" failed: ${message}` },
        meta: {},
      };
    }
  }

  /**
   * The config, then each fallback in turn, until one produces a ranking. Calls, retries and
   * wire exchanges of the failed attempts are kept. Throws only when the run is cancelled.
   */
  function scoreWithFallbacks(
    request: EngineRequest,
    primary: PipelineConfig,
    topN: number | undefined,
    shared: RunMemo,
    signal: AbortSignal,
    onProgress?: (progress: StrategyProgress) => void,
  ): Promise<ConfigOutcome> {
    const key = `config ${JSON.stringify([primary, topN ?? null])}`;
    // A column whose config another column already runs gets that one's result, not progress.
    const { value, first } = shared.once(key, () =>
      runFallbacks(request, primary, topN, shared, signal, onProgress),
    );
    // The calls were made (and are shown) once, by whoever asked first.
    return first ? value : value.then(reused);
  }

  async function runFallbacks(
    request: EngineRequest,
    primary: PipelineConfig,
    topN: number | undefined,
    shared: RunMemo,
    signal: AbortSignal,
    onProgress?: (progress: StrategyProgress) => void,
  ): Promise<ConfigOutcome> {
    const candidates = [primary, ...(primary.fallbacks ?? [])];
    const warnings: string[] = [];
    const spent: Required<Pick<ColumnMeta, 'calls' | 'retries' | 'wire'>> = {
      calls: 0,
      retries: 0,
      wire: [],
    };
    let lastError: AppError = { code: 'internal', message: 'no config ran' };
    for (const [fallback, config] of candidates.entries()) {
      const outcome = await attempt(request, config, topN, shared, signal, onProgress);
      if (!outcome.ok) {
        lastError = outcome.error;
        spent.wire.push(...(outcome.meta.wire ?? []));
        spent.calls += outcome.meta.calls ?? 0;
        spent.retries += outcome.meta.retries ?? 0;
        if (fallback < candidates.length - 1) {
          warnings.push(
            `${describe(config)} failed (${outcome.error.message}); trying fallback ${describe(candidates[fallback + 1]!)}`,
          );
        }
        continue;
      }
      const meta = outcome.output.meta ?? {};
      return {
        ok: true,
        output: outcome.output,
        scoreKind: outcome.scoreKind,
        fallback,
        producedBy: config,
        warnings,
        meta: {
          ...meta,
          calls: (meta.calls ?? 0) + spent.calls,
          retries: (meta.retries ?? 0) + spent.retries,
          wire: [...spent.wire, ...(meta.wire ?? [])],
        },
      };
    }
    return { ok: false, error: lastError, warnings, meta: spent };
  }

  async function runColumn(
    request: EngineRequest,
    column: ColumnSpec,
    shared: RunMemo,
    signal: AbortSignal,
    observer: EngineObserver,
  ): Promise<ColumnResult> {
    const started = performance.now();
    const finish = (rest: Omit<ColumnResult, 'columnId' | 'name' | 'latencyMs'>): ColumnResult =>
      redactColumnText({
        columnId: column.id,
        name: column.config.name,
        ...rest,
        latencyMs: Math.round((performance.now() - started) * 100) / 100,
      });
    const cancelled = () => finish({ status: 'cancelled', results: [], warnings: [] });
    if (signal.aborted) return cancelled();

    const warnings: string[] = [];
    // How many results this column shows: the column's own choice, whichever config produces
    // them. Strategies that can ask for fewer (a provider's top_n) are told the same number.
    const count = request.documents.length;
    const cut = effectiveTopN(request.topN, column.config.topN, count, warnings);
    let outcome: ConfigOutcome;
    try {
      outcome = await scoreWithFallbacks(
        request,
        column.config,
        cut < count ? cut : undefined,
        shared,
        signal,
        observer.columnProgress &&
          progressReporter(column.id, (id, progress) => observer.columnProgress?.(id, progress)),
      );
    } catch {
      return cancelled();
    }
    warnings.push(...outcome.warnings);
    if (!outcome.ok) {
      return finish({
        status: 'error',
        results: [],
        warnings,
        error: outcome.error,
        ...outcome.meta,
      });
    }
    const { output, producedBy: config } = outcome;
    warnings.push(...output.warnings);
    const results: RankedResult[] = rankByScore(output.scores)
      .slice(0, cut)
      .map(({ index, score, rawScore, passage }) => {
        const id = request.documents[index]?.id;
        return {
          index,
          ...(id === undefined ? {} : { id }),
          score,
          rawScore,
          ...(passage ? { passage } : {}),
        };
      });
    return finish({
      status: 'ok',
      scoreKind: outcome.scoreKind,
      results,
      warnings,
      ...(output.documentErrors?.length ? { documentErrors: output.documentErrors } : {}),
      producedBy: {
        name: config.name,
        provider: config.provider,
        model: config.model,
        fallback: outcome.fallback,
      },
      ...outcome.meta,
    });
  }

  return {
    async run(request, signal, observer = {}) {
      allowListeners(signal, request.columns.length);
      const shared = createRunMemo(request.query, request.documents, signal);
      const columns = await Promise.all(
        request.columns.map(async (column) => {
          observer.columnStarted?.(column.id);
          const result = await runColumn(request, column, shared, signal, observer);
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

/**
 * Abort listeners one column may hold on its run's signal at once: the engine's race, the
 * strategy's own stop, the transport's rate-limit wait and fetch's, a fusion's members' (each
 * theirs). Node warns of a leak past 10 listeners on one signal, which a run of a few columns
 * reaches by design; the limit is raised for the run's width, so a real leak (listeners left
 * behind run after run) still warns.
 */
const LISTENERS_PER_COLUMN = 8;

export function allowListeners(signal: AbortSignal, columns: number): void {
  const wanted = LISTENERS_PER_COLUMN * columns;
  if (getMaxListeners(signal) < wanted) setMaxListeners(wanted, signal);
}

/**
 * Text in a column that a backend may have written (its error, warnings, per-document errors)
 * is masked before the column is reported, returned, saved or exported: the keys this process
 * has used (by fingerprint) and credential-shaped values, as in logs. Strategies redact at the
 * source with the exact keys they sent; this catches what any of them, or a fusion quoting
 * its members, did not. Wire records are redacted by the transport already.
 */
function redactColumnText(column: ColumnResult): ColumnResult {
  const { error, documentErrors } = column;
  return {
    ...column,
    warnings: column.warnings.map(redactLogText),
    ...(error ? { error: { ...error, message: redactLogText(error.message) } } : {}),
    ...(documentErrors
      ? { documentErrors: documentErrors.map((d) => ({ ...d, message: redactLogText(d.message) })) }
      : {}),
  };
}

/**
 * A column's progress reports with the time left added. A fallback starts its work over (a new
 * total, or fewer done), so the estimate starts over with it.
 */
function progressReporter(
  columnId: string,
  report: NonNullable<EngineObserver['columnProgress']>,
): (progress: StrategyProgress) => void {
  let tracker = trackTimeLeft(() => performance.now());
  let last: StrategyProgress | undefined;
  return (progress) => {
    if (
      last &&
      (progress.unit !== last.unit || progress.total !== last.total || progress.done < last.done)
    ) {
      tracker = trackTimeLeft(() => performance.now());
    }
    last = progress;
    const etaMs = tracker.observe(progress.done, progress.total);
    report(columnId, etaMs === undefined ? { ...progress } : { ...progress, etaMs });
  };
}

/** Scores a config's documents window by window, by estimated tokens (long-documents.ts). */
async function scoreWindows(runner: StrategyRunner, input: StrategyInput): Promise<StrategyOutput> {
  const settings = estimatedSettings(input.config);
  const windowed = windowDocuments(input.documents, settings);
  const output = await runner.score(windowedInput(input, windowed));
  return aggregateOutput(input.documents, windowed, output, settings);
}

/** Another consumer's outcome of the same config in this run: nothing was spent twice. */
function reused(outcome: ConfigOutcome): ConfigOutcome {
  const meta = { cached: true, calls: 0, retries: 0, wire: [] };
  if (!outcome.ok) return { ...outcome, meta };
  return { ...outcome, meta, output: { ...outcome.output, meta } };
}

type Attempt =
  | { ok: true; output: StrategyOutput; scoreKind: ScoreKind }
  | { ok: false; error: AppError; meta: ColumnMeta };

function describe(config: PipelineConfig): string {
  return config.provider ? `"${config.name}" (${config.provider})` : `"${config.name}"`;
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
