import { EXPORT_TARGET_LABELS, EXPORT_TARGETS, type ExportTarget } from '../../shared/export/types';
import { useAppStore } from '../store/context';
import { ModalDialog } from './modal-dialog';

/**
 * A column's pipeline in another system's format: pick a target, read the text, copy or save
 * it. A target that cannot express this config says why instead of showing broken text.
 */
export function ExportDialog() {
  const columnId = useAppStore((s) => s.exportColumnId);
  const column = useAppStore((s) => s.columns.find((c) => c.id === s.exportColumnId));
  const position = useAppStore((s) => s.columns.findIndex((c) => c.id === s.exportColumnId) + 1);
  const exports = useAppStore((s) => s.exports);
  const target = useAppStore((s) => s.exportTarget);
  const loading = useAppStore((s) => s.exportLoading);
  const error = useAppStore((s) => s.exportError);
  const notice = useAppStore((s) => s.exportNotice);
  const choose = useAppStore((s) => s.chooseExportTarget);
  const copy = useAppStore((s) => s.copyExport);
  const save = useAppStore((s) => s.saveExportFile);
  const close = useAppStore((s) => s.closeExport);
  if (!columnId || !column) return null;
  const chosen = exports.find((e) => e.target === target);
  const available = (t: ExportTarget) => exports.find((e) => e.target === t)?.ok !== false;

  return (
    <ModalDialog label={`Export Column ${position}`} className="export-dialog" onClose={close}>
      <h2>
        Export Column {position}: {column.config.name}
      </h2>
      <label className="field">
        <span className="field-label">Target</span>
        <select
          value={target}
          onChange={(e) => choose(e.target.value as ExportTarget)}
          aria-label="Export target"
        >
          {EXPORT_TARGETS.map((t) => (
            <option key={t} value={t}>
              {EXPORT_TARGET_LABELS[t]}
              {available(t) ? '' : ' (not available)'}
            </option>
          ))}
        </select>
      </label>
      {loading && <p className="hint">Exporting…</p>}
      {error && (
        <p className="inline-error" role="alert" aria-label="Export error">
          {error}
        </p>
      )}
      {chosen && !chosen.ok && (
        <p className="inline-note" role="note" aria-label="Why not available">
          {chosen.reason}
        </p>
      )}
      {chosen?.ok && (
        <>
          <p className="hint">{chosen.fileName}</p>
          <textarea
            className="export-text"
            readOnly
            value={chosen.text}
            aria-label="Exported text"
            rows={18}
            spellCheck={false}
          />
        </>
      )}
      {notice && (
        <p className={notice.ok ? 'hint' : 'inline-error'} role="status" aria-label="Export status">
          {notice.message}
        </p>
      )}
      <div className="button-row end">
        <button type="button" onClick={() => void copy()} disabled={!chosen?.ok}>
          Copy
        </button>
        <button type="button" onClick={() => save()} disabled={!chosen?.ok}>
          Save
        </button>
        <button type="button" onClick={close}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
