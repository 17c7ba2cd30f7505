import { MAX_COLUMNS } from '../../shared/rerank/limits';
import { useAppStore } from '../store/context';
import { ResultColumn } from './result-column';

export function ColumnsArea() {
  const columns = useAppStore((s) => s.columns);
  const addColumn = useAppStore((s) => s.addColumn);
  return (
    <section className="columns-area" aria-label="Result columns">
      {columns.map((column, i) => (
        <ResultColumn key={column.id} column={column} position={i + 1} />
      ))}
      <div className="add-column">
        <button type="button" onClick={() => addColumn()} disabled={columns.length >= MAX_COLUMNS}>
          Add column
        </button>
      </div>
    </section>
  );
}
