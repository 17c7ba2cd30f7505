import { columnLabels, formatP } from '../../../shared/evaluation/report';
import { pairwiseMatrix } from '../../../shared/evaluation/pairwise';
import type { Evaluation } from '../../../shared/evaluation/schemas';
import type { ColumnPair } from './query-breakdown';

/** Adjusted p below this is marked; the figure is there for anyone who wants another level. */
const MARK_BELOW = 0.05;

/**
 * Row column against column column, for one metric: the mean difference over the queries both
 * ranked, and the randomisation / t-test p, Holm–Bonferroni adjusted over the pairs shown (why
 * adjusted: shared/evaluation/pairwise.ts); the unadjusted p and the wins on hover.
 */
export function PairwiseMatrix({
  evaluation,
  metric,
  onPick,
}: {
  evaluation: Evaluation;
  metric: string;
  onPick: (pair: ColumnPair) => void;
}) {
  if (!evaluation.pairwise) return null;
  const labels = columnLabels(evaluation);
  const ids = evaluation.columns.map((c) => c.columnId);
  const { cells, family } = pairwiseMatrix(evaluation.pairwise, ids, metric);
  return (
    <>
      <table className="evaluation-table pairwise" aria-label="Pairwise tests">
        <thead>
          <tr>
            <th scope="col">row − column</th>
            {ids.map((id) => (
              <th key={id} scope="col">
                {labels.get(id)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ids.map((row, i) => (
            <tr key={row}>
              <th scope="row">{labels.get(row)}</th>
              {ids.map((column, j) => {
                const cell = cells[i]![j];
                const name = `${labels.get(row)} against ${labels.get(column)}`;
                if (!cell) {
                  return (
                    <td key={column} aria-label={name}>
                      –
                    </td>
                  );
                }
                const { test } = cell;
                const marked =
                  cell.randomisationP !== undefined && cell.randomisationP < MARK_BELOW;
                return (
                  <td key={column} aria-label={name} className={marked ? 'significant' : undefined}>
                    <button
                      type="button"
                      className="link"
                      onClick={() => onPick({ column: row, against: column })}
                      title={`unadjusted p ${formatP(test.randomisationP)} / ${formatP(test.tTestP)}; ${labels.get(row)} wins ${test.wins}, loses ${test.losses}, ties ${test.ties} of ${test.n} queries`}
                    >
                      {`${test.meanDifference >= 0 ? '+' : ''}${test.meanDifference.toFixed(4)}`}
                      <span className="p-values">
                        {' '}
                        p {formatP(cell.randomisationP)} / {formatP(cell.tTestP)}
                      </span>
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint" aria-label="Pairwise tests note">
        {metric}, row − column over the queries both ranked. p: paired randomisation / t-test,
        Holm–Bonferroni adjusted over the {family} {family === 1 ? 'pair' : 'pairs'} (each test
        separately): calling every adjusted p below 0.05 a difference keeps the chance of any false
        one at most 5%. Unadjusted p on hover; choose a cell to see its queries.
      </p>
    </>
  );
}
