import { useId, useState, type ReactNode } from 'react';
import type { Result } from '../../shared/util/result';

/** Props of {@link DraftField}. */
export interface DraftFieldProps {
  /** Visible label. */
  title: ReactNode;
  /** Accessible name, which names the column ("Model for Column 2"). */
  name: string;
  /** The stored value when the field mounts. */
  initial: string;
  /** Hands every edit to a store action, which may refuse it. */
  onEdit: (text: string) => Result<unknown>;
  /** What the run uses while the typed value is refused, e.g. "the last valid parameters". */
  kept: string;
  placeholder?: string;
  multiline?: boolean;
  /** Id of a <datalist> of suggestions. */
  list?: string;
  type?: 'text' | 'url';
  hint?: ReactNode;
}

/**
 * A text field whose value the store may refuse (a half-typed URL, unfinished JSON). It keeps
 * its own draft so what the user types is never replaced while they type; the error says why
 * the store refused it. Mount it with a key that changes when the stored value is replaced
 * from elsewhere, so the draft starts over from the new value.
 */
export function DraftField(props: DraftFieldProps) {
  const { title, name, initial, onEdit, kept, placeholder, multiline, list, type, hint } = props;
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string>();
  const errorId = useId();
  const onChange = (value: string) => {
    setText(value);
    const result = onEdit(value);
    setError(result.ok ? undefined : result.error.message);
  };
  const common = {
    value: text,
    placeholder,
    spellCheck: false,
    'aria-label': name,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? errorId : undefined,
  };
  return (
    <div className="draft-field">
      <label className="field">
        <span className="field-label">
          {title} {hint && <span className="hint">{hint}</span>}
        </span>
        {multiline ? (
          <textarea
            {...common}
            className="code-input"
            rows={3}
            onChange={(e) => onChange(e.target.value)}
          />
        ) : (
          <input
            {...common}
            type={type ?? 'text'}
            list={list}
            autoComplete="off"
            onChange={(e) => onChange(e.target.value)}
          />
        )}
      </label>
      {error && (
        <p id={errorId} className="inline-error" role="alert">
          {error}; the run uses {kept}
        </p>
      )}
    </div>
  );
}
