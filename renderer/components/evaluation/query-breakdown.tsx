import { columnLabels, formatValue } from '../../../shared/evaluation/report';
import type { Evaluation } from '../../../shared/evaluation/schemas';
import { queryDeltas, type QueryDelta } from '../../../shared/evaluation/summary';
import { DeltaBars } from './evaluation-charts';

/** Two columns: `column`'s values against `against`'s. */
export interface ColumnPair {
  column: string;
  against: string;
}

/**
 * Where one column wins or loses against another (any two), query by query, for one metric:
 * how many, by how much on average, a bar per query, and the queries from the worst loss.
 */
export function QueryBreakdown({
  evaluation,
  metric,
  pair,
  onPair,
}: {
  evaluation: Evaluation;
  metric: string;
  pair: ColumnPair;
  onPair: (pair: ColumnPair) => void;
}) {
  const labels = columnLabels(evaluation);
  const known = (id: string) => evaluation.columns.some((c) => c.columnId === id);
  if (!known(pair.column) || !known(pair.against)) return null;
  const label = labels.get(pair.column)!;
  const againstLabel = labels.get(pair.against)!;
  const same = pair.column === pair.against;
  const deltas = same ? [] : queryDeltas(evaluation.queries, pair.column, pair.against, metric);
  const count = (outcome: QueryDelta['outcome']) =>
    deltas.filter((d) => d.outcome === outcome).length;
  const select = (field: keyof ColumnPair, name: string, title: string) => (
    <label className="field inline">
      <span className="field-label">{title}</span>
      <select
        value={pair[field]}
        onChange={(e) => onPair({ ...pair, [field]: e.target.value })}
        aria-label={name}
      >
        {evaluation.columns.map((c) => (
          <option key={c.columnId} value={c.columnId}>
            {labels.get(c.columnId)}
          </option>
        ))}
      </select>
    </label>
  );
  const missing = evaluation.queries.filter(
    (q) => q.errors?.[pair.column] || q.errors?.[pair.against],
  ).length;

  return (
    <div className="query-breakdown">
      <h4>Wins and losses, per query</h4>
      <div className="settings-row">
        {select('column', 'Breakdown column', 'Column')}
        {select('against', 'Breakdown against', 'against')}
        <button
          type="button"
          className="small"
          onClick={() => onPair({ column: pair.against, against: pair.column })}
        >
          Swap
        </button>
        <span role="status" aria-label="Wins and losses">
          {same
            ? 'choose two different columns'
            : `${label} against ${againstLabel === 'baseline' ? 'the baseline' : againstLabel}: ${count('win')} wins, ${count('loss')} losses, ${count('tie')} ties`}
        </span>
      </div>
      {!same && (
        <>
          <p className="hint" role="status" aria-label="Margins">
            {margins(deltas, label, againstLabel)}
          </p>
          <DeltaBars deltas={deltas} metric={metric} label={label} against={againstLabel} />
          <table className="evaluation-table breakdown" aria-label="Per-query results">
            <thead>
              <tr>
                <th scope="col">query</th>
                <th scope="col">{againstLabel}</th>
                <th scope="col">{label}</th>
                <th scope="col">winner</th>
                <th scope="col">change</th>
              </tr>
            </thead>
            <tbody>
              {[...deltas]
                .sort((a, b) => a.delta - b.delta)
                .map((d) => (
                  <tr key={d.queryId} className={d.outcome}>
                    <td title={d.queryId}>{d.query}</td>
                    <td>{formatValue(d.against)}</td>
                    <td>{formatValue(d.value)}</td>
                    <td>
                      {d.outcome === 'win' ? label : d.outcome === 'loss' ? againstLabel : 'tie'}
                    </td>
                    <td>
                      {d.outcome === 'tie' ? '=' : `${d.delta > 0 ? '+' : ''}${d.delta.toFixed(4)}`}
                      <span className="sr-only"> {d.outcome}</span>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      )}
      {missing > 0 && (
        <p className="hint warn">
          {missing} {missing === 1 ? 'query has' : 'queries have'} no value for one of the two (it
          failed on them); they are left out of this comparison and its tests.
        </p>
      )}
    </div>
  );
}

/** "bm25 wins by 0.1250 on average where it wins, and loses by 0.0500 where it loses." */
function margins(deltas: readonly QueryDelta[], label: string, against: string): string {
  const average = (outcome: QueryDelta['outcome']) => {
    const picked = deltas.filter((d) => d.outcome === outcome);
    return picked.length === 0
      ? undefined
      : Math.abs(picked.reduce((sum, d) => sum + d.delta, 0) / picked.length);
  };
  const win = average('win');
  const loss = average('loss');
  const parts = [
    win === undefined ? `${label} wins no query` : `${label} wins by ${win.toFixed(4)} on average`,
    loss === undefined
      ? `${against} wins none`
      : `${against} wins by ${loss.toFixed(4)} on average where it wins`,
  ];
  return `${parts.join('; ')}.`;
}
