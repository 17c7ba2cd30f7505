import { columnLabels, headerLabel } from '../../../shared/evaluation/report';
import { useAppStore } from '../../store/context';

/** Every saved evaluation (from the app or the CLI), newest first: open or delete. */
export function SavedEvaluations() {
  const saved = useAppStore((s) => s.evalSaved);
  const open = useAppStore((s) => s.openSavedEvaluation);
  const remove = useAppStore((s) => s.deleteSavedEvaluation);
  const shown = useAppStore((s) => s.evalResult?.id);
  return (
    <section className="evaluation-section" aria-label="Saved evaluations">
      <h3>Saved evaluations</h3>
      {saved.length === 0 && <p className="hint">None yet: every evaluation is kept here.</p>}
      <ol className="history-list" aria-label="Saved evaluations list">
        {saved.map((item) => {
          const headline = item.settings.metrics[0]!;
          const labels = columnLabels(item);
          const figures = item.columns
            .map((c) => {
              const value = item.summary.find((s) => s.columnId === c.columnId)?.means[headline];
              return `${headerLabel(item, labels, c.columnId)} ${value === undefined ? '–' : value.toFixed(4)}`;
            })
            .join(' · ');
          return (
            <li
              key={item.id}
              className="history-run"
              aria-label={`Evaluation of ${item.dataset.name}`}
            >
              <div className="history-summary">
                <span className="history-query">
                  {item.dataset.name}
                  {item.id === shown && <span className="hint"> (shown)</span>}
                </span>
                <span className="hint">
                  {new Date(item.createdAt).toLocaleString()} · {item.source} · {item.status} ·{' '}
                  {item.completedQueries} of {item.plannedQueries} queries · {headline}: {figures}
                </span>
              </div>
              <div className="button-row">
                <button type="button" className="small" onClick={() => void open(item.id)}>
                  Open
                </button>
                <button type="button" className="ghost small" onClick={() => void remove(item.id)}>
                  Delete
                </button>
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
