import { useMemo } from 'react';
import type { ColumnResult } from '../../shared/contract';
import { movementAgainstInput, movementLabel, type Movement } from '../../shared/scoring/ranking';
import { useAppStore } from '../store/context';
import type { RunSnapshot } from '../store/run/slice';
import { DEFAULT_SCORE_VIEW } from '../store/score-view/slice';
import { formatScore, SCALE_OPTIONS, scoreViewModel } from './score-view';

function describeMovement(movement: Movement): string {
  switch (movement.kind) {
    case 'up':
      return `moved up ${movement.by}`;
    case 'down':
      return `moved down ${movement.by}`;
    case 'same':
      return 'same position as input';
    case 'new':
      return 'new in the top results';
  }
}

/** A finished column's result with the run's documents, as the views under a column take it. */
export interface ColumnRunProps {
  result: ColumnResult;
  snapshot: RunSnapshot;
  label: string;
}

export function ResultList({ result, snapshot, label }: ColumnRunProps) {
  const shown = result.results.length;
  const view = useAppStore((s) => s.scoreViews[result.columnId]) ?? DEFAULT_SCORE_VIEW;
  const model = useMemo(() => scoreViewModel(result, view), [result, view]);
  const prefix = SCALE_OPTIONS.find((option) => option.scale === view.scale)?.prefix ?? 'score';
  return (
    <ol className="result-list" aria-label={`Ranking in ${label}`}>
      {result.results.map((item, rank) => {
        const movement = movementAgainstInput(rank, item.index, shown);
        const document = snapshot.documents[item.index];
        const { score, below } = model.scores[rank]!;
        return (
          <li
            key={item.index}
            className={below ? 'result-item below-threshold' : 'result-item'}
            aria-label={`Rank ${rank + 1}: document ${item.index}`}
          >
            <span className="rank">{rank + 1}</span>
            <span
              className={`movement ${movement.kind}`}
              role="img"
              aria-label={describeMovement(movement)}
              title={describeMovement(movement)}
            >
              {movementLabel(movement)}
            </span>
            <div className="result-body">
              <p className="result-text">{document?.text}</p>
              <p className="result-meta">
                <span className="doc-ref">#{item.index}</span>
                {item.id !== undefined && <span className="doc-id">id {String(item.id)}</span>}
                <span className="score" title={`native score ${item.rawScore}`}>
                  {prefix} {formatScore(score)}
                </span>
                {below && <span className="below-hint">below threshold</span>}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
