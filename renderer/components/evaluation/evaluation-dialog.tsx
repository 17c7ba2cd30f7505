import { useAppStore } from '../../store/context';
import { ModalDialog } from '../modal-dialog';
import { EvaluationImport } from './evaluation-import';
import { EvaluationResults } from './evaluation-results';
import { EvaluationSetup } from './evaluation-setup';
import { SavedEvaluations } from './saved-evaluations';

/**
 * The Evaluation panel: a labelled set, the columns to compare with its input order, the run,
 * the results, and the saved evaluations (they live here rather than in the History dialog,
 * which lists single runs: an evaluation is a table of figures, not a ranking to reopen).
 */
export function EvaluationDialog() {
  const open = useAppStore((s) => s.evaluationOpen);
  const close = useAppStore((s) => s.closeEvaluation);
  const error = useAppStore((s) => s.evalError);
  if (!open) return null;
  return (
    <ModalDialog label="Evaluation" className="evaluation-dialog" onClose={close}>
      <h2>Evaluation</h2>
      <EvaluationImport />
      <EvaluationSetup />
      {error && (
        <p className="inline-error" role="alert" aria-label="Evaluation error">
          {error}
        </p>
      )}
      <EvaluationResults />
      <SavedEvaluations />
      <div className="button-row end">
        <button type="button" onClick={close}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
