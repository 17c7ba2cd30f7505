import type { ColumnResult } from '../../shared/contract';
import { movementAgainstInput, movementLabel, type Movement } from '../../shared/scoring/ranking';
import type { RunSnapshot } from '../store/run/slice';

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

function formatScore(score: number): string {
  if (score === 0) return '0';
  const abs = Math.abs(score);
  return abs >= 1000 || abs < 0.001 ? score.toExponential(2) : score.toFixed(3);
}

export function ResultList({
  result,
  snapshot,
  label,
}: {
  result: ColumnResult;
  snapshot: RunSnapshot;
  label: string;
}) {
  const shown = result.results.length;
  return (
    <ol className="result-list" aria-label={`Ranking in ${label}`}>
      {result.results.map((item, rank) => {
        const movement = movementAgainstInput(rank, item.index, shown);
        const document = snapshot.documents[item.index];
        return (
          <li
            key={item.index}
            className="result-item"
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
                  score {formatScore(item.score)}
                </span>
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
