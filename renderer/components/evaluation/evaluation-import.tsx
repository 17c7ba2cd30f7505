import { useState } from 'react';
import type { FilePurpose } from '../../../shared/contract/files';
import { useAppStore } from '../../store/context';

/**
 * Importing a set: pick its files (one JSONL or CSV file, with a qrels file if the judgments
 * live apart; or every file of a BEIR or TREC set, or their folder), or give a path the host
 * reads: the way for collections too large to send through the window (MS MARCO's is 3 GB).
 * The host reads only a path it granted: one its native dialog chose (Choose…, in the desktop
 * app) or one under a folder it was started with (`--allow-folder`, in the web host).
 */
export function EvaluationImport() {
  const importFiles = useAppStore((s) => s.importEvaluationFiles);
  const importPath = useAppStore((s) => s.importEvaluationPath);
  const dataset = useAppStore((s) => s.evalDataset);
  const importing = useAppStore((s) => s.evalImporting);
  const nativeDialogs = useAppStore((s) => s.nativeDialogs);
  const choosePath = useAppStore((s) => s.choosePath);
  const [target, setTarget] = useState('');
  const [qrels, setQrels] = useState('');
  const choose = (purpose: FilePurpose, into: (path: string) => void) => () =>
    void choosePath(purpose).then((chosen) => {
      if (chosen.ok && chosen.value !== undefined) into(chosen.value);
    });
  const chooseFile = choose('dataset-file', setTarget);
  const chooseFolder = choose('dataset-folder', setTarget);
  const chooseQrels = choose('qrels', setQrels);

  return (
    <section className="evaluation-section" aria-label="Labelled set">
      <h3>Labelled set</h3>
      <div className="settings-row">
        <PickFiles
          label="Files"
          name="Labelled set files"
          disabled={importing}
          onPick={importFiles}
        />
        <PickFiles
          label="or a folder"
          name="Labelled set folder"
          folder
          disabled={importing}
          onPick={importFiles}
        />
        <label className="field inline grow">
          <span className="field-label">or a path</span>
          <input
            type="text"
            value={target}
            placeholder="/data/beir/scifact or /data/dl19.jsonl"
            aria-label="Labelled set path"
            onChange={(e) => setTarget(e.target.value)}
          />
        </label>
        {nativeDialogs && (
          <>
            <ChooseButton label="Choose file…" disabled={importing} onClick={chooseFile} />
            <ChooseButton label="Choose folder…" disabled={importing} onClick={chooseFolder} />
          </>
        )}
        <label className="field inline grow">
          <span className="field-label">qrels (optional)</span>
          <input
            type="text"
            value={qrels}
            placeholder="/data/qrels.dl19-passage.txt"
            aria-label="Qrels path"
            onChange={(e) => setQrels(e.target.value)}
          />
        </label>
        {nativeDialogs && (
          <ChooseButton
            label="Choose…"
            name="Choose qrels file…"
            disabled={importing}
            onClick={chooseQrels}
          />
        )}
        <button
          type="button"
          className="small"
          disabled={importing || !target.trim()}
          onClick={() => void importPath(target, qrels)}
        >
          Import path
        </button>
      </div>
      <p className="hint">
        JSONL (one query per line with candidates and grades), CSV (query, document, relevance),
        BEIR (corpus.jsonl, queries.jsonl, qrels/test.tsv) or TREC (qrels, run, queries,
        collection).
      </p>
      {importing && <p className="hint">Importing…</p>}
      {dataset && (
        <p className="evaluation-dataset" role="status" aria-label="Imported set">
          <strong>{dataset.name}</strong> ({dataset.format}): {dataset.queries} queries
          {dataset.unjudgedQueries > 0 &&
            ` (${dataset.unjudgedQueries} without judgments, skipped)`}
          , {dataset.candidates} candidates, {dataset.judgments} judgments
          {dataset.judgedOutsideCandidates > 0 &&
            ` (${dataset.judgedOutsideCandidates} of them outside the candidates)`}
          ; grades{' '}
          {Object.entries(dataset.grades)
            .map(([grade, n]) => `${grade}: ${n}`)
            .join(', ')}
        </p>
      )}
      {dataset?.warnings.map((warning) => (
        <p key={warning} className="hint warn">
          {warning}
        </p>
      ))}
    </section>
  );
}

/** Opens the host's native dialog (desktop app); what it picks fills a path field. */
function ChooseButton({
  label,
  name,
  disabled,
  onClick,
}: {
  label: string;
  name?: string;
  disabled: boolean;
  onClick: () => void;
}) {
  return (
    <button type="button" className="small" aria-label={name} disabled={disabled} onClick={onClick}>
      {label}
    </button>
  );
}

/** A file input that hands the picked files over and clears itself (the same file may be picked again). */
function PickFiles({
  label,
  name,
  folder = false,
  disabled,
  onPick,
}: {
  label: string;
  name: string;
  folder?: boolean;
  disabled: boolean;
  onPick: (files: File[]) => unknown;
}) {
  return (
    <label className="field inline">
      <span className="field-label">{label}</span>
      <input
        type="file"
        multiple={!folder}
        // Chromium's folder picker gives every file with its path inside the folder.
        {...(folder
          ? { webkitdirectory: '' }
          : { accept: '.jsonl,.json,.csv,.tsv,.txt,.trec,.run' })}
        aria-label={name}
        disabled={disabled}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) onPick(files);
        }}
      />
    </label>
  );
}
