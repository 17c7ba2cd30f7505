import { useState } from 'react';
import { BM25_DEFAULTS, HeuristicParams, type PipelineConfig } from '../../shared/pipeline/config';
import type { Column, ColumnPreset } from '../store/columns/slice';
import { useAppStore } from '../store/context';

/** The pipeline choice of one column and its parameters. */
export function ColumnSettings({ column, label }: { column: Column; label: string }) {
  const setColumnPreset = useAppStore((s) => s.setColumnPreset);
  const setColumnConfig = useAppStore((s) => s.setColumnConfig);
  const parsed = HeuristicParams.safeParse(column.config.params ?? { method: 'bm25' });
  const params = parsed.success ? parsed.data : { method: 'bm25' as const, ...BM25_DEFAULTS };

  /** Applies a parameter only if the schema accepts it; otherwise says why and keeps the old one. */
  const setParam = (name: 'k1' | 'b', value: string): string | undefined => {
    if (params.method !== 'bm25') return undefined;
    const number = value.trim() === '' ? Number.NaN : Number(value);
    const next = { ...params, [name]: number };
    const checked = HeuristicParams.safeParse(next);
    if (!checked.success || !Number.isFinite(number)) {
      const { min, max } = BM25_RANGES[name];
      return `${name} must be a number from ${min} to ${max}`;
    }
    const config: PipelineConfig = { ...column.config, params: checked.data };
    setColumnConfig(column.id, config);
    return undefined;
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
      {!parsed.success && (
        <p className="inline-error" role="alert">
          This column&apos;s parameters are invalid ({parsed.error.issues[0]?.message}); showing the
          defaults.
        </p>
      )}
      {params.method === 'bm25' && (
        <div className="params">
          <NumberParam name="k1" step={0.1} value={params.k1} label={label} onChange={setParam} />
          <NumberParam name="b" step={0.05} value={params.b} label={label} onChange={setParam} />
        </div>
      )}
    </div>
  );
}

const BM25_RANGES = { k1: { min: 0, max: 10 }, b: { min: 0, max: 1 } } as const;

interface NumberParamProps {
  name: 'k1' | 'b';
  step: number;
  value: number;
  label: string;
  /** Returns an error message if the value was refused. */
  onChange: (name: 'k1' | 'b', value: string) => string | undefined;
}

/** Uncontrolled, so a half-typed value ("0.") is not overwritten while the user types. */
function NumberParam({ name, step, value, label, onChange }: NumberParamProps) {
  const [error, setError] = useState<string>();
  const { min, max } = BM25_RANGES[name];
  const errorId = `${label.replace(/\s+/g, '-')}-${name}-error`;
  return (
    <div className="param">
      <label className="field inline">
        <span className="field-label">{name}</span>
        <input
          type="number"
          min={min}
          max={max}
          step={step}
          defaultValue={value}
          onChange={(e) => setError(onChange(name, e.target.value))}
          aria-label={`${name} for ${label}`}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
      </label>
      {error && (
        <p id={errorId} className="inline-error" role="alert">
          {error}; the run uses {value}
        </p>
      )}
    </div>
  );
}
