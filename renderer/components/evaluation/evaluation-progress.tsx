import { useAppStore } from '../../store/context';

const seconds = (ms: number) => {
  const s = Math.max(1, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
};

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
            : `${done} of ${total} queries${progress?.failed ? ` (${progress.failed} with errors)` : ''}${
                progress?.etaMs !== undefined && done < total
                  ? ` · about ${seconds(progress.etaMs)} left`
                  : ''
              }`}
      </span>
      <button type="button" onClick={() => void cancel()} disabled={status !== 'running'}>
        Cancel evaluation
      </button>
    </div>
  );
}
