/**
 * The Pipelines panel: the library of saved pipeline configs (one file each in the data
 * folder, which `rerank-studio serve` can serve as it is), each with its runs, average latency
 * and last error from the history. Create from a column, edit as JSON (every problem listed),
 * duplicate, disable, delete, and add a column from one.
 */
import type { StateCreator } from 'zustand';
import type { SavedPipeline } from '../../../shared/contract';
import type { PipelineConfig } from '../../../shared/pipeline/config';
import { formatConfigIssues, importPipelineConfigJson } from '../../../shared/pipeline/import';
import { fail, ok, type Result } from '../../../shared/util/result';
import type { Client } from '../../client/client';
import type { AppState } from '../types';

export interface PipelinesSlice {
  pipelinesOpen: boolean;
  pipelines: SavedPipeline[];
  /** Files in the library that are not valid configs: shown, never dropped. */
  pipelineProblems: { file: string; message: string }[];
  pipelinesLoading: boolean;
  pipelinesError?: string;
  openPipelines: () => void;
  closePipelines: () => void;
  loadPipelines: () => Promise<void>;
  /** Saves the column's config under `name`, with a new key made from it. */
  savePipelineFromColumn: (columnId: string, name: string) => Promise<Result<SavedPipeline>>;
  /** Saves JSON a person edited; `replaces` is the key of the pipeline being edited. */
  savePipelineText: (text: string, replaces?: string) => Promise<Result<SavedPipeline>>;
  duplicatePipeline: (key: string) => Promise<Result<SavedPipeline>>;
  setPipelineDisabled: (key: string, disabled: boolean) => Promise<Result<SavedPipeline>>;
  deletePipeline: (key: string) => Promise<Result<boolean>>;
  /** A new column running the saved config exactly (so its runs count for the pipeline). */
  addColumnFromPipeline: (key: string) => Result<string>;
}

/** The config a column runs: `disabled` is the library's business, not the run's. */
export function runnableConfig(config: PipelineConfig): PipelineConfig {
  const runnable = { ...config };
  delete runnable.disabled;
  return runnable;
}

export const createPipelinesSlice =
  (client: Client): StateCreator<AppState, [], [], PipelinesSlice> =>
  (set, get) => {
    const find = (key: string) => get().pipelines.find((p) => p.config.key === key);
    const save = async (config: object, replaces?: string): Promise<Result<SavedPipeline>> => {
      const saved = await client.call('pipelines:save', {
        config: config as Record<string, unknown>,
        ...(replaces ? { replaces } : {}),
      });
      if (!saved.ok) return saved;
      await get().loadPipelines();
      return ok(saved.value);
    };

    return {
      pipelinesOpen: false,
      pipelines: [],
      pipelineProblems: [],
      pipelinesLoading: false,
      openPipelines() {
        set({ pipelinesOpen: true });
        void get().loadPipelines();
      },
      closePipelines: () => set({ pipelinesOpen: false }),
      async loadPipelines() {
        set({ pipelinesLoading: true, pipelinesError: undefined });
        const listed = await client.call('pipelines:list', {});
        if (!listed.ok) {
          set({ pipelinesLoading: false, pipelinesError: listed.error.message });
          return;
        }
        set({
          pipelinesLoading: false,
          pipelines: listed.value.pipelines,
          pipelineProblems: listed.value.problems,
        });
      },
      async savePipelineFromColumn(columnId, name) {
        const column = get().columns.find((c) => c.id === columnId);
        if (!column) return fail('not_found', `no column ${columnId}`);
        const config: Partial<PipelineConfig> = {
          ...column.config,
          name: name.trim() || column.config.name,
        };
        delete config.key;
        return save(config);
      },
      async savePipelineText(text, replaces) {
        const parsed = importPipelineConfigJson(text);
        if (!parsed.ok) return fail('invalid_request', formatConfigIssues(parsed.errors));
        return save(parsed.value, replaces);
      },
      async duplicatePipeline(key) {
        const pipeline = find(key);
        if (!pipeline) return fail('not_found', `no saved pipeline "${key}"`);
        const copy: Partial<PipelineConfig> = {
          ...pipeline.config,
          name: `${pipeline.config.name} copy`,
        };
        delete copy.key;
        return save(copy);
      },
      async setPipelineDisabled(key, disabled) {
        const pipeline = find(key);
        if (!pipeline) return fail('not_found', `no saved pipeline "${key}"`);
        return save({ ...pipeline.config, disabled }, key);
      },
      async deletePipeline(key) {
        const deleted = await client.call('pipelines:delete', { key });
        if (!deleted.ok) return deleted;
        set((state) => ({ pipelines: state.pipelines.filter((p) => p.config.key !== key) }));
        return ok(deleted.value.deleted);
      },
      addColumnFromPipeline(key) {
        const pipeline = find(key);
        if (!pipeline) return fail('not_found', `no saved pipeline "${key}"`);
        const id = get().addColumn(runnableConfig(pipeline.config));
        return id ? ok(id) : fail('invalid_request', 'no room for another column');
      },
    };
  };
