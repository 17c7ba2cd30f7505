import { BM25_DEFAULTS, HeuristicParams } from '../../shared/pipeline/config';
import { BM25_RANGES, type Column } from '../store/columns/slice';
import { useAppStore } from '../store/context';
import { NumberParam } from './number-param';

/** BM25's k1 and b for one column. */
export function Bm25Params({ column, label }: { column: Column; label: string }) {
  const parsed = HeuristicParams.safeParse(column.config.params ?? { method: 'bm25' });
  const params =
    parsed.success && parsed.data.method === 'bm25'
      ? parsed.data
      : { method: 'bm25' as const, ...BM25_DEFAULTS };
  return (
    <div className="params">
      <Bm25Number name="k1" step={0.1} value={params.k1} column={column} label={label} />
      <Bm25Number name="b" step={0.05} value={params.b} column={column} label={label} />
    </div>
  );
}

function Bm25Number({
  name,
  step,
  value,
  column,
  label,
}: {
  name: 'k1' | 'b';
  step: number;
  value: number;
  column: Column;
  label: string;
}) {
  const setBm25Param = useAppStore((s) => s.setBm25Param);
  return (
    <NumberParam
      title={name}
      label={label}
      idPrefix={column.id}
      step={step}
      value={value}
      {...BM25_RANGES[name]}
      onText={(text) => setBm25Param(column.id, name, text)}
    />
  );
}
