import { useId, useState, type FormEvent } from 'react';
import { useAppStore } from '../store/context';

/**
 * Import a model folder (Hugging Face layout: config, tokenizer, `onnx/model*.onnx`) by its
 * path on the host's machine; the host copies it into the models folder. The host reads only a
 * folder it granted: one its native dialog chose (Choose…, in the desktop app) or one under a
 * folder it was started with (`--allow-folder`, in the web host). The path is sent as typed,
 * so what is wrong with it comes back in the host's own words.
 */
export function ModelImportForm() {
  const importModel = useAppStore((s) => s.importModel);
  const dismissModelsError = useAppStore((s) => s.dismissModelsError);
  const importing = useAppStore((s) => s.importingModel);
  const nativeDialogs = useAppStore((s) => s.nativeDialogs);
  const choosePath = useAppStore((s) => s.choosePath);
  const error = useAppStore((s) =>
    s.modelsError?.operation === 'import' ? s.modelsError : undefined,
  );
  const [path, setPath] = useState('');
  const [id, setId] = useState('');
  const [imported, setImported] = useState<string>();
  const headingId = useId();
  const errorId = useId();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setImported(undefined);
    const result = await importModel(path, id);
    if (result.ok) {
      setImported(result.value.id);
      setPath('');
      setId('');
    }
  };
  const choose = async () => {
    const chosen = await choosePath('model-folder');
    if (chosen.ok && chosen.value !== undefined) {
      setPath(chosen.value);
      edited();
    }
  };
  const edited = () => {
    setImported(undefined);
    if (error) dismissModelsError();
  };

  return (
    <form
      className="model-import"
      aria-labelledby={headingId}
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <h3 id={headingId}>Import a model folder</h3>
      <label className="field">
        <span className="field-label">
          Folder path <span className="hint">on the machine the app runs on</span>
        </span>
        <input
          value={path}
          onChange={(e) => {
            setPath(e.target.value);
            edited();
          }}
          placeholder="/path/to/ms-marco-MiniLM-L-6-v2"
          spellCheck={false}
          autoComplete="off"
          aria-label="Folder path"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
      </label>
      {nativeDialogs && (
        <div className="button-row">
          <button type="button" className="small" onClick={() => void choose()}>
            Choose folder…
          </button>
        </div>
      )}
      <label className="field">
        <span className="field-label">
          Model id <span className="hint">optional, org/name</span>
        </span>
        <input
          value={id}
          onChange={(e) => {
            setId(e.target.value);
            edited();
          }}
          placeholder="from the folder's name"
          spellCheck={false}
          autoComplete="off"
          aria-label="Model id"
        />
      </label>
      <div className="button-row end">
        <button type="submit" className="small primary" disabled={importing}>
          {importing ? 'Importing…' : 'Import'}
        </button>
      </div>
      {error && (
        <p id={errorId} className="inline-error" role="alert">
          {error.message}
        </p>
      )}
      {imported && (
        <p className="hint" role="status" aria-label="Import status">
          Imported {imported}.
        </p>
      )}
    </form>
  );
}
