import type { ColumnResult } from '../../shared/contract';
import { columnFacts } from './column-facts';
import { describeScoreScale } from './score-view';

/**
 * How a column's ranking was obtained, in one compact line: what its scores mean, which
 * config produced it, whether it came from the cache, calls, usage and cost; then what its
 * raw scores look like and how to compare them.
 */
export function ColumnDetails({ result, label }: { result: ColumnResult; label: string }) {
  const facts = columnFacts(result);
  const scale = result.status === 'ok' ? describeScoreScale(result) : undefined;
  if (facts.length === 0 && !scale) return null;
  return (
    <>
      {facts.length > 0 && (
        <ul className="column-facts" aria-label={`Details of ${label}`}>
          {facts.map((fact) => (
            <li key={fact.key} className={fact.className} title={fact.title}>
              {fact.text}
            </li>
          ))}
        </ul>
      )}
      {scale && <p className="score-scale-note">{scale}</p>}
    </>
  );
}
