import {
  againstText,
  columnLabels,
  formatP,
  formatValue,
  headerLabel,
} from '../../../shared/evaluation/report';
import { bestColumn } from '../../../shared/evaluation/summary';
import type { Evaluation } from '../../../shared/evaluation/schemas';
import type { ExportFormat } from '../../store/evaluation/slice';
import { useAppStore } from '../../store/context';
import { CompareColumns } from './compare-columns';
import { MetricBars } from './evaluation-charts';

const EXPORTS: [ExportFormat, string][] = [
  ['csv', 'CSV'],
  ['json', 'JSON'],
  ['md', 'Markdown'],
];

/**
 * Metric × column, the best of each metric marked, p-values against the baseline column; the
 * bars; every pair's tests and any pair's wins and losses; the exports.
 */
export function EvaluationResults() {
  const evaluation = useAppStore((s) => s.evalResult);
  const download = useAppStore((s) => s.downloadEvaluation);
  if (!evaluation) return null;

  return (
    <section className="evaluation-section" aria-label="Results">
      <h3>Results</h3>
      <p className="hint" role="status" aria-label="Evaluation summary">
        {evaluation.dataset.name} · {evaluation.status === 'cancelled' ? 'cancelled: ' : ''}
        {evaluation.queries.length} of {evaluation.plannedQueries} queries · relevant = grade ≥{' '}
        {evaluation.settings.threshold} · {(evaluation.durationMs / 1000).toFixed(1)} s
      </p>
      <ResultsTable evaluation={evaluation} />
      <p className="hint">
        p: two-sided paired randomisation test / paired t-test of each query against{' '}
        {againstText(evaluation)}, unadjusted (one test per column and metric); ★ best of the
        metric.
      </p>
      {evaluation.warnings.map((warning) => (
        <p key={warning} className="hint warn">
          {warning}
        </p>
      ))}
      <MetricBars evaluation={evaluation} />
      <CompareColumns key={evaluation.id} evaluation={evaluation} />
      <div className="button-row">
        {EXPORTS.map(([format, label]) => (
          <button key={format} type="button" className="small" onClick={() => download(format)}>
            Export {label}
          </button>
        ))}
      </div>
    </section>
  );
}

function ResultsTable({ evaluation }: { evaluation: Evaluation }) {
  const labels = columnLabels(evaluation);
  return (
    <table className="evaluation-table" aria-label="Metrics by column">
      <thead>
        <tr>
          <th scope="col">metric</th>
          {evaluation.columns.map((column) => (
            <th key={column.columnId} scope="col">
              {headerLabel(evaluation, labels, column.columnId)}
              {column.errors > 0 && (
                <span className="hint warn" title={column.firstError}>
                  {' '}
                  ({column.errors} failed)
                </span>
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {evaluation.settings.metrics.map((metric) => {
          const best = bestColumn(evaluation.summary, metric);
          return (
            <tr key={metric}>
              <th scope="row">{metric}</th>
              {evaluation.columns.map((column) => {
                const summary = evaluation.summary.find((s) => s.columnId === column.columnId);
                const test = summary?.tests?.[metric];
                const isBest = column.columnId === best;
                return (
                  <td
                    key={column.columnId}
                    className={isBest ? 'best' : undefined}
                    aria-label={`${metric} ${labels.get(column.columnId)}`}
                  >
                    <span className="metric-value">{formatValue(summary?.means[metric])}</span>
                    {isBest && <span aria-label="best"> ★</span>}
                    {test && (
                      <span
                        className="p-values"
                        title={`wins ${test.wins}, losses ${test.losses}, ties ${test.ties} over ${test.n} queries`}
                      >
                        {' '}
                        p {formatP(test.randomisationP)} / {formatP(test.tTestP)}
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
