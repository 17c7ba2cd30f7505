import type { KeyStorage } from '../../shared/contract';
import { KEY_PROVIDERS } from '../../shared/providers/credentials';
import { useAppStore } from '../store/context';
import { ModalDialog } from './modal-dialog';
import { KeyRow } from './key-row';

/**
 * Provider keys: every provider's status, and Set / Replace, Remove and Test. The window never
 * receives a key; it sees where each comes from and its last four characters.
 */
export function KeysPanel() {
  const closeKeys = useAppStore((s) => s.closeKeys);
  const storage = useAppStore((s) => s.keyStorage);
  const statuses = useAppStore((s) => s.keyStatuses);
  const loading = useAppStore((s) => s.keysLoading);
  // Errors of one provider show in its row; this is the rest (the status could not be read).
  const error = useAppStore((s) => (s.keysError?.provider ? undefined : s.keysError));

  return (
    <ModalDialog label="Provider keys" className="keys-dialog" onClose={closeKeys}>
      <h2>Provider keys</h2>
      <StorageNote storage={storage} />
      {error && (
        <p className="inline-error" role="alert" aria-label="Keys error">
          {error.message}
        </p>
      )}
      <ul className="key-list" aria-label="Providers" aria-busy={loading}>
        {KEY_PROVIDERS.map((provider) => (
          <KeyRow
            key={provider}
            provider={provider}
            status={statuses.find((status) => status.provider === provider)}
          />
        ))}
      </ul>
      <div className="button-row end">
        <button type="button" onClick={closeKeys}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}

/** Where keys set now are kept. Without a keychain, a warning that they will not survive. */
function StorageNote({ storage }: { storage: KeyStorage | undefined }) {
  if (!storage) {
    return <p className="hint">Checking where keys are kept…</p>;
  }
  if (storage.kind === 'session') {
    return (
      <div className="banner warning key-storage" role="note" aria-label="Key storage">
        <p>
          <strong>Keys are held for this session only and are not saved.</strong>
        </p>
        {storage.detail && <p>Why: {storage.detail.replace(/\.$/, '')}.</p>}
      </div>
    );
  }
  return (
    <p className="hint key-storage" role="note" aria-label="Key storage">
      Keys are saved in the OS keychain and used only by the app&apos;s background process; this
      window never receives them.{storage.detail ? ` ${storage.detail}` : ''}
    </p>
  );
}
