import { HeuristicParams } from '../../shared/pipeline/config';
import {
  formatFieldLines,
  formatKeywordLines,
  formatRecencyLine,
} from '../store/columns/boost-lines';
import type { Column } from '../store/columns/slice';
import { useAppStore } from '../store/context';
import { DraftField } from './draft-field';
import { NumberParam } from './number-param';

/**
 * BM25's boosts: keyword and phrase boosts, metadata field boosts, recency decay and pivoted
 * length normalisation. Collapsed until used; open whenever the column has any.
 */
export function Bm25Boosts({ column, label }: { column: Column; label: string }) {
  const setBoostText = useAppStore((s) => s.setBoostText);
  const setColumnParam = useAppStore((s) => s.setColumnParam);
  const parsed = HeuristicParams.safeParse(column.config.params ?? { method: 'bm25' });
  if (!parsed.success || parsed.data.method !== 'bm25') return null;
  const { keywords, fields, recency, length } = parsed.data;
  const used = !!(keywords?.length || fields?.length || recency || length);

  return (
    <details className="bm25-boosts" open={used}>
      <summary>Boosts{used ? '' : ' (none)'}</summary>
      <DraftField
        title="Keyword boosts"
        name={`Keyword boosts for ${label}`}
        multiline
        initial={formatKeywordLines(keywords)}
        placeholder={'dog training = 2\nbuy now = -1'}
        hint="term or phrase = weight, one per line"
        onEdit={(text) => setBoostText(column.id, 'keywords', text)}
        kept="the last valid keyword boosts"
      />
      <DraftField
        title="Field boosts"
        name={`Field boosts for ${label}`}
        multiline
        initial={formatFieldLines(fields)}
        placeholder={'source = vet : 3\npopularity : 0.1'}
        hint="metadata field = value : weight, or numeric field : weight"
        onEdit={(text) => setBoostText(column.id, 'fields', text)}
        kept="the last valid field boosts"
      />
      <DraftField
        title="Recency"
        name={`Recency for ${label}`}
        initial={formatRecencyLine(recency)}
        placeholder="published, 30, 0.5"
        hint="date field, half-life in days, weight"
        onEdit={(text) => setBoostText(column.id, 'recency', text)}
        kept="the last valid recency setting"
      />
      <NumberParam
        title="length slope"
        label={label}
        idPrefix={column.id}
        min={0}
        max={1}
        step={0.05}
        value={length?.slope ?? 0}
        onText={(text) => {
          const slope = Number(text);
          return setColumnParam(
            column.id,
            'length',
            text.trim() === '' || slope === 0 ? undefined : { ...length, slope },
          );
        }}
      />
    </details>
  );
}
