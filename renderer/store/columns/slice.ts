/** Result columns: each is a pipeline config the run applies to the same documents. */
import type { StateCreator } from 'zustand';
import {
  BM25_CONFIG,
  BM25_DEFAULTS,
  HeuristicParams,
  INPUT_ORDER_CONFIG,
  parsePipelineConfig,
  type PipelineConfig,
} from '../../../shared/pipeline/config';
import type { LocalModelDtype, LocalModelNumber } from '../../../shared/pipeline/local-model';
import type { RerankProvider } from '../../../shared/providers/catalog';
import { MAX_COLUMNS } from '../../../shared/rerank/limits';
import { fail, ok, type Result } from '../../../shared/util/result';
import { nextId } from '../ids';
import type { AppState } from '../types';
import { parseJsonText } from '../../../shared/util/json';
import { parseParamsText, providerConfig } from './config-text';
import {
  fusionOf,
  llmStrategyConfig,
  syncFusionMembers,
  withLlmProvider,
  withMemberAdded,
  withMemberRemoved,
  withNumberParam,
  withParam,
  withWeight,
  type FusionSetup,
  type LlmStrategy,
} from './strategies';
import type { LlmProvider } from '../../../shared/providers/llm-catalog';
import { parseFieldLines, parseKeywordLines, parseRecencyLine } from './boost-lines';
import {
  isLocalModelConfig,
  localModelConfig,
  withLocalDtype,
  withLocalModel,
  withLocalNumber,
} from './local-model';
import type { WindowAggregate } from '../../../shared/rerank/long-documents';
import {
  withLongDocumentsAggregate,
  withLongDocumentsMode,
  withLongDocumentsNumber,
  type LongDocumentsMode,
} from './long-documents';

export interface Column {
  id: string;
  config: PipelineConfig;
  /**
   * Bumped when the config is replaced as a whole (pipeline, provider, Edit config), not when
   * one field is edited. Fields that keep a draft of what is typed are keyed by it, so they
   * start over from the new config but never lose the user's half-typed text to their own edits.
   */
  revision: number;
  /** Fusion columns: per member, the column it follows (see ./strategies.ts). */
  linked?: (string | undefined)[];
}

export type ColumnPreset =
  'bm25' | 'input-order' | 'dedicated-model' | 'local-model' | LlmStrategy | 'fusion';

/** The default provider when a column switches to a rerank API: the first in the catalog. */
export const DEFAULT_PROVIDER: RerankProvider = 'cohere';

export const PRESETS: Record<Exclude<ColumnPreset, 'fusion'>, PipelineConfig> = {
  bm25: BM25_CONFIG,
  'input-order': INPUT_ORDER_CONFIG,
  'dedicated-model': providerConfig(DEFAULT_PROVIDER),
  // Without a model; `setColumnPreset` picks the first installed one.
  'local-model': localModelConfig(),
  'llm-judge': llmStrategyConfig('llm-judge'),
  'llm-listwise': llmStrategyConfig('llm-listwise'),
};

export type BoostKind = 'keywords' | 'fields' | 'recency';
const BOOST_PARSERS: Record<BoostKind, (text: string) => Result<unknown>> = {
  keywords: parseKeywordLines,
  fields: parseFieldLines,
  recency: parseRecencyLine,
};

export const BM25_RANGES = { k1: { min: 0, max: 10 }, b: { min: 0, max: 1 } } as const;

export interface ColumnsSlice {
  columns: Column[];
  addColumn: (config?: PipelineConfig) => string | undefined;
  removeColumn: (id: string) => void;
  duplicateColumn: (id: string) => string | undefined;
  /** Replaces a column's config as a whole. */
  setColumnConfig: (id: string, config: PipelineConfig) => void;
  /**
   * Replaces the config with a preset's. A local model column gets the first installed model;
   * when the installed models are not known yet they are asked for, and the column gets the
   * first one if it has no model by then.
   */
  setColumnPreset: (id: string, preset: ColumnPreset) => void;
  /** Switches a rerank-API column to another provider, dropping provider-specific fields. */
  setColumnProvider: (id: string, provider: RerankProvider) => void;
  /**
   * Field edits. Each returns the refusal when the value would make the config invalid, and
   * then leaves the config as it was, so a run never sends half-typed input.
   */
  setBm25Param: (id: string, name: 'k1' | 'b', text: string) => Result<PipelineConfig>;
  setColumnModel: (id: string, model: string) => Result<PipelineConfig>;
  setColumnBaseUrl: (id: string, baseUrl: string) => Result<PipelineConfig>;
  /** Parses the Parameters box (blank clears them). */
  setColumnParamsText: (id: string, text: string) => Result<PipelineConfig>;
  /** A local model column's model (an installed model's id) and ONNX variant. */
  setLocalModel: (id: string, model: string) => Result<PipelineConfig>;
  setLocalDtype: (id: string, dtype: LocalModelDtype) => Result<PipelineConfig>;
  /** Max length, batch size or threads as typed; refused outside the host's range. */
  setLocalParam: (id: string, name: LocalModelNumber, text: string) => Result<PipelineConfig>;
  /** An LLM column's backend; model and base URL go back to the backend's defaults. */
  setLlmProvider: (id: string, provider: LlmProvider) => void;
  /** One entry of `params` (undefined removes it, so the default applies). */
  setColumnParam: (id: string, name: string, value: unknown) => Result<PipelineConfig>;
  /** A numeric entry of `params` as typed; blank removes it. */
  setColumnNumberParam: (id: string, name: string, text: string) => Result<PipelineConfig>;
  /** The column's own instruction (blank: the Instruction box's applies). */
  setColumnInstruction: (id: string, text: string) => Result<PipelineConfig>;
  /** BM25 boosts typed one per line (see ./boost-lines.ts); blank removes them. */
  setBoostText: (id: string, kind: BoostKind, text: string) => Result<PipelineConfig>;
  /** Fusion members: another column's config (followed while that column exists). */
  addFusionMember: (id: string, sourceId: string) => Result<PipelineConfig>;
  removeFusionMember: (id: string, at: number) => Result<PipelineConfig>;
  setFusionWeight: (id: string, at: number, text: string) => Result<PipelineConfig>;
  /** How long documents are read: the mode (`off` removes it), aggregate, window, overlap. */
  setLongDocumentsMode: (id: string, mode: LongDocumentsMode) => Result<PipelineConfig>;
  setLongDocumentsAggregate: (id: string, aggregate: WindowAggregate) => Result<PipelineConfig>;
  setLongDocumentsNumber: (
    id: string,
    name: 'window' | 'overlap',
    text: string,
  ) => Result<PipelineConfig>;
  /** Parses and validates a whole config typed as JSON (the Edit config dialog). */
  applyColumnConfigText: (id: string, text: string) => Result<PipelineConfig>;
}

