import { useState } from 'react';
import { baselineOf } from '../../../shared/evaluation/report';
import type { Evaluation } from '../../../shared/evaluation/schemas';
import { PairwiseMatrix } from './pairwise-matrix';
import { QueryBreakdown, type ColumnPair } from './query-breakdown';

/**
 * Any two columns side by side, for one metric: the matrix of every pair's tests, and the
 * queries one column wins or loses against another. Choosing a cell of the matrix opens its
 * pair below. Mount with `key={evaluation.id}` so another evaluation starts from its defaults.
 */
export function CompareColumns({ evaluation }: { evaluation: Evaluation }) {
  const [metric, setMetric] = useState(evaluation.settings.metrics[0]!);
  const [pair, setPair] = useState<ColumnPair>(() => defaultPair(evaluation));
  return (
    <div className="compare-columns">
      <h4>Every pair</h4>
      <label className="field inline">
        <span className="field-label">Metric</span>
        <select
          value={metric}
          onChange={(e) => setMetric(e.target.value)}
          aria-label="Comparison metric"
        >
          {evaluation.settings.metrics.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <PairwiseMatrix evaluation={evaluation} metric={metric} onPick={setPair} />
      <QueryBreakdown evaluation={evaluation} metric={metric} pair={pair} onPair={setPair} />
    </div>
  );
}

/** The first column that is neither the baseline nor the input order, against the baseline. */
function defaultPair(evaluation: Evaluation): ColumnPair {
  const against = baselineOf(evaluation);
  const others = evaluation.columns.filter((c) => c.columnId !== against);
  const column = others.find((c) => !c.baseline) ?? others[0];
  return { column: column?.columnId ?? against, against };
}
