import { useRef, useState } from 'react';
import type { KeyStatus } from '../../shared/contract';
import { credentialInfo, type KeyProvider } from '../../shared/providers/credentials';
import { useAppStore } from '../store/context';
import {
  canRemoveKey,
  describeKeyStatus,
  describeKeyTest,
  type KeyOperation,
  type KeyTest,
} from '../store/keys/slice';
import { KeyForm } from './key-form';

const PENDING: Record<KeyOperation, string> = {
  set: 'Saving…',
  clear: 'Removing…',
  test: 'Testing…',
};

/** Props of {@link KeyRow}. */
export interface KeyRowProps {
  provider: KeyProvider;
  /** Undefined until the host has reported. */
  status?: KeyStatus;
}

/** One provider in the Keys panel: where its key comes from, Set/Replace, Remove and Test. */
export function KeyRow({ provider, status }: KeyRowProps) {
  const clearKey = useAppStore((s) => s.clearKey);
  const testKey = useAppStore((s) => s.testKey);
  const pending = useAppStore((s) => s.keyPending[provider]);
  const test = useAppStore((s) => s.keyTests[provider]);
  const error = useAppStore((s) => (s.keysError?.provider === provider ? s.keysError : undefined));
  const [editing, setEditing] = useState(false);
  const setButton = useRef<HTMLButtonElement>(null);
  const { label, optional } = credentialInfo(provider);
  const verb = status?.configured ? 'Replace' : 'Set';
  const busy = pending !== undefined;
  const closeForm = () => {
    setEditing(false);
    setButton.current?.focus();
  };

  return (
    <li className="key-row" aria-label={label}>
      <div className="key-summary">
        <span className="key-provider">
          {label}
          {optional && <span className="hint"> key optional</span>}
        </span>
        <span
          className={status?.configured ? 'key-status configured' : 'key-status'}
          role="status"
          aria-label={`Key status of ${label}`}
        >
          {describeKeyStatus(status)}
        </span>
        <span className="key-pending spinner-slot" aria-live="polite">
          {pending && <span className="spinner muted">{PENDING[pending]}</span>}
        </span>
        <div className="button-row key-actions">
          <button
            ref={setButton}
            type="button"
            className="small"
            onClick={() => (editing ? closeForm() : setEditing(true))}
            aria-expanded={editing}
            aria-label={`${verb} key for ${label}`}
            disabled={busy && !editing}
          >
            {verb}
          </button>
          {canRemoveKey(status) && (
            <button
              type="button"
              className="small danger"
              onClick={() => void clearKey(provider)}
              aria-label={`Remove key for ${label}`}
              disabled={busy}
            >
              Remove
            </button>
          )}
          <button
            type="button"
            className="small"
            onClick={() => void testKey(provider)}
            aria-label={`Test key for ${label}`}
            disabled={busy}
          >
            Test
          </button>
        </div>
      </div>
      {editing && <KeyForm provider={provider} onSaved={closeForm} onCancel={closeForm} />}
      {error && !(editing && error.operation === 'set') && (
        <p className="inline-error" role="alert" aria-label={`Key error for ${label}`}>
          {error.message}
        </p>
      )}
      {test && <TestResult test={test} label={label} />}
    </li>
  );
}

/** "OK · 200 · 123 ms · <url>", or the provider's own error, and whose settings were used. */
function TestResult({ test, label }: { test: KeyTest; label: string }) {
  const position = useAppStore((s) => s.columns.findIndex((c) => c.id === test.columnId));
  return (
    <div className="key-test">
      <p
        className={test.ok ? 'key-test-result ok' : 'key-test-result failed'}
        role="status"
        aria-label={`Test result for ${label}`}
      >
        <span className="key-test-summary">{describeKeyTest(test)}</span>
        {/* The space keeps the two apart in the accessible text; CSS puts them on two lines. */}
        {!test.ok && (
          <>
            {' '}
            <span className="key-test-message">{test.message}</span>
          </>
        )}
      </p>
      {test.columnId === undefined ? (
        <p className="hint">With the provider&apos;s defaults: no column uses this provider.</p>
      ) : (
        position >= 0 && (
          <p className="hint">With the base URL, model and parameters of Column {position + 1}.</p>
        )
      )}
    </div>
  );
}
