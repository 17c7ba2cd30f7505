import { useState } from 'react';
import { columnLabels, formatValue } from '../../../shared/evaluation/report';
import type { Evaluation } from '../../../shared/evaluation/schemas';
import { queryDeltas } from '../../../shared/evaluation/summary';
import { DeltaBars } from './evaluation-charts';

/** Where a column wins or loses against the baseline, query by query, for one metric. */
export function QueryBreakdown({ evaluation }: { evaluation: Evaluation }) {
  const labels = columnLabels(evaluation);
  const others = evaluation.columns.filter((c) => !c.baseline);
  const baseline = evaluation.columns.find((c) => c.baseline);
  const [columnId, setColumnId] = useState(others[0]?.columnId);
  const [metric, setMetric] = useState(evaluation.settings.metrics[0]!);
  const column = others.find((c) => c.columnId === columnId) ?? others[0];
  if (!column || !baseline) return null;
  const deltas = queryDeltas(evaluation.queries, column.columnId, baseline.columnId, metric);
  const count = (outcome: string) => deltas.filter((d) => d.outcome === outcome).length;
  const label = labels.get(column.columnId)!;

  return (
    <div className="query-breakdown">
      <h4>Per query</h4>
      <div className="settings-row">
        <label className="field inline">
          <span className="field-label">Column</span>
          <select
            value={column.columnId}
            onChange={(e) => setColumnId(e.target.value)}
            aria-label="Breakdown column"
          >
            {others.map((c) => (
              <option key={c.columnId} value={c.columnId}>
                {labels.get(c.columnId)}
              </option>
            ))}
          </select>
        </label>
        <label className="field inline">
          <span className="field-label">Metric</span>
          <select
            value={metric}
            onChange={(e) => setMetric(e.target.value)}
            aria-label="Breakdown metric"
          >
            {evaluation.settings.metrics.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <span role="status" aria-label="Wins and losses">
          {label} against the baseline: {count('win')} wins, {count('loss')} losses, {count('tie')}{' '}
          ties
        </span>
      </div>
      <DeltaBars deltas={deltas} metric={metric} label={label} />
      <table className="evaluation-table breakdown" aria-label="Per-query results">
        <thead>
          <tr>
            <th scope="col">query</th>
            <th scope="col">baseline</th>
            <th scope="col">{label}</th>
            <th scope="col">change</th>
          </tr>
        </thead>
        <tbody>
          {[...deltas]
            .sort((a, b) => a.delta - b.delta)
            .map((d) => (
              <tr key={d.queryId} className={d.outcome}>
                <td title={d.queryId}>{d.query}</td>
                <td>{formatValue(d.baseline)}</td>
                <td>{formatValue(d.value)}</td>
                <td>
                  {d.outcome === 'tie' ? '=' : `${d.delta > 0 ? '+' : ''}${d.delta.toFixed(4)}`}
                  <span className="sr-only"> {d.outcome}</span>
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      {evaluation.queries.some((q) => q.errors?.[column.columnId]) && (
        <p className="hint warn">
          {label} has no value for{' '}
          {evaluation.queries.filter((q) => q.errors?.[column.columnId]).length} queries (it failed
          on them); they are left out of its mean and its tests.
        </p>
      )}
    </div>
  );
}
