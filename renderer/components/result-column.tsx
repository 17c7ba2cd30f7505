import { useRef } from 'react';
import type { Column } from '../store/columns/slice';
import type { ColumnProgress } from '../store/run/slice';
import { useAppStore } from '../store/context';
import { ColumnDetails } from './column-details';
import { ColumnSettings } from './column-settings';
import { DocumentErrors } from './document-errors';
import { ExportButton } from './export-button';
import { ResultList } from './result-list';
import { ScoreViewControls } from './score-view-controls';
import { TimeLeft } from './time-left';
import { WireInspector } from './wire-inspector';

/** One column: its pipeline settings, and the ranking (or error) of the last run. */
export function ResultColumn({ column, position }: { column: Column; position: number }) {
  const columnRun = useAppStore((s) => s.columnRuns[column.id]);
  const snapshot = useAppStore((s) => s.snapshot);
  const removeColumn = useAppStore((s) => s.removeColumn);
  const duplicateColumn = useAppStore((s) => s.duplicateColumn);
  const columnCount = useAppStore((s) => s.columns.length);
  const label = `Column ${position}`;
  const result = columnRun?.result;
  // The column scrolls; its ranking renders only the rows in view of it.
  const scrollRef = useRef<HTMLElement>(null);

  return (
    <section
      ref={scrollRef}
      className="result-column"
      aria-label={`${label}: ${column.config.name}`}
    >
      <header className="column-header">
        <h2 className="column-title">
          <span className="column-number">{position}</span>
          <span className="column-name" title={column.config.name}>
            {column.config.name}
          </span>
        </h2>
        <div className="button-row">
          <ExportButton columnId={column.id} label={label} />
          <button
            type="button"
            className="ghost small"
            onClick={() => duplicateColumn(column.id)}
            aria-label={`Duplicate ${label}`}
          >
            Duplicate
          </button>
          <button
            type="button"
            className="ghost small"
            onClick={() => removeColumn(column.id)}
            disabled={columnCount <= 1}
            aria-label={`Remove ${label}`}
          >
            Remove
          </button>
        </div>
      </header>
      <ColumnSettings column={column} label={label} />
      <div className="column-status" role="status" aria-label={`${label} status`}>
        {columnRun?.status === 'running' && <span className="spinner">Running…</span>}
        {columnRun?.status === 'running' && columnRun.progress && (
          <ColumnProgressView progress={columnRun.progress} label={label} />
        )}
        {columnRun?.status === 'cancelled' && <span className="muted">Cancelled</span>}
        {columnRun?.status === 'ok' && result && (
          <span className="muted">
            {result.results.length} results · {result.latencyMs.toFixed(1)} ms
          </span>
        )}
      </div>
      {columnRun?.status === 'error' && result?.error && (
        <p className="inline-error" role="alert" aria-label={`${label} error`}>
          {result.error.message}
        </p>
      )}
      {result?.warnings.map((warning) => (
        <p key={warning} className="inline-note">
          {warning}
        </p>
      ))}
      {result && columnRun?.status !== 'running' && <ColumnDetails result={result} label={label} />}
      {result?.wire && result.wire.length > 0 && (
        <WireInspector columnId={column.id} wire={result.wire} label={label} />
      )}
      {columnRun?.status === 'ok' && result && <ScoreViewControls result={result} label={label} />}
      {columnRun?.status === 'ok' && result && snapshot && (
        <ResultList result={result} snapshot={snapshot} label={label} scrollRef={scrollRef} />
      )}
      {columnRun?.status === 'ok' && result && snapshot && (
        <DocumentErrors result={result} snapshot={snapshot} label={label} />
      )}
      {!columnRun && <p className="empty">Press Run (Ctrl/Cmd+Enter) to rank the documents.</p>}
    </section>
  );
}

/** "42% of 95 documents · about 2 min left" while a long column runs. */
function ColumnProgressView({ progress, label }: { progress: ColumnProgress; label: string }) {
  const { done, total, unit, etaMs } = progress;
  const percent = total > 0 ? Math.min(100, Math.floor((100 * done) / total)) : 0;
  return (
    <span className="column-progress">
      <progress value={percent} max={100} aria-label={`${label} progress`} />
      <span className="muted">
        {percent}% of {total.toLocaleString('en-US')} {unit}
        {etaMs !== undefined && done < total && (
          <>
            {' · '}
            <TimeLeft etaMs={etaMs} of={label} />
          </>
        )}
      </span>
    </span>
  );
}
