/**
 * The Evaluation panel: import a labelled set (files picked here, or a path the host reads),
 * choose the workbench columns to evaluate and the limits, see the cost estimate, run with
 * progress, ETA and cancel, read the results, export them, and reopen saved evaluations.
 */
import type { StateCreator } from 'zustand';
import type { OperationResponse } from '../../../shared/contract';
import type { DatasetSummary } from '../../../shared/evaluation/dataset';
import { DEFAULT_METRICS, parseMetrics } from '../../../shared/evaluation/metrics';
import { csvReport, jsonReport, markdownReport } from '../../../shared/evaluation/report';
import {
  BASELINE_ID,
  type Evaluation,
  type EvaluationListItem,
  type EvaluationProgress,
} from '../../../shared/evaluation/schemas';
import { fail, ok, type Result } from '../../../shared/util/result';
import type { Client } from '../../client/client';
import { nextId } from '../ids';
import { budgetField } from '../budget/slice';
import type { AppState } from '../types';
import type { FileDownload } from '../app/downloads';

export type EvaluationEstimate = OperationResponse<'eval:estimate'>;
export type ExportFormat = 'csv' | 'json' | 'md';

/** What the user types in the settings row, kept as text until the run. */
export interface EvaluationSettingsDraft {
  metrics: string;
  threshold: string;
  maxQueries: string;
  maxCandidates: string;
}

/** A picked file: the browser's `File`, or anything with a name and its text. */
export interface PickedFile {
  name: string;
  webkitRelativePath?: string;
  text(): Promise<string>;
}

export interface EvaluationSlice {
  evaluationOpen: boolean;
  evalDataset?: DatasetSummary;
  evalImporting: boolean;
  evalError?: string;
  /** Workbench column ids to evaluate (the baseline is always added by the host). */
  evalColumnIds?: string[];
  /**
   * The column the others are tested against: a chosen workbench column's id, or
   * {@link BASELINE_ID} / unset for the input order. Read it with `evaluationBaseline`.
   */
  evalBaselineId?: string;
  evalSettings: EvaluationSettingsDraft;
  evalEstimate?: EvaluationEstimate;
  evalStatus: 'idle' | 'estimating' | 'running' | 'cancelling';
  evalRunId?: string;
  evalProgress?: EvaluationProgress;
  evalResult?: Evaluation;
  evalSaved: EvaluationListItem[];
  openEvaluation: () => void;
  closeEvaluation: () => void;
  importEvaluationFiles: (files: readonly PickedFile[]) => Promise<Result<DatasetSummary>>;
  importEvaluationPath: (path: string, qrelsPath?: string) => Promise<Result<DatasetSummary>>;
  setEvaluationSettings: (settings: Partial<EvaluationSettingsDraft>) => void;
  toggleEvaluationColumn: (columnId: string, on: boolean) => void;
  setEvaluationBaseline: (columnId: string) => void;
  /** Step one of starting: the estimate, shown before anything is spent. */
  estimateEvaluation: () => Promise<Result<EvaluationEstimate>>;
  /** Step two: runs what was estimated. */
  /** `overBudgetOk`: the user agreed to an estimate over the budget (sent without the limit). */
  startEvaluation: (options?: { overBudgetOk?: boolean }) => Promise<Result<Evaluation>>;
  dismissEstimate: () => void;
  cancelEvaluation: () => Promise<void>;
  applyEvaluationProgress: (progress: EvaluationProgress) => void;
  loadSavedEvaluations: () => Promise<void>;
  openSavedEvaluation: (id: string) => Promise<Result<Evaluation>>;
  deleteSavedEvaluation: (id: string) => Promise<Result<boolean>>;
  /** The shown evaluation as a file: name, type and text. */
  exportEvaluation: (
    format: ExportFormat,
  ) => Result<{ fileName: string; type: string; text: string }>;
  /** The shown evaluation, exported, saved as a file. */
  downloadEvaluation: (format: ExportFormat) => Result<void>;
}

const DEFAULT_SETTINGS: EvaluationSettingsDraft = {
  metrics: DEFAULT_METRICS.join(', '),
  threshold: '1',
  maxQueries: '',
  maxCandidates: '',
};

/** A positive whole number, blank for none; anything else is named in the error. */
function limit(text: string, label: string): Result<number | undefined> {
  if (text.trim() === '') return ok(undefined);
  const value = Number(text);
  return Number.isInteger(value) && value >= 1
    ? ok(value)
    : fail('invalid_request', `${label} must be a whole number of at least 1, or blank for all`);
}

