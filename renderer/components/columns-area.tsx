import { MAX_COLUMNS } from '../../shared/rerank/limits';
import { useAppStore } from '../store/context';
import { ErrorBoundary } from './error-boundary';
import { ResultColumn } from './result-column';

export function ColumnsArea() {
  const columns = useAppStore((s) => s.columns);
  const addColumn = useAppStore((s) => s.addColumn);
  return (
    <section className="columns-area" aria-label="Result columns">
      {columns.map((column, i) => (
        <ErrorBoundary key={column.id} label={`Column ${i + 1}`}>
          <ResultColumn column={column} position={i + 1} />
        </ErrorBoundary>
      ))}
      <div className="add-column">
        <button type="button" onClick={() => addColumn()} disabled={columns.length >= MAX_COLUMNS}>
          Add column
        </button>
      </div>
    </section>
  );
}
