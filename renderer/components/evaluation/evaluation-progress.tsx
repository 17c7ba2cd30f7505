import { useAppStore } from '../../store/context';
import { TimeLeft } from '../time-left';

/** The bar, the count, the time left, and Cancel (which keeps the queries that finished). */
export function EvaluationProgressBar() {
  const status = useAppStore((s) => s.evalStatus);
  const progress = useAppStore((s) => s.evalProgress);
  const cancel = useAppStore((s) => s.cancelEvaluation);
  if (status !== 'running' && status !== 'cancelling') return null;
  const done = progress?.done ?? 0;
  const total = progress?.total;
  return (
    <div className="evaluation-progress">
      <progress value={done} max={total ?? 1} aria-label="Evaluation progress" />
      <span role="status" aria-label="Evaluation status">
        {status === 'cancelling'
          ? 'Cancelling: the queries that finished are kept…'
          : total === undefined
            ? 'Starting…'
            : `${done} of ${total} queries${progress?.failed ? ` (${progress.failed} with errors)` : ''}`}
        {status === 'running' &&
          progress?.etaMs !== undefined &&
          total !== undefined &&
          done < total && (
            <>
              {' · '}
              <TimeLeft etaMs={progress.etaMs} of="the evaluation" />
            </>
          )}
      </span>
      <button type="button" onClick={() => void cancel()} disabled={status !== 'running'}>
        Cancel evaluation
      </button>
    </div>
  );
}
