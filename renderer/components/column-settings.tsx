import { heuristicParamsOf, type PipelineConfig } from '../../shared/pipeline/config';
import type { Column, ColumnPreset } from '../store/columns/slice';
import { useAppStore } from '../store/context';

/** The pipeline choice of one column and its parameters. */
export function ColumnSettings({ column, label }: { column: Column; label: string }) {
  const setColumnPreset = useAppStore((s) => s.setColumnPreset);
  const setColumnConfig = useAppStore((s) => s.setColumnConfig);
  const params = heuristicParamsOf(column.config);

  const setParam = (name: 'k1' | 'b', value: string) => {
    if (params.method !== 'bm25') return;
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) return;
    const config: PipelineConfig = { ...column.config, params: { ...params, [name]: number } };
    setColumnConfig(column.id, config);
  };

  return (
    <div className="column-settings">
      <label className="field inline">
        <span className="field-label">Pipeline</span>
        <select
          value={params.method}
          onChange={(e) => setColumnPreset(column.id, e.target.value as ColumnPreset)}
          aria-label={`Pipeline for ${label}`}
        >
          <option value="bm25">BM25</option>
          <option value="input-order">Input order</option>
        </select>
      </label>
      {params.method === 'bm25' && (
        <div className="params">
          <label className="field inline">
            <span className="field-label">k1</span>
            <input
              type="number"
              min={0}
              max={10}
              step={0.1}
              defaultValue={params.k1}
              onChange={(e) => setParam('k1', e.target.value)}
              aria-label={`k1 for ${label}`}
            />
          </label>
          <label className="field inline">
            <span className="field-label">b</span>
            <input
              type="number"
              min={0}
              max={1}
              step={0.05}
              defaultValue={params.b}
              onChange={(e) => setParam('b', e.target.value)}
              aria-label={`b for ${label}`}
            />
          </label>
        </div>
      )}
    </div>
  );
}
