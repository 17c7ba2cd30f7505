import type { ColumnResult } from '../../shared/contract';
import { columnFacts } from './column-facts';

/**
 * How a column's ranking was obtained, in one compact line: what its scores mean, which
 * config produced it, whether it came from the cache, calls, usage and cost.
 */
export function ColumnDetails({ result, label }: { result: ColumnResult; label: string }) {
  const facts = columnFacts(result);
  if (facts.length === 0) return null;
  return (
    <ul className="column-facts" aria-label={`Details of ${label}`}>
      {facts.map((fact) => (
        <li key={fact.key} className={fact.className} title={fact.title}>
          {fact.text}
        </li>
      ))}
    </ul>
  );
}
