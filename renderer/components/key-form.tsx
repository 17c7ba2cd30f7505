import { useId, useRef, useState, type FormEvent } from 'react';
import { credentialInfo, type KeyProvider } from '../../shared/providers/credentials';
import { checkKeyInput, keyFields, type KeyField } from '../../shared/secrets/keys';
import { useAppStore } from '../store/context';
import type { KeyFieldValues } from '../store/keys/slice';

/** Props of {@link KeyForm}. */
export interface KeyFormProps {
  provider: KeyProvider;
  /** The key was stored; the form can go. */
  onSaved: () => void;
  onCancel: () => void;
}

interface FormError {
  field?: string;
  message: string;
}

/** "API key", "Access key ID": a field label at the start of a name. */
function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The credential fields of one provider (Bedrock has three). The inputs are uncontrolled
 * password fields: React state never holds what is typed, the values are read once on submit,
 * handed to the store (which passes them to the host and keeps nothing), and the inputs are
 * emptied at once, whether the key is then accepted or not. Input the shared check refuses
 * (empty, spaces, control characters) is not sent; the message is the host's, word for word.
 */
export function KeyForm({ provider, onSaved, onCancel }: KeyFormProps) {
  const setKey = useAppStore((s) => s.setKey);
  const dismissKeysError = useAppStore((s) => s.dismissKeysError);
  const saving = useAppStore((s) => s.keyPending[provider] === 'set');
  const hostError = useAppStore((s) =>
    s.keysError?.provider === provider && s.keysError.operation === 'set' ? s.keysError : undefined,
  );
  const [localError, setLocalError] = useState<FormError>();
  const form = useRef<HTMLFormElement>(null);
  const baseId = useId();
  const label = credentialInfo(provider).label;
  const fields = keyFields(provider);
  const error: FormError | undefined = localError ?? hostError;
  const fieldError = (field: KeyField) => (error?.field === field.name ? error : undefined);
  const formLevel = error !== undefined && !fields.some((field) => field.name === error.field);
  const errorId = (name: string) => `${baseId}-${name}-error`;

  const focusField = (name: string | undefined) => {
    const target = name ?? fields[0]?.name;
    const input = form.current?.elements.namedItem(target ?? '');
    if (input instanceof HTMLInputElement) input.focus();
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    const data = new FormData(element);
    const values: KeyFieldValues = {};
    for (const field of fields) {
      const value = data.get(field.name);
      if (typeof value === 'string') values[field.name] = value;
    }
    // The typed values leave the page as soon as they are read, whatever happens next.
    element.reset();
    const checked = checkKeyInput({ provider, ...values });
    if (!checked.ok) {
      const field = checked.error.path?.[0];
      const name = typeof field === 'string' ? field : undefined;
      setLocalError({ message: checked.error.message, ...(name ? { field: name } : {}) });
      focusField(name);
      return;
    }
    setLocalError(undefined);
    const result = await setKey(provider, values);
    if (result.ok) onSaved();
    else {
      const field = result.error.path?.[0];
      focusField(typeof field === 'string' ? field : undefined);
    }
  };

  const cancel = () => {
    if (hostError) dismissKeysError();
    onCancel();
  };

  return (
    <form
      ref={form}
      className="key-form"
      aria-label={`Key for ${label}`}
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      {fields.map((field, index) => {
        const problem = fieldError(field);
        return (
          <div key={field.name} className="key-field">
            <label className="field">
              <span className="field-label">
                {capitalised(field.label)}
                {field.optional && <span className="hint"> optional</span>}
              </span>
              <input
                name={field.name}
                type="password"
                autoComplete="off"
                spellCheck={false}
                autoFocus={index === 0}
                aria-label={`${capitalised(field.label)} for ${label}`}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? errorId(field.name) : undefined}
                onInput={() => {
                  setLocalError(undefined);
                  if (hostError) dismissKeysError();
                }}
              />
            </label>
            {problem && (
              <p id={errorId(field.name)} className="inline-error" role="alert">
                {problem.message}
              </p>
            )}
          </div>
        );
      })}
      {formLevel && error && (
        <p className="inline-error" role="alert">
          {error.message}
        </p>
      )}
      <div className="button-row end">
        <button type="button" className="small" onClick={cancel}>
          Cancel
        </button>
        <button type="submit" className="small primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
