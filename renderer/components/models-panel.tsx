import { useId, useState } from 'react';
import type { InstalledModel } from '../../shared/contract';
import { useAppStore } from '../store/context';
import { ModalDialog } from './modal-dialog';
import { formatBytes } from '../store/models/slice';
import { ModelCatalogRow } from './model-catalog-row';
import { ModelImportForm } from './model-import-form';

/**
 * Local models: what is installed in the data folder (with Delete), the catalog with
 * downloads from the Hub or a mirror, and import from a folder. Every failure is shown in the
 * host's words where it happened.
 */
export function ModelsPanel() {
  const closeModels = useAppStore((s) => s.closeModels);
  const modelsDir = useAppStore((s) => s.modelsDir);
  const installed = useAppStore((s) => s.installedModels);
  const catalog = useAppStore((s) => s.modelCatalog);
  const loading = useAppStore((s) => s.modelsLoading);
  const loaded = useAppStore((s) => s.modelsLoaded);
  // Errors of a model or of the import form show there; this is the rest.
  const error = useAppStore((s) =>
    s.modelsError?.id === undefined && s.modelsError?.operation !== 'import'
      ? s.modelsError
      : undefined,
  );
  const installedHeading = useId();
  const catalogHeading = useId();

  return (
    <ModalDialog label="Models" className="models-dialog" onClose={closeModels}>
      <h2>Models</h2>
      <p className="hint" role="note" aria-label="Models folder">
        {modelsDir ? (
          <>
            Local ONNX rerankers, kept in <code>{modelsDir}</code>. They run on this machine&apos;s
            CPU; nothing is sent anywhere.
          </>
        ) : (
          'Reading the models folder…'
        )}
      </p>
      {error && (
        <p className="inline-error" role="alert" aria-label="Models error">
          {error.message}
        </p>
      )}

      <section className="models-section" aria-labelledby={installedHeading}>
        <h3 id={installedHeading}>Installed</h3>
        {loaded && installed.length === 0 && (
          <p className="hint">No model installed yet: download one below or import a folder.</p>
        )}
        <ul className="model-list" aria-label="Installed models" aria-busy={loading}>
          {installed.map((model) => (
            <InstalledRow key={model.id} model={model} />
          ))}
        </ul>
      </section>

      <section className="models-section" aria-labelledby={catalogHeading}>
        <h3 id={catalogHeading}>Download</h3>
        <HubUrlField />
        <ul className="model-list" aria-label="Model catalog">
          {catalog.map((entry) => (
            <ModelCatalogRow
              key={entry.id}
              entry={entry}
              installed={installed.find((m) => m.id === entry.id)}
            />
          ))}
        </ul>
      </section>

      <ModelImportForm />

      <div className="button-row end">
        <button type="button" onClick={closeModels}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}

/** One installed model: id, ONNX variants, size on disk, its max length, and Delete. */
function InstalledRow({ model }: { model: InstalledModel }) {
  const deleteModel = useAppStore((s) => s.deleteModel);
  const deleting = useAppStore((s) => s.modelDeleting[model.id] === true);
  const error = useAppStore((s) =>
    s.modelsError?.id === model.id && s.modelsError.operation === 'delete'
      ? s.modelsError
      : undefined,
  );
  return (
    <li className="model-row" aria-label={model.id}>
      <div className="model-summary">
        <span className="model-id">{model.id}</span>
        <ul className="model-facts" aria-label={`Facts of ${model.id}`}>
          <li>{model.dtypes.length > 0 ? model.dtypes.join(', ') : 'no ONNX file'}</li>
          <li>{formatBytes(model.sizeBytes)}</li>
          <li>
            {model.maxLength === undefined
              ? 'max length not stated'
              : `max length ${model.maxLength}`}
          </li>
          {model.instruction && <li>takes an instruction</li>}
        </ul>
        <button
          type="button"
          className="small danger"
          onClick={() => void deleteModel(model.id)}
          disabled={deleting}
          aria-label={`Delete ${model.id}`}
        >
          {deleting ? 'Deleting…' : 'Delete'}
        </button>
      </div>
      {error && (
        <p className="inline-error" role="alert" aria-label={`Model error for ${model.id}`}>
          {error.message}
        </p>
      )}
    </li>
  );
}

/**
 * The Hub downloads use: a mirror's URL, or empty for the host's default (`HF_ENDPOINT` or
 * huggingface.co). A draft like the column fields: refused text stays to be fixed.
 */
function HubUrlField() {
  const setHubUrl = useAppStore((s) => s.setHubUrl);
  const hubUrl = useAppStore((s) => s.hubUrl);
  const [text, setText] = useState(hubUrl ?? '');
  const [error, setError] = useState<string>();
  const errorId = useId();
  return (
    <div className="draft-field hub-url">
      <label className="field">
        <span className="field-label">
          Hub URL <span className="hint">a mirror; empty for the default Hub</span>
        </span>
        <input
          type="url"
          value={text}
          placeholder="https://huggingface.co"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => {
            setText(e.target.value);
            const result = setHubUrl(e.target.value);
            setError(result.ok ? undefined : result.error.message);
          }}
          aria-label="Hub URL"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
      </label>
      {error && (
        <p id={errorId} className="inline-error" role="alert">
          {error}; downloads use {hubUrl ?? 'the default Hub'}
        </p>
      )}
    </div>
  );
}
