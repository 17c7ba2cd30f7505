import { describeEstimate } from '../store/estimate/slice';
import { useAppStore } from '../store/context';

/**
 * For models marked slow on CPU: how long this column will take on the current documents,
 * measured on this machine before the user runs it.
 */
export function RunEstimate({ columnId, label }: { columnId: string; label: string }) {
  const estimate = useAppStore((s) => s.runEstimates[columnId]);
  const estimateColumn = useAppStore((s) => s.estimateColumn);
  const busy = estimate?.status === 'estimating';
  return (
    <div className="run-estimate">
      <p className="hint">Slow on CPU: check how long it will take before running.</p>
      <button
        type="button"
        className="small"
        disabled={busy}
        onClick={() => void estimateColumn(columnId)}
        aria-label={`Estimate run time for ${label}`}
      >
        {busy ? 'Estimating…' : 'Estimate run time'}
      </button>
      {estimate && (
        <p
          className={estimate.status === 'failed' ? 'inline-error' : 'hint'}
          role="status"
          aria-label={`Run time estimate for ${label}`}
        >
          {describeEstimate(estimate)}
        </p>
      )}
    </div>
  );
}
