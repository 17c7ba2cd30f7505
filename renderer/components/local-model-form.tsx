import { useEffect } from 'react';
import type { InstalledModel } from '../../shared/contract';
import type { CatalogModel } from '../../shared/models/catalog';
import { q8LosesAccuracy } from '../../shared/models/int8-kernel';
import {
  LOCAL_MODEL_DTYPES,
  LOCAL_MODEL_RANGES,
  type LocalModelDtype,
  type LocalModelNumber,
} from '../../shared/pipeline/local-model';
import { LOCAL_NUMBER_LABELS, localParamsOf } from '../store/columns/local-model';
import type { Column } from '../store/columns/slice';
import { useAppStore } from '../store/context';
import { NumberParam } from './number-param';
import { RunEstimate } from './run-estimate';

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * A local ONNX cross-encoder column: which installed model, which of its ONNX variants, and
 * the max length, batch size and threads its run uses. Catalog models that are not installed
 * are listed but cannot be chosen; the Models panel installs them.
 */
export function LocalModelForm({ column, label }: { column: Column; label: string }) {
  const installed = useAppStore((s) => s.installedModels);
  const catalog = useAppStore((s) => s.modelCatalog);
  const loaded = useAppStore((s) => s.modelsLoaded);
  const listError = useAppStore((s) =>
    s.modelsError?.operation === 'list' ? s.modelsError.message : undefined,
  );
  const ensureModels = useAppStore((s) => s.ensureModels);
  const openModels = useAppStore((s) => s.openModels);
  const setLocalModel = useAppStore((s) => s.setLocalModel);
  const setLocalDtype = useAppStore((s) => s.setLocalDtype);
  const cpu = useAppStore((s) => s.modelsCpu);

  // A column set up through Edit config needs the installed list too.
  useEffect(() => void ensureModels(), [ensureModels]);

  const { params, error } = localParamsOf(column.config);
  const model = column.config.model;
  const current = installed.find((m) => m.id === model);
  const entry = catalog.find((m) => m.id === model);
  const available = catalog.filter((c) => !installed.some((m) => m.id === c.id));
  const dtypes: readonly LocalModelDtype[] = current?.dtypes ?? LOCAL_MODEL_DTYPES;
  const modelLimit = current?.maxLength ?? entry?.maxLength;

  return (
    <div className="local-model-form">
      <label className="field">
        <span className="field-label">Model</span>
        <select
          value={model ?? ''}
          onChange={(e) => setLocalModel(column.id, e.target.value)}
          aria-label={`Model for ${label}`}
        >
          {model === undefined && (
            <option value="" disabled>
              {installed.length > 0 ? 'Choose a model' : 'No model installed'}
            </option>
          )}
          {model !== undefined && !current && !entry && (
            <option value={model}>{model} (not installed)</option>
          )}
          {installed.length > 0 && (
            <optgroup label="Installed">
              {installed.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.id}
                </option>
              ))}
            </optgroup>
          )}
          {available.length > 0 && (
            <optgroup label="Not installed">
              {available.map((c) => (
                <option key={c.id} value={c.id} disabled={c.id !== model}>
                  {c.label} (not installed)
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      <ModelNotes
        model={model}
        current={current}
        entry={entry}
        loaded={loaded}
        listError={listError}
        anyInstalled={installed.length > 0}
        label={label}
        onOpenModels={openModels}
      />
      {error && (
        <p className="inline-error" role="alert">
          This column&apos;s parameters are invalid ({error}); showing the defaults.
        </p>
      )}
      <div className="params local-params">
        <label className="field inline">
          <span className="field-label">Variant</span>
          <select
            value={params.dtype}
            onChange={(e) => setLocalDtype(column.id, e.target.value as LocalModelDtype)}
            aria-label={`Variant for ${label}`}
          >
            {!dtypes.includes(params.dtype) && (
              <option value={params.dtype}>{params.dtype} (not installed)</option>
            )}
            {dtypes.map((dtype) => (
              <option key={dtype} value={dtype}>
                {dtype}
                {dtype === 'q8' && q8LosesAccuracy(cpu?.kernel, current?.q8Weights)
                  ? ' (less accurate on this CPU)'
                  : ''}
              </option>
            ))}
          </select>
        </label>
        {(['maxLength', 'batchSize', 'threads'] as const).map((name) => (
          <LocalNumber key={name} name={name} value={params[name]} column={column} label={label} />
        ))}
      </div>
      {params.dtype === 'q8' && cpu && q8LosesAccuracy(cpu.kernel, current?.q8Weights) && (
        <p className="hint" role="note" aria-label={`Variant note for ${label}`}>
          q8 on {cpu.model}: {cpu.reason}.
        </p>
      )}
      {(entry?.instruction || current?.instruction) && (
        <RunEstimate columnId={column.id} label={label} />
      )}
      {modelLimit !== undefined && params.maxLength > modelLimit && (
        <p className="hint" role="note" aria-label={`Max length note for ${label}`}>
          This model reads at most {modelLimit} tokens per pair; longer pairs are cut to{' '}
          {modelLimit}.
        </p>
      )}
    </div>
  );
}

interface ModelNotesProps {
  model: string | undefined;
  current: InstalledModel | undefined;
  entry: CatalogModel | undefined;
  loaded: boolean;
  /** Why the installed models could not be read. */
  listError: string | undefined;
  anyInstalled: boolean;
  label: string;
  onOpenModels: () => void;
}

/** No model, a model that is not installed, or an instruction-aware one: what to do about it. */
function ModelNotes({
  model,
  current,
  entry,
  loaded,
  listError,
  anyInstalled,
  label,
  onOpenModels,
}: ModelNotesProps) {
  const open = (
    <button
      type="button"
      className="small"
      onClick={onOpenModels}
      aria-haspopup="dialog"
      aria-label={`Open Models from ${label}`}
    >
      Open Models
    </button>
  );
  if (!loaded) {
    return listError ? (
      <p className="inline-error" role="alert">
        The installed models could not be read: {listError}
      </p>
    ) : null;
  }
  if (model === undefined) {
    return (
      <div className="model-note" role="note" aria-label={`Model note for ${label}`}>
        <p className="hint">
          {anyInstalled
            ? 'Choose an installed model.'
            : 'No model installed — open Models to download one or import a folder.'}
        </p>
        {open}
      </div>
    );
  }
  if (!current) {
    return (
      <div className="model-note" role="note" aria-label={`Model note for ${label}`}>
        <p className="hint">
          {model} is not installed: download it or import its folder in Models.
        </p>
        {open}
      </div>
    );
  }
  if (current.instruction || entry?.instruction) {
    return (
      <p className="hint" role="note" aria-label={`Model note for ${label}`}>
        This model takes an instruction: the Instruction box feeds its prompt.
      </p>
    );
  }
  return null;
}

function LocalNumber({
  name,
  value,
  column,
  label,
}: {
  name: LocalModelNumber;
  value: number;
  column: Column;
  label: string;
}) {
  const setLocalParam = useAppStore((s) => s.setLocalParam);
  return (
    <NumberParam
      title={capitalised(LOCAL_NUMBER_LABELS[name])}
      label={label}
      idPrefix={column.id}
      step={1}
      value={value}
      {...LOCAL_MODEL_RANGES[name]}
      onText={(text) => setLocalParam(column.id, name, text)}
    />
  );
}
