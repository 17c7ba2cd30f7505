import { useAppStore } from '../store/context';
import { ModalDialog } from './modal-dialog';

/** "Replace unsaved changes?" before another workspace (or a new one) takes their place. */
export function ReplaceDialog() {
  const pending = useAppStore((s) => s.pendingWorkspace);
  const current = useAppStore((s) => s.workspaceName);
  const resolve = useAppStore((s) => s.resolvePendingWorkspace);
  if (!pending) return null;
  return (
    <ModalDialog label="Unsaved changes" onClose={() => void resolve('cancel')}>
      <h2>Unsaved changes</h2>
      <p>
        “{current}” has changes that are not saved. Open “{pending.name}” instead?
      </p>
      <div className="button-row end">
        <button type="button" onClick={() => void resolve('cancel')}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => void resolve('discard')}>
          Discard changes
        </button>
        <button type="button" className="primary" onClick={() => void resolve('save')}>
          Save first
        </button>
      </div>
    </ModalDialog>
  );
}
