import { useState } from 'react';
import type { DocumentsFormat } from '../../shared/rerank/parse-documents';
import { useAppStore } from '../store/context';
import { ModalDialog } from './modal-dialog';

/** Paste many documents at once: one per line, a JSON array, or JSON Lines. */
export function PasteDialog({ onClose }: { onClose: () => void }) {
  const importDocuments = useAppStore((s) => s.importDocuments);
  const [text, setText] = useState('');
  const [format, setFormat] = useState<DocumentsFormat>('auto');
  const [error, setError] = useState<string>();

  const submit = (mode: 'append' | 'replace') => {
    const result = importDocuments(text, { mode, format });
    // On error the pasted text stays in the box so nothing is lost.
    if (!result.ok) setError(result.error.message);
    else onClose();
  };

  return (
    <ModalDialog label="Paste documents" onClose={onClose}>
      <h2>Paste documents</h2>
      <p className="hint">
        One document per line, a JSON array of strings or {'{ "text": … }'} objects, or JSON Lines.
      </p>
      <textarea
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setError(undefined);
        }}
        rows={12}
        aria-label="Documents to paste"
        autoFocus
      />
      <label className="field inline">
        <span className="field-label">Format</span>
        <select
          value={format}
          onChange={(e) => setFormat(e.target.value as DocumentsFormat)}
          aria-label="Format"
        >
          <option value="auto">Detect</option>
          <option value="lines">One per line</option>
          <option value="json">JSON array</option>
          <option value="jsonl">JSON Lines</option>
        </select>
      </label>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row end">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" onClick={() => submit('replace')} disabled={text.trim() === ''}>
          Replace all
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => submit('append')}
          disabled={text.trim() === ''}
        >
          Add
        </button>
      </div>
    </ModalDialog>
  );
}
