import { useAppStore } from '../../store/context';

/** The toolbar's way into the Evaluation panel. */
export function EvaluationButton() {
  const open = useAppStore((s) => s.openEvaluation);
  return (
    <button
      type="button"
      onClick={open}
      aria-haspopup="dialog"
      title="Evaluate the columns on a labelled query set: nDCG, MRR, recall, MAP, significance"
    >
      Evaluate
    </button>
  );
}