export const createEvaluationSlice =
  (client: Client, download: FileDownload): StateCreator<AppState, [], [], EvaluationSlice> =>
  (set, get) => {
    const imported = (result: Result<DatasetSummary>) => {
      if (!result.ok) {
        // A bad file keeps the set that was there: nothing the user had is lost.
        set({ evalImporting: false, evalError: result.error.message });
        return result;
      }
      set({
        evalImporting: false,
        evalDataset: result.value,
        evalError: undefined,
        evalEstimate: undefined,
      });
      return result;
    };

    /** The request fields shared by the estimate and the run, from the current state. */
    const plan = (): Result<{
      datasetId: string;
      columns: { id: string; config: AppState['columns'][number]['config'] }[];
      maxQueries?: number;
      maxCandidates?: number;
      metrics: string[];
      threshold: number;
      baseline: string;
    }> => {
      const state = get();
      if (!state.evalDataset) return fail('invalid_request', 'import a labelled set first');
      const chosen = selectedColumns(state);
      if (chosen.length === 0)
        return fail('invalid_request', 'choose at least one column to evaluate');
      const metrics = parseMetrics(state.evalSettings.metrics);
      if (!metrics.ok) return metrics;
      const threshold = Number(state.evalSettings.threshold);
      if (!Number.isInteger(threshold)) {
        return fail(
          'invalid_request',
          'the relevance threshold must be a whole number (TREC DL uses 2)',
        );
      }
      const maxQueries = limit(state.evalSettings.maxQueries, 'Queries');
      if (!maxQueries.ok) return maxQueries;
      const maxCandidates = limit(state.evalSettings.maxCandidates, 'Candidates per query');
      if (!maxCandidates.ok) return maxCandidates;
      return ok({
        datasetId: state.evalDataset.datasetId,
        columns: chosen.map(({ id, config }) => ({ id, config })),
        ...(maxQueries.value !== undefined ? { maxQueries: maxQueries.value } : {}),
        ...(maxCandidates.value !== undefined ? { maxCandidates: maxCandidates.value } : {}),
        metrics: metrics.value.map((m) => m.name),
        threshold,
        baseline: evaluationBaseline(state),
      });
    };

    return {
      evaluationOpen: false,
      evalImporting: false,
      evalSettings: DEFAULT_SETTINGS,
      evalStatus: 'idle',
      evalSaved: [],
      openEvaluation() {
        set({ evaluationOpen: true });
        void get().loadSavedEvaluations();
      },
      closeEvaluation: () => set({ evaluationOpen: false }),

      async importEvaluationFiles(files) {
        if (files.length === 0) return fail('invalid_request', 'choose at least one file');
        set({ evalImporting: true, evalError: undefined });
        const read = await Promise.all(
          files.map(async (file) => ({
            name: file.webkitRelativePath || file.name,
            text: await file.text(),
          })),
        );
        return imported(await client.call('eval:import', { files: read }));
      },
      async importEvaluationPath(path, qrelsPath) {
        if (!path.trim()) return fail('invalid_request', 'type the path of a file or folder');
        set({ evalImporting: true, evalError: undefined });
        return imported(
          await client.call('eval:import', {
            path: path.trim(),
            ...(qrelsPath?.trim() ? { qrelsPath: qrelsPath.trim() } : {}),
          }),
        );
      },

      setEvaluationSettings: (settings) =>
        set((state) => ({
          evalSettings: { ...state.evalSettings, ...settings },
          evalEstimate: undefined,
        })),
      toggleEvaluationColumn(columnId, on) {
        const current = selectedColumns(get()).map((c) => c.id);
        const next = on
          ? [...new Set([...current, columnId])]
          : current.filter((id) => id !== columnId);
        set({ evalColumnIds: next, evalEstimate: undefined });
      },
      setEvaluationBaseline: (columnId) => set({ evalBaselineId: columnId }),

      async estimateEvaluation() {
        const request = plan();
        if (!request.ok) {
          set({ evalError: request.error.message });
          return request;
        }
        const { datasetId, columns, maxQueries, maxCandidates } = request.value;
        set({ evalStatus: 'estimating', evalError: undefined });
        const estimate = await client.call('eval:estimate', {
          datasetId,
          columns,
          ...(maxQueries !== undefined ? { maxQueries } : {}),
          ...(maxCandidates !== undefined ? { maxCandidates } : {}),
        });
        set({
          evalStatus: 'idle',
          ...(estimate.ok
            ? { evalEstimate: estimate.value }
            : { evalError: estimate.error.message }),
        });
        return estimate;
      },
      dismissEstimate: () => set({ evalEstimate: undefined }),

      async startEvaluation(options = {}) {
        if (get().evalStatus !== 'idle')
          return fail('conflict', 'an evaluation is already running');
        const request = plan();
        if (!request.ok) {
          set({ evalError: request.error.message });
          return request;
        }
        const evaluationId = nextId('eval');
        set({
          evalStatus: 'running',
          evalRunId: evaluationId,
          evalProgress: undefined,
          evalEstimate: undefined,
          evalError: undefined,
        });
        await client.ready();
        const result = await client.call('eval:run', {
          evaluationId,
          ...request.value,
          ...budgetField(get(), options.overBudgetOk),
        });
        // evalRunId stays: progress events may still be in flight behind the answer.
        set({ evalStatus: 'idle' });
        if (!result.ok && result.error.code === 'over_budget') {
          set({ budgetPrompt: { action: 'evaluation', message: result.error.message } });
          return result;
        }
        if (!result.ok) {
          set({ evalError: result.error.message });
          return result;
        }
        set({ evalResult: result.value });
        // Awaited, so the action ends with the saved list showing the new evaluation (the
        // result is already on screen meanwhile).
        await get().loadSavedEvaluations();
        return ok(result.value);
      },
      async cancelEvaluation() {
        const id = get().evalRunId;
        if (!id || get().evalStatus !== 'running') return;
        set({ evalStatus: 'cancelling' });
        await client.call('eval:cancel', { evaluationId: id });
      },
      applyEvaluationProgress(progress) {
        const { evalRunId, evalProgress } = get();
        // Events can arrive after the run's answer; they never move the bar backwards.
        if (progress.evaluationId !== evalRunId) return;
        if (evalProgress && evalProgress.done > progress.done) return;
        set({ evalProgress: progress });
      },

      async loadSavedEvaluations() {
        const list = await client.call('eval:list', {});
        if (list.ok) set({ evalSaved: list.value.evaluations });
        else set({ evalError: list.error.message });
      },
      async openSavedEvaluation(id) {
        const got = await client.call('eval:get', { id });
        if (!got.ok) {
          set({ evalError: got.error.message });
          return got;
        }
        set({ evalResult: got.value, evalError: undefined });
        return ok(got.value);
      },
      async deleteSavedEvaluation(id) {
        const result = await client.call('eval:delete', { id });
        if (!result.ok) return result;
        set((state) => ({
          evalSaved: state.evalSaved.filter((e) => e.id !== id),
          ...(state.evalResult?.id === id ? { evalResult: undefined } : {}),
        }));
        return ok(result.value.deleted);
      },

      downloadEvaluation(format) {
        const file = get().exportEvaluation(format);
        if (!file.ok) return file;
        download(file.value.text, file.value.fileName, file.value.type);
        return ok(undefined);
      },

      exportEvaluation(format) {
        const evaluation = get().evalResult;
        if (!evaluation) return fail('invalid_request', 'no evaluation to export');
        const base = `evaluation-${evaluation.dataset.name.replace(/[^\w.-]+/g, '_')}-${new Date(evaluation.createdAt).toISOString().slice(0, 10)}`;
        switch (format) {
          case 'csv':
            return ok({ fileName: `${base}.csv`, type: 'text/csv', text: csvReport(evaluation) });
          case 'json':
            return ok({
              fileName: `${base}.json`,
              type: 'application/json',
              text: jsonReport(evaluation),
            });
          case 'md':
            return ok({
              fileName: `${base}.md`,
              type: 'text/markdown',
              text: markdownReport(evaluation),
            });
        }
      },
    };
  };

/**
 * The baseline the run will use: the chosen column, while it is among the columns chosen to
 * evaluate (unticking it falls back to the input order), else the input order.
 */
export function evaluationBaseline(
  state: Pick<AppState, 'columns' | 'evalColumnIds' | 'evalBaselineId'>,
): string {
  const id = state.evalBaselineId;
  return id !== undefined && selectedColumns(state).some((c) => c.id === id) ? id : BASELINE_ID;
}

/** The workbench columns chosen: by default every column but the input order (the baseline). */
export function selectedColumns(state: Pick<AppState, 'columns' | 'evalColumnIds'>) {
  if (state.evalColumnIds) return state.columns.filter((c) => state.evalColumnIds!.includes(c.id));
  return state.columns.filter(
    (c) =>
      !(
        c.config.strategy === 'heuristic' &&
        (c.config.params as { method?: string } | undefined)?.method === 'input-order'
      ),
  );
}
