import { useAppStore } from '../store/context';
import { BudgetPrompt } from './budget-prompt';

/**
 * Problems and notes about the request as a whole (validation errors, clamped top N, a run the
 * history could not keep).
 */
export function RequestMessages() {
  const error = useAppStore((s) => s.requestError);
  const warnings = useAppStore((s) => s.runWarnings);
  const notSaved = useAppStore((s) => s.runNotSaved);
  const dismiss = useAppStore((s) => s.dismissRequestError);
  const asking = useAppStore((s) => s.budgetPrompt?.action === 'run');
  if (!error && warnings.length === 0 && notSaved === undefined && !asking) return null;
  return (
    <div className="request-messages">
      <BudgetPrompt action="run" />
      {error && (
        <div className="banner error">
          <span role="alert" aria-label="Request error">
            {error.message}
          </span>
          <button type="button" className="ghost" onClick={dismiss} aria-label="Dismiss error">
            ×
          </button>
        </div>
      )}
      {notSaved !== undefined && (
        <div className="banner warning" role="note" aria-label="Not saved">
          This run is not saved in the history: {notSaved}
        </div>
      )}
      {warnings.map((warning) => (
        <div key={warning} className="banner warning" role="note">
          {warning}
        </div>
      ))}
    </div>
  );
}
