import { useState } from 'react';
import { BM25_DEFAULTS, HeuristicParams } from '../../shared/pipeline/config';
import { BM25_RANGES, type Column } from '../store/columns/slice';
import { useAppStore } from '../store/context';

/** BM25's k1 and b for one column. */
export function Bm25Params({ column, label }: { column: Column; label: string }) {
  const parsed = HeuristicParams.safeParse(column.config.params ?? { method: 'bm25' });
  const params =
    parsed.success && parsed.data.method === 'bm25'
      ? parsed.data
      : { method: 'bm25' as const, ...BM25_DEFAULTS };
  return (
    <div className="params">
      <NumberParam name="k1" step={0.1} value={params.k1} column={column} label={label} />
      <NumberParam name="b" step={0.05} value={params.b} column={column} label={label} />
    </div>
  );
}

interface NumberParamProps {
  name: 'k1' | 'b';
  step: number;
  /** The value the run uses. */
  value: number;
  column: Column;
  label: string;
}

/** Uncontrolled, so a half-typed value ("0.") is not overwritten while the user types. */
function NumberParam({ name, step, value, column, label }: NumberParamProps) {
  const setBm25Param = useAppStore((s) => s.setBm25Param);
  const [error, setError] = useState<string>();
  const { min, max } = BM25_RANGES[name];
  const errorId = `${column.id}-${name}-error`;
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
          onChange={(e) => {
            const result = setBm25Param(column.id, name, e.target.value);
            setError(result.ok ? undefined : result.error.message);
          }}
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