/** `config` without `field` when `value` is undefined, with it otherwise. */
function withField<K extends keyof PipelineConfig>(
  config: PipelineConfig,
  field: K,
  value: PipelineConfig[K] | undefined,
): PipelineConfig {
  const next = { ...config };
  if (value === undefined) delete next[field];
  else next[field] = value;
  return next;
}

export const createColumnsSlice: StateCreator<AppState, [], [], ColumnsSlice> = (set, get) => {
  const replace = (id: string, config: PipelineConfig, linked?: Column['linked']) =>
    set((state) => ({
      columns: syncFusionMembers(
        state.columns.map((c) =>
          c.id === id ? { ...c, config, revision: c.revision + 1, linked } : c,
        ),
      ),
    }));

  /** Applies a field edit if the whole config is still valid; the stored value is as typed. */
  const edit = (
    id: string,
    change: (config: PipelineConfig) => Result<PipelineConfig>,
  ): Result<PipelineConfig> => {
    const column = get().columns.find((c) => c.id === id);
    if (!column) return fail('not_found', `no column ${id}`);
    const next = change(column.config);
    if (!next.ok) return next;
    const checked = parsePipelineConfig(next.value);
    if (!checked.ok) return checked;
    set((state) => ({
      columns: syncFusionMembers(
        state.columns.map((c) => (c.id === id ? { ...c, config: next.value } : c)),
      ),
    }));
    return next;
  };

  /** A fusion column's members and links, changed together. */
  const editFusion = (
    id: string,
    change: (setup: FusionSetup) => Result<FusionSetup>,
  ): Result<PipelineConfig> => {
    const column = get().columns.find((c) => c.id === id);
    if (!column || column.config.strategy !== 'fusion') {
      return fail('not_found', `no fusion column ${id}`);
    }
    const next = change({ config: column.config, linked: column.linked ?? [] });
    if (!next.ok) return next;
    const checked = parsePipelineConfig(next.value.config);
    if (!checked.ok) return checked;
    set((state) => ({
      columns: syncFusionMembers(
        state.columns.map((c) =>
          c.id === id ? { ...c, config: next.value.config, linked: next.value.linked } : c,
        ),
      ),
    }));
    return ok(next.value.config);
  };

  return {
    columns: [
      { id: nextId('c'), config: INPUT_ORDER_CONFIG, revision: 0 },
      { id: nextId('c'), config: BM25_CONFIG, revision: 0 },
    ],

    addColumn(config = BM25_CONFIG) {
      if (get().columns.length >= MAX_COLUMNS) return undefined;
      const id = nextId('c');
      set((state) => ({ columns: [...state.columns, { id, config, revision: 0 }] }));
      return id;
    },
    removeColumn: (id) =>
      set((state) => ({ columns: syncFusionMembers(state.columns.filter((c) => c.id !== id)) })),
    duplicateColumn(id) {
      const source = get().columns.find((c) => c.id === id);
      if (!source || get().columns.length >= MAX_COLUMNS) return undefined;
      const copy: Column = {
        id: nextId('c'),
        config: { ...source.config, name: `${source.config.name} (copy)` },
        revision: 0,
      };
      set((state) => {
        const at = state.columns.findIndex((c) => c.id === id);
        const columns = [...state.columns];
        columns.splice(at + 1, 0, copy);
        return { columns };
      });
      return copy.id;
    },
    setColumnConfig: replace,
    setColumnPreset(id, preset) {
      if (preset === 'fusion') {
        const fusion = fusionOf(get().columns.filter((c) => c.id !== id));
        return replace(id, fusion.config, fusion.linked);
      }
      if (preset !== 'local-model') return replace(id, PRESETS[preset]);
      const first = get().installedModels[0];
      replace(id, localModelConfig(first));
      if (first || get().modelsLoaded) return;
      void get()
        .ensureModels()
        .then(() => {
          const model = get().installedModels[0];
          const column = get().columns.find((c) => c.id === id);
          if (!model || !column) return;
          if (!isLocalModelConfig(column.config) || column.config.model !== undefined) return;
          // Not a replacement (no revision bump): numbers typed meanwhile stay in their fields.
          const config = withLocalModel(column.config, model.id, model);
          set((state) => ({
            columns: syncFusionMembers(
              state.columns.map((c) => (c.id === id ? { ...c, config } : c)),
            ),
          }));
        });
    },
    setColumnProvider: (id, provider) => replace(id, providerConfig(provider)),

    setBm25Param: (id, name, text) =>
      edit(id, (config) => {
        const { min, max } = BM25_RANGES[name];
        const refused = fail('invalid_request', `${name} must be a number from ${min} to ${max}`);
        const current = HeuristicParams.safeParse(config.params ?? { method: 'bm25' });
        const params = current.success
          ? current.data
          : { method: 'bm25' as const, ...BM25_DEFAULTS };
        const value = text.trim() === '' ? Number.NaN : Number(text);
        if (params.method !== 'bm25' || !Number.isFinite(value)) return refused;
        const checked = HeuristicParams.safeParse({ ...params, [name]: value });
        return checked.success ? ok({ ...config, params: checked.data }) : refused;
      }),
    setColumnModel: (id, model) =>
      edit(id, (config) => ok(withField(config, 'model', model.trim() === '' ? undefined : model))),
    setColumnBaseUrl: (id, baseUrl) =>
      edit(id, (config) => {
        const next = withField(config, 'baseUrl', baseUrl.trim() === '' ? undefined : baseUrl);
        // Zod's "Invalid URL" does not say what would be valid.
        return parsePipelineConfig(next).ok
          ? ok(next)
          : fail('invalid_request', 'base URL must be a full http:// or https:// URL');
      }),
    setColumnParamsText: (id, text) =>
      edit(id, (config) => {
        const params = parseParamsText(text);
        return params.ok ? ok(withField(config, 'params', params.value)) : params;
      }),

    setLocalModel: (id, model) =>
      edit(id, (config) =>
        ok(
          withLocalModel(
            config,
            model,
            get().installedModels.find((m) => m.id === model),
          ),
        ),
      ),
    setLocalDtype: (id, dtype) => edit(id, (config) => ok(withLocalDtype(config, dtype))),
    setLocalParam: (id, name, text) => edit(id, (config) => withLocalNumber(config, name, text)),

    setLlmProvider(id, provider) {
      const column = get().columns.find((c) => c.id === id);
      if (column) replace(id, withLlmProvider(column.config, provider));
    },
    setColumnParam: (id, name, value) => edit(id, (config) => ok(withParam(config, name, value))),
    setColumnInstruction: (id, text) =>
      edit(id, (config) =>
        ok(withField(config, 'instruction', text.trim() === '' ? undefined : text)),
      ),
    setBoostText: (id, kind, text) =>
      edit(id, (config) => {
        const parsed = BOOST_PARSERS[kind](text);
        if (!parsed.ok) return parsed;
        const empty =
          parsed.value === undefined || (Array.isArray(parsed.value) && !parsed.value.length);
        return ok(withParam(config, kind, empty ? undefined : parsed.value));
      }),
    setColumnNumberParam: (id, name, text) =>
      edit(id, (config) => withNumberParam(config, name, text)),
    addFusionMember: (id, sourceId) =>
      editFusion(id, (setup) => {
        const source = get().columns.find((c) => c.id === sourceId);
        return source ? withMemberAdded(setup, source) : fail('not_found', `no column ${sourceId}`);
      }),
    removeFusionMember: (id, at) => editFusion(id, (setup) => ok(withMemberRemoved(setup, at))),
    setFusionWeight: (id, at, text) =>
      editFusion(id, (setup) => {
        const config = withWeight(setup.config, at, text);
        return config.ok ? ok({ ...setup, config: config.value }) : config;
      }),
    setLongDocumentsMode: (id, mode) =>
      edit(id, (config) => ok(withLongDocumentsMode(config, mode))),
    setLongDocumentsAggregate: (id, aggregate) =>
      edit(id, (config) => withLongDocumentsAggregate(config, aggregate)),
    setLongDocumentsNumber: (id, name, text) =>
      edit(id, (config) => withLongDocumentsNumber(config, name, text)),

    applyColumnConfigText(id, text) {
      if (!get().columns.some((c) => c.id === id)) return fail('not_found', `no column ${id}`);
      const json = parseJsonText(text);
      if (!json.ok) return json;
      const config = parsePipelineConfig(json.value);
      if (config.ok) replace(id, config.value);
      return config;
    },
  };
};
