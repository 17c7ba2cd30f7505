import { useState } from 'react';
import { formatConfigJson } from '../store/columns/config-text';
import type { Column } from '../store/columns/slice';
import { useAppStore } from '../store/context';
import { ModalDialog } from './modal-dialog';

/** Props of {@link ConfigDialog}. */
export interface ConfigDialogProps {
  column: Column;
  /** "Column 2". */
  label: string;
  onClose: () => void;
}

/**
 * A column's whole pipeline config as JSON: the way to set what the form does not show
 * (fallbacks, topN, instruction, maxTokensPerDoc). Applied only if it validates; otherwise the
 * message says why and the text stays as typed.
 */
export function ConfigDialog({ column, label, onClose }: ConfigDialogProps) {
  const applyColumnConfigText = useAppStore((s) => s.applyColumnConfigText);
  // The text is taken once, when the dialog opens: later store changes must not overwrite edits.
  const [text, setText] = useState(() => formatConfigJson(column.config));
  const [error, setError] = useState<string>();
  const errorId = `${column.id}-config-error`;

  const apply = () => {
    const result = applyColumnConfigText(column.id, text);
    if (result.ok) onClose();
    else setError(result.error.message);
  };

  return (
    <ModalDialog label={`Config of ${label}`} className="config-dialog" onClose={onClose}>
      <h2>Config of {label}</h2>
      <p className="hint">
        The column&apos;s pipeline config. Also takes <code>fallbacks</code>, <code>topN</code>,{' '}
        <code>instruction</code> and <code>maxTokensPerDoc</code>; keys never go here.
      </p>
      <textarea
        className="code-input"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setError(undefined);
        }}
        rows={16}
        spellCheck={false}
        aria-label="Config JSON"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        autoFocus
      />
      {error && (
        <p id={errorId} className="inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row end">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={apply}>
          Apply
        </button>
      </div>
    </ModalDialog>
  );
}
