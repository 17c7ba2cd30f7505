import { useState } from 'react';
import type { InstalledModel } from '../../shared/contract';
import type { CatalogModel } from '../../shared/models/catalog';
import { q8LosesAccuracy } from '../../shared/models/int8-kernel';
import type { LocalModelDtype } from '../../shared/pipeline/local-model';
import { useAppStore } from '../store/context';
import { TimeLeft } from './time-left';
import {
  describeDownload,
  downloadPercent,
  downloadTimeLeft,
  isDownloading,
  type ModelDownload,
} from '../store/models/slice';

/** The Variant select's choices: which ONNX files a download fetches. */
const VARIANTS: Record<string, { dtypes: LocalModelDtype[]; text: string }> = {
  fp32: { dtypes: ['fp32'], text: 'fp32 (full precision)' },
  q8: { dtypes: ['q8'], text: 'q8 (int8, about a quarter the size)' },
  both: { dtypes: ['fp32', 'q8'], text: 'fp32 and q8' },
};

/** Props of {@link ModelCatalogRow}. */
export interface ModelCatalogRowProps {
  entry: CatalogModel;
  /** The installed copy, if there is one. */
  installed?: InstalledModel;
}

/**
 * A model the app knows by name: what a user weighs when choosing (size, parameters, license,
 * languages, max length), and Download with a variant choice. While it downloads: a progress
 * bar fed by the host's `model:download` events, and Cancel.
 */
export function ModelCatalogRow({ entry, installed }: ModelCatalogRowProps) {
  const downloadModel = useAppStore((s) => s.downloadModel);
  const cancelDownload = useAppStore((s) => s.cancelDownload);
  const progress = useAppStore((s) => s.modelDownloads[entry.id]);
  const cancelError = useAppStore((s) =>
    s.modelsError?.id === entry.id && s.modelsError.operation === 'cancel'
      ? s.modelsError
      : undefined,
  );
  const cpu = useAppStore((s) => s.modelsCpu);
  // Only what the repository publishes (a q8-only export has no fp32 to fetch).
  const variants = Object.entries(VARIANTS).filter(([, { dtypes }]) =>
    dtypes.every((dtype) => entry.dtypes.includes(dtype)),
  );
  const [variant, setVariant] = useState(variants[0]?.[0] ?? 'fp32');
  // Where ORT's int8 kernel saturates (x86 without VNNI), q8 ranks differently from fp32.
  const q8Warning = q8LosesAccuracy(cpu?.kernel, entry.q8Weights)
    ? ' — ranks less accurately on this CPU'
    : '';
  const downloading = isDownloading(progress);
  const { label } = entry;

  return (
    <li className="model-row" aria-label={label}>
      <div className="model-summary">
        <span className="model-id">
          {label} <span className="hint">{entry.id}</span>
        </span>
        {installed && (
          <span className="model-installed" role="status" aria-label={`${label} installed`}>
            Installed ({installed.dtypes.join(', ')})
          </span>
        )}
      </div>
      <ul className="model-facts" aria-label={`Facts of ${label}`}>
        <li>~{entry.sizeMb.toLocaleString('en-US')} MB</li>
        <li>{entry.parameters} parameters</li>
        <li>{entry.license}</li>
        <li>{entry.languages}</li>
        <li>max length {entry.maxLength}</li>
        {entry.instruction && <li>takes an instruction</li>}
      </ul>
      {entry.note && <p className="hint model-note-text">{entry.note}</p>}
      <div className="button-row model-download">
        <label className="field inline">
          <span className="field-label">Variant</span>
          <select
            value={variant}
            onChange={(e) => setVariant(e.target.value)}
            disabled={downloading}
            aria-label={`Variant to download for ${label}`}
          >
            {variants.map(([value, { text, dtypes }]) => (
              <option key={value} value={value}>
                {text}
                {dtypes.includes('q8') ? q8Warning : ''}
              </option>
            ))}
          </select>
        </label>
        {downloading ? (
          <button
            type="button"
            className="small"
            onClick={() => void cancelDownload(entry.id)}
            aria-label={`Cancel download of ${label}`}
          >
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="small primary"
            onClick={() =>
              void downloadModel(entry.id, VARIANTS[variant]?.dtypes ?? [...entry.dtypes])
            }
            aria-label={`Download ${label}`}
          >
            Download
          </button>
        )}
      </div>
      {q8Warning && variant !== 'fp32' && (
        <p className="hint" role="note" aria-label={`Variant note for ${label}`}>
          q8 on this CPU: {cpu?.reason}.
        </p>
      )}
      {progress && <DownloadProgressView progress={progress} label={label} />}
      {cancelError && (
        <p className="inline-error" role="alert" aria-label={`Model error for ${label}`}>
          {cancelError.message}
        </p>
      )}
    </li>
  );
}

/** The bar (indeterminate until the size is known) and "Downloading … · 42% · 7.6 of 18.0 MB". */
function DownloadProgressView({ progress, label }: { progress: ModelDownload; label: string }) {
  const percent = downloadPercent(progress);
  const failed = progress.phase === 'failed';
  const timeLeft = downloadTimeLeft(progress);
  return (
    <div className="model-progress">
      {isDownloading(progress) && (
        <progress
          max={100}
          {...(percent === undefined ? {} : { value: percent })}
          aria-label={`Download of ${label}`}
        />
      )}
      <p
        className={failed ? 'inline-error' : 'hint'}
        role={failed ? 'alert' : 'status'}
        aria-label={`Download status of ${label}`}
      >
        {describeDownload(progress)}
        {timeLeft !== undefined && (
          <>
            {' · '}
            <TimeLeft etaMs={timeLeft} of={`the download of ${label}`} />
          </>
        )}
      </p>
    </div>
  );
}
