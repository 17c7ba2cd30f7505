import { useState } from 'react';
import type { RunStatus, RunSummary } from '../../shared/history/saved-run';
import { useAppStore } from '../store/context';
import { isFiltered } from '../store/history/slice';
import { HistoryFilters } from './history-filters';
import { ModalDialog } from './modal-dialog';

const STATUS_LABELS: Record<RunStatus, string> = {
  completed: 'completed',
  cancelled: 'cancelled',
  incomplete: 'incomplete',
};

/**
 * Every saved run, newest first: search by a word of the query, instruction or documents,
 * filter by status, source, provider, strategy and day; open a run exactly as it was, run it
 * again, delete it, tick two to compare them, export runs as JSON.
 */
export function HistoryPanel() {
  const close = useAppStore((s) => s.closeHistory);
  const runs = useAppStore((s) => s.historyRuns);
  const filter = useAppStore((s) => s.historyFilter);
  const cursor = useAppStore((s) => s.historyCursor);
  const loading = useAppStore((s) => s.historyLoading);
  const error = useAppStore((s) => s.historyError);
  const notices = useAppStore((s) => s.historyNotices);
  const selection = useAppStore((s) => s.historySelection);
  const compareRuns = useAppStore((s) => s.compareHistoryRuns);
  const loadMore = useAppStore((s) => s.loadMoreHistory);
  const downloadHistory = useAppStore((s) => s.downloadHistory);
  const [notice, setNotice] = useState<string>();

  const compareSelected = async () => {
    const [first, second] = selection;
    if (!first || !second) return;
    const result = await compareRuns(first, second);
    setNotice(result.ok ? undefined : result.error.message);
  };

  const download = async () => {
    const saved = await downloadHistory();
    setNotice(saved.ok ? undefined : saved.error.message);
  };

  return (
    <ModalDialog label="History" className="history-dialog" onClose={close}>
      <h2>History</h2>
      <HistoryFilters />
      <div className="button-row">
        <button
          type="button"
          className="small"
          disabled={selection.length !== 2}
          onClick={() => void compareSelected()}
          title="Tick two runs to compare their rankings"
        >
          Compare selected ({selection.length}/2)
        </button>
        <button type="button" className="small" onClick={() => void download()}>
          Export all
        </button>
      </div>
      {notices.map((text) => (
        <p key={text} className="inline-note" role="status">
          {text}
        </p>
      ))}
      {(error ?? notice) && (
        <p className="inline-error" role="alert" aria-label="History error">
          {error ?? notice}
        </p>
      )}
      {!loading && runs.length === 0 && !error && (
        <p className="hint">
          {isFiltered(filter) ? 'No run matches.' : 'No runs yet: every run is kept here.'}
        </p>
      )}
      <ol className="history-list" aria-label="Saved runs" aria-busy={loading}>
        {runs.map((run) => (
          <HistoryRow key={run.id} run={run} onNotice={setNotice} />
        ))}
      </ol>
      {cursor && (
        <button type="button" className="small" onClick={() => void loadMore()} disabled={loading}>
          Load more
        </button>
      )}
      <div className="button-row end">
        <button type="button" onClick={close}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}

function HistoryRow({ run, onNotice }: { run: RunSummary; onNotice: (text?: string) => void }) {
  const open = useAppStore((s) => s.openHistoryRun);
  const rerun = useAppStore((s) => s.rerunHistoryRun);
  const remove = useAppStore((s) => s.deleteHistoryRun);
  const selected = useAppStore((s) => s.historySelection.includes(run.id));
  const toggle = useAppStore((s) => s.toggleHistorySelection);
  const when = new Date(run.createdAt).toLocaleString();
  const columns = run.columns.map((c) => c.name).join(', ');
  const act = async (
    action: (id: string) => Promise<{ ok: boolean; error?: { message: string } }>,
  ) => {
    const result = await action(run.id);
    onNotice(result.ok ? undefined : result.error?.message);
  };
  return (
    <li className="history-run" aria-label={`Run: ${run.query}`}>
      <input
        type="checkbox"
        checked={selected}
        onChange={() => toggle(run.id)}
        aria-label={`Select for comparison: ${run.query} (${when})`}
      />
      <div className="history-summary">
        <span className="history-query">{run.query}</span>
        <span className="hint">
          {when} · {run.source} · {STATUS_LABELS[run.status]} · {run.documentCount} documents ·{' '}
          {columns}
        </span>
        {run.instruction && <span className="hint">Instruction: {run.instruction}</span>}
      </div>
      <div className="button-row">
        <button type="button" className="small" onClick={() => void act(open)}>
          Open
        </button>
        <button type="button" className="small" onClick={() => void act(rerun)}>
          Re-run
        </button>
        <button type="button" className="ghost small" onClick={() => void act(remove)}>
          Delete
        </button>
      </div>
    </li>
  );
}
