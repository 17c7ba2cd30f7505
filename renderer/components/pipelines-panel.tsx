import { useState } from 'react';
import type { SavedPipeline } from '../../shared/contract';
import { useAppStore } from '../store/context';
import { ModalDialog } from './modal-dialog';

/**
 * The library of saved pipelines: save a column's config under a name, then add columns from
 * it, edit it as JSON, duplicate, disable or delete it; each shows its runs, average latency
 * and last error from the history. The library is a folder `rerank-studio serve` can serve.
 */
export function PipelinesPanel() {
  const close = useAppStore((s) => s.closePipelines);
  const pipelines = useAppStore((s) => s.pipelines);
  const problems = useAppStore((s) => s.pipelineProblems);
  const loading = useAppStore((s) => s.pipelinesLoading);
  const error = useAppStore((s) => s.pipelinesError);
  const [notice, setNotice] = useState<string>();
  const [editing, setEditing] = useState<SavedPipeline>();

  return (
    <ModalDialog label="Pipelines" className="pipelines-dialog" onClose={close}>
      <h2>Pipelines</h2>
      <SaveColumnForm onNotice={setNotice} />
      {(error ?? notice) && (
        <p className="inline-error" role="alert" aria-label="Pipelines error">
          {error ?? notice}
        </p>
      )}
      {problems.map((problem) => (
        <p key={problem.file} className="inline-note" aria-label="Broken pipeline file">
          {problem.message}
        </p>
      ))}
      {!loading && pipelines.length === 0 && !error && (
        <p className="hint">No saved pipelines yet: save a column above.</p>
      )}
      <ol className="history-list" aria-label="Saved pipelines" aria-busy={loading}>
        {pipelines.map((pipeline) => (
          <PipelineRow
            key={pipeline.config.key}
            pipeline={pipeline}
            onNotice={setNotice}
            onEdit={() => setEditing(pipeline)}
          />
        ))}
      </ol>
      {editing && <EditPipeline pipeline={editing} onDone={() => setEditing(undefined)} />}
      <div className="button-row end">
        <button type="button" onClick={close}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}

function SaveColumnForm({ onNotice }: { onNotice: (text?: string) => void }) {
  const columns = useAppStore((s) => s.columns);
  const saveFromColumn = useAppStore((s) => s.savePipelineFromColumn);
  const [columnId, setColumnId] = useState(columns[0]?.id ?? '');
  const [name, setName] = useState('');
  const selected = columns.find((c) => c.id === columnId) ?? columns[0];
  const save = async () => {
    if (!selected) return;
    const saved = await saveFromColumn(selected.id, name);
    onNotice(saved.ok ? undefined : saved.error.message);
    if (saved.ok) setName('');
  };
  return (
    <div className="settings-row">
      <label className="field inline">
        <span className="field-label">Column</span>
        <select
          value={selected?.id ?? ''}
          onChange={(e) => setColumnId(e.target.value)}
          aria-label="Column to save"
        >
          {columns.map((column, i) => (
            <option key={column.id} value={column.id}>
              Column {i + 1}: {column.config.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field inline">
        <span className="field-label">Name</span>
        <input
          value={name}
          placeholder={selected?.config.name}
          onChange={(e) => setName(e.target.value)}
          aria-label="Pipeline name"
        />
      </label>
      <button type="button" className="small" onClick={() => void save()}>
        Save as pipeline
      </button>
    </div>
  );
}

function PipelineRow({
  pipeline,
  onNotice,
  onEdit,
}: {
  pipeline: SavedPipeline;
  onNotice: (text?: string) => void;
  onEdit: () => void;
}) {
  const addColumn = useAppStore((s) => s.addColumnFromPipeline);
  const duplicate = useAppStore((s) => s.duplicatePipeline);
  const setDisabled = useAppStore((s) => s.setPipelineDisabled);
  const remove = useAppStore((s) => s.deletePipeline);
  const { config, stats } = pipeline;
  const key = config.key!;
  const act = async (action: () => Promise<{ ok: boolean; error?: { message: string } }>) => {
    const result = await action();
    onNotice(result.ok ? undefined : result.error?.message);
  };
  const average =
    stats.averageLatencyMs === undefined ? '–' : `${stats.averageLatencyMs.toFixed(1)} ms`;
  return (
    <li className="history-run" aria-label={`Pipeline: ${config.name}`}>
      <div className="history-summary">
        <span className="history-query">
          {config.name}
          {config.disabled ? ' (disabled)' : ''}
        </span>
        <span className="hint">
          {key} · {config.strategy}
          {config.provider ? ` · ${config.provider}` : ''}
          {config.model ? ` · ${config.model}` : ''}
        </span>
        {config.description && <span className="hint">{config.description}</span>}
        <span className="hint" aria-label={`Stats of ${config.name}`}>
          {stats.runs} runs · average {average} · {stats.errors} errors
        </span>
        {stats.lastError && (
          <span className="inline-error" aria-label={`Last error of ${config.name}`}>
            Last error: {stats.lastError.message}
          </span>
        )}
      </div>
      <div className="button-row">
        <button
          type="button"
          className="small"
          onClick={() => void act(() => Promise.resolve(addColumn(key)))}
        >
          Add column
        </button>
        <button type="button" className="small" onClick={onEdit}>
          Edit
        </button>
        <button type="button" className="small" onClick={() => void act(() => duplicate(key))}>
          Duplicate
        </button>
        <button
          type="button"
          className="small"
          onClick={() => void act(() => setDisabled(key, !config.disabled))}
        >
          {config.disabled ? 'Enable' : 'Disable'}
        </button>
        <button type="button" className="ghost small" onClick={() => void act(() => remove(key))}>
          Delete
        </button>
      </div>
    </li>
  );
}

/** The saved config as JSON; saved only if valid, else every problem is listed. */
function EditPipeline({ pipeline, onDone }: { pipeline: SavedPipeline; onDone: () => void }) {
  const saveText = useAppStore((s) => s.savePipelineText);
  const [text, setText] = useState(() => `${JSON.stringify(pipeline.config, null, 2)}\n`);
  const [error, setError] = useState<string>();
  const save = async () => {
    const saved = await saveText(text, pipeline.config.key);
    if (saved.ok) onDone();
    else setError(saved.error.message);
  };
  return (
    <div className="pipeline-editor" aria-label={`Edit ${pipeline.config.name}`} role="group">
      <textarea
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={14}
        spellCheck={false}
        aria-label="Pipeline config"
        aria-invalid={error !== undefined}
      />
      {error && (
        <pre className="inline-error" role="alert" aria-label="Pipeline config errors">
          {error}
        </pre>
      )}
      <div className="button-row">
        <button type="button" className="small" onClick={() => void save()}>
          Save changes
        </button>
        <button type="button" className="ghost small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </div>
  );
}
