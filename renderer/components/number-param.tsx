import { useState } from 'react';
import type { Result } from '../../shared/util/result';

export interface NumberParamProps {
  /** Shown beside the input, and part of its accessible name ("k1 for Column 2"). */
  title: string;
  /** The column's label, for the accessible name. */
  label: string;
  /** Unique in the page with `title`, for the error's id. */
  idPrefix: string;
  min: number;
  max: number;
  step: number;
  /** The value the run uses. */
  value: number;
  /** Applies typed text; a refusal's message is shown under the input. */
  onText: (text: string) => Result<unknown>;
  /** What keeps using `value` while typed text is refused (default "the run"). */
  keptBy?: string;
}

/**
 * One numeric setting of a column. Uncontrolled, so a half-typed value ("0.") is not
 * overwritten while the user types; a refused value leaves the config as it was and says so.
 */
export function NumberParam({
  title,
  label,
  idPrefix,
  min,
  max,
  step,
  value,
  onText,
  keptBy = 'the run',
}: NumberParamProps) {
  const [error, setError] = useState<string>();
  const errorId = `${idPrefix}-${title.replace(/\W+/g, '-')}-error`;
  return (
    <div className="param">
      <label className="field inline">
        <span className="field-label">{title}</span>
        <input
          type="number"
          min={min}
          max={max}
          step={step}
          defaultValue={value}
          onChange={(e) => {
            const result = onText(e.target.value);
            setError(result.ok ? undefined : result.error.message);
          }}
          aria-label={`${title} for ${label}`}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
      </label>
      {error && (
        <p id={errorId} className="inline-error" role="alert">
          {error}; {keptBy} uses {value}
        </p>
      )}
    </div>
  );
}
