import { useAppStore } from '../../store/context';

/** The cost estimate, shown before anything runs; the run starts only from here. */
export function EvaluationEstimateBox() {
  const estimate = useAppStore((s) => s.evalEstimate);
  const start = useAppStore((s) => s.startEvaluation);
  const dismiss = useAppStore((s) => s.dismissEstimate);
  const budget = useAppStore((s) => s.budgetUsd);
  if (!estimate) return null;
  const over =
    budget !== undefined && estimate.totalUsd !== undefined && estimate.totalUsd > budget;
  return (
    <div className="evaluation-estimate" role="region" aria-label="Cost estimate">
      <p>
        {estimate.queries} queries, {estimate.documents.toLocaleString('en-US')} documents per
        column.{' '}
        {estimate.paid
          ? estimate.totalUsd !== undefined
            ? `Estimated cost at list prices: $${estimate.totalUsd.toFixed(estimate.totalUsd < 0.01 ? 4 : 2)}.`
            : 'Some columns bill per call; see below.'
          : 'Every column runs here: no cost.'}
      </p>
      {over && (
        <p className="hint" role="note">
          Over your budget of ${budget.toFixed(2)}: running will ask before it spends.
        </p>
      )}
      <ul>
        {estimate.columns.map((column) => (
          <li key={column.columnId}>
            <strong>{column.name}</strong>: {column.detail}
          </li>
        ))}
      </ul>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => void start()}>
          Run evaluation
        </button>
        <button type="button" onClick={dismiss}>
          Back
        </button>
      </div>
    </div>
  );
}
