import { useState } from 'react';
import { RUN_STATUSES, type RunStatus, type RunSummary } from '../../shared/history/saved-run';
import { useAppStore } from '../store/context';
import { downloadText } from './download';
import { ModalDialog } from './modal-dialog';

const STATUS_LABELS: Record<RunStatus, string> = {
  completed: 'completed',
  cancelled: 'cancelled',
  incomplete: 'incomplete',
};

/**
 * Every saved run, newest first: search by a word of the query, instruction or documents,
 * filter by status, open a run exactly as it was, run it again, delete it, export runs as JSON.
 */
export function HistoryPanel() {
  const close = useAppStore((s) => s.closeHistory);
  const runs = useAppStore((s) => s.historyRuns);
  const filter = useAppStore((s) => s.historyFilter);
  const cursor = useAppStore((s) => s.historyCursor);
  const loading = useAppStore((s) => s.historyLoading);
  const error = useAppStore((s) => s.historyError);
  const search = useAppStore((s) => s.searchHistory);
  const loadMore = useAppStore((s) => s.loadMoreHistory);
  const exportHistory = useAppStore((s) => s.exportHistory);
  const [notice, setNotice] = useState<string>();

  const download = async () => {
    const text = await exportHistory();
    if (!text.ok) return setNotice(text.error.message);
    downloadText(
      text.value,
      'application/json',
      `rerank-studio-history-${new Date().toISOString().slice(0, 10)}.json`,
    );
  };

  return (
    <ModalDialog label="History" className="history-dialog" onClose={close}>
      <h2>History</h2>
      <div className="settings-row">
        <label className="field inline">
          <span className="field-label">Search</span>
          <input
            type="search"
            value={filter.text}
            placeholder="a word of the query, instruction or documents"
            onChange={(e) => void search({ ...filter, text: e.target.value })}
            aria-label="Search runs"
          />
        </label>
        <label className="field inline">
          <span className="field-label">Status</span>
          <select
            value={filter.status ?? ''}
            onChange={(e) =>
              void search({ ...filter, status: (e.target.value || undefined) as RunStatus })
            }
            aria-label="Run status filter"
          >
            <option value="">any</option>
            {RUN_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="small" onClick={() => void download()}>
          Export all
        </button>
      </div>
      {(error ?? notice) && (
        <p className="inline-error" role="alert" aria-label="History error">
          {error ?? notice}
        </p>
      )}
      {!loading && runs.length === 0 && !error && (
        <p className="hint">
          {filter.text || filter.status
            ? 'No run matches.'
            : 'No runs yet: every run is kept here.'}
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
