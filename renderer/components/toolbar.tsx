import { useAppStore } from '../store/context';
import { EvaluationButton } from './evaluation/evaluation-button';
import { AppMenu } from './app-menu';
import { BudgetField } from './budget-prompt';
import { RunProgress } from './run-progress';

/** Run, cancel, run options, the run's status, and the History, Models and Keys panels. */
export function Toolbar() {
  const runStatus = useAppStore((s) => s.runStatus);
  const run = useAppStore((s) => s.run);
  const cancel = useAppStore((s) => s.cancel);
  const latency = useAppStore((s) => s.runLatencyMs);
  const ranked = useAppStore((s) => s.snapshot?.documents.length);
  const lastRunStatus = useAppStore((s) => s.lastRunStatus);
  const notSaved = useAppStore((s) => s.runNotSaved !== undefined);
  const bypassCache = useAppStore((s) => s.bypassCache);
  const setBypassCache = useAppStore((s) => s.setBypassCache);
  const openKeys = useAppStore((s) => s.openKeys);
  const openModels = useAppStore((s) => s.openModels);
  const openHistory = useAppStore((s) => s.openHistory);
  const openCompare = useAppStore((s) => s.openCompare);
  const openPipelines = useAppStore((s) => s.openPipelines);
  const busy = runStatus !== 'idle';

  let status = 'Ready';
  if (runStatus === 'running') status = 'Running…';
  else if (runStatus === 'cancelling') status = 'Cancelling…';
  else if (lastRunStatus === 'cancelled') status = 'Cancelled';
  else if (latency !== undefined && ranked !== undefined) {
    status = `Ranked ${ranked} document${ranked === 1 ? '' : 's'} in ${latency.toFixed(1)} ms`;
  }
  if (runStatus === 'idle' && notSaved) status += ' · not saved';

  return (
    <header className="toolbar">
      <h1 className="brand">Rerank Studio</h1>
      <AppMenu />
      <div className="toolbar-actions">
        <button
          type="button"
          className="primary"
          onClick={() => void run()}
          disabled={busy}
          aria-keyshortcuts="Control+Enter Meta+Enter"
          title="Run all columns (Ctrl/Cmd+Enter)"
        >
          Run
        </button>
        <button
          type="button"
          onClick={() => void cancel()}
          disabled={runStatus !== 'running'}
          aria-keyshortcuts="Escape"
          title="Cancel the run (Esc)"
        >
          Cancel
        </button>
        <label
          className="checkbox"
          title="Call providers even when an identical call's result is cached"
        >
          <input
            type="checkbox"
            checked={bypassCache}
            onChange={(e) => setBypassCache(e.target.checked)}
          />
          Bypass cache
        </label>
        <BudgetField />
        <span className="run-status" role="status" aria-live="polite" aria-label="Run status">
          {status}
        </span>
        <EvaluationButton />
        <RunProgress />
        <button
          type="button"
          onClick={openCompare}
          disabled={busy || ranked === undefined}
          aria-haspopup="dialog"
          title="How the columns' rankings differ: rank movement, Δrank, Kendall τ, RBO, overlap"
        >
          Compare
        </button>
        <button
          type="button"
          onClick={openHistory}
          aria-haspopup="dialog"
          title="Every run, kept: search, reopen, re-run, export"
        >
          History
        </button>
        <button
          type="button"
          onClick={openPipelines}
          aria-haspopup="dialog"
          title="Saved pipelines: reuse, edit, serve"
        >
          Pipelines
        </button>
        <button
          type="button"
          onClick={openModels}
          aria-haspopup="dialog"
          title="Local models: download, import or delete them"
        >
          Models
        </button>
        <button
          type="button"
          onClick={openKeys}
          aria-haspopup="dialog"
          title="Provider keys: set, test or remove them"
        >
          Keys
        </button>
      </div>
    </header>
  );
}
