/** Result columns: each is a pipeline config the run applies to the same documents. */
import type { StateCreator } from 'zustand';
import {
  BM25_CONFIG,
  INPUT_ORDER_CONFIG,
  type PipelineConfig,
} from '../../../shared/pipeline/config';
import { MAX_COLUMNS } from '../../../shared/rerank/limits';
import { nextId } from '../ids';
import type { AppState } from '../types';

export interface Column {
  id: string;
  config: PipelineConfig;
}

export type ColumnPreset = 'bm25' | 'input-order';

export const PRESETS: Record<ColumnPreset, PipelineConfig> = {
  bm25: BM25_CONFIG,
  'input-order': INPUT_ORDER_CONFIG,
};

export interface ColumnsSlice {
  columns: Column[];
  addColumn: (config?: PipelineConfig) => string | undefined;
  removeColumn: (id: string) => void;
  duplicateColumn: (id: string) => string | undefined;
  setColumnConfig: (id: string, config: PipelineConfig) => void;
  setColumnPreset: (id: string, preset: ColumnPreset) => void;
}

export const createColumnsSlice: StateCreator<AppState, [], [], ColumnsSlice> = (set, get) => ({
  columns: [
    { id: nextId('c'), config: INPUT_ORDER_CONFIG },
    { id: nextId('c'), config: BM25_CONFIG },
  ],

  addColumn(config = BM25_CONFIG) {
    if (get().columns.length >= MAX_COLUMNS) return undefined;
    const id = nextId('c');
    set((state) => ({ columns: [...state.columns, { id, config }] }));
    return id;
  },
  removeColumn: (id) => set((state) => ({ columns: state.columns.filter((c) => c.id !== id) })),
  duplicateColumn(id) {
    const source = get().columns.find((c) => c.id === id);
    if (!source || get().columns.length >= MAX_COLUMNS) return undefined;
    const copy = {
      id: nextId('c'),
      config: { ...source.config, name: `${source.config.name} (copy)` },
    };
    set((state) => {
      const at = state.columns.findIndex((c) => c.id === id);
      const columns = [...state.columns];
      columns.splice(at + 1, 0, copy);
      return { columns };
    });
    return copy.id;
  },
  setColumnConfig: (id, config) =>
    set((state) => ({ columns: state.columns.map((c) => (c.id === id ? { ...c, config } : c)) })),
  setColumnPreset: (id, preset) => get().setColumnConfig(id, PRESETS[preset]),
});
