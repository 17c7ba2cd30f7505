import { memo, useRef } from 'react';
import { rankDelta } from '../../shared/scoring/agreement';
import type { ComparedDocument, RankingInput } from '../../shared/scoring/comparison';
import type { ComparedText } from '../store/compare/slice';
import { useAppStore } from '../store/context';
import { useVirtualRows, virtualListStyle, virtualRowStyle } from './virtual-rows';

export interface RankTableProps {
  rankings: readonly RankingInput[];
  /** In table order. */
  documents: readonly ComparedDocument[];
  texts: ReadonlyMap<string, ComparedText>;
  /** Position of the ranking Δrank is measured against. */
  reference: number;
}

/**
 * Every document with its rank in each ranking and its Δrank against the reference (↑ moved
 * up, ↓ down). It scrolls in its own box and renders only the rows in view.
 */
export function RankTable({ rankings, documents, texts, reference }: RankTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualRows({
    count: documents.length,
    scrollRef,
    listRef: bodyRef,
    estimateSize: 30,
    getItemKey: (i) => documents[i]!.key,
  });
  const columns = `minmax(180px, 2fr) repeat(${rankings.length}, minmax(90px, 1fr))`;
  return (
    <div
      ref={scrollRef}
      className="rank-table"
      role="table"
      aria-label="Ranks of every document"
      aria-rowcount={documents.length + 1}
    >
      <div
        className="rank-table-head"
        role="row"
        aria-rowindex={1}
        style={{ gridTemplateColumns: columns }}
      >
        <span role="columnheader">Document</span>
        {rankings.map((ranking, r) => (
          <span key={ranking.id} role="columnheader" title={ranking.label}>
            {ranking.label}
            {r === reference ? ' (reference)' : ''}
          </span>
        ))}
      </div>
      <div ref={bodyRef} role="rowgroup" style={virtualListStyle(virtualizer)}>
        {virtualizer.getVirtualItems().map((row) => {
          const document = documents[row.index]!;
          return (
            <div
              key={row.key}
              ref={virtualizer.measureElement}
              data-index={row.index}
              style={virtualRowStyle(virtualizer, row.start)}
            >
              <RankRow
                document={document}
                text={texts.get(document.key)}
                reference={reference}
                rowIndex={row.index + 2}
                columns={columns}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}

const RankRow = memo(function RankRow({
  document,
  text,
  reference,
  rowIndex,
  columns,
}: {
  document: ComparedDocument;
  text: ComparedText | undefined;
  reference: number;
  rowIndex: number;
  columns: string;
}) {
  const highlighted = useAppStore((s) => s.hoveredDocument === document.key);
  const setHovered = useAppStore((s) => s.setHoveredDocument);
  const from = document.ranks[reference];
  return (
    <div
      className={highlighted ? 'rank-row highlighted' : 'rank-row'}
      role="row"
      aria-rowindex={rowIndex}
      aria-label={text?.label ?? document.key}
      style={{ gridTemplateColumns: columns }}
      onMouseEnter={() => setHovered(document.key)}
      onMouseLeave={() => setHovered(undefined)}
    >
      <span role="cell" className="rank-doc" title={text?.text}>
        <span className="doc-ref">{text?.label}</span> {text?.text}
      </span>
      {document.ranks.map((rank, r) => (
        <span key={r} role="cell" className="rank-cell">
          {rank === undefined ? '—' : rank + 1}
          {r !== reference && <Delta delta={rankDelta(from, rank)} />}
        </span>
      ))}
    </div>
  );
});

function Delta({ delta }: { delta: number | undefined }) {
  if (delta === undefined) return null;
  if (delta === 0) return <span className="movement same"> =</span>;
  return delta > 0 ? (
    <span className="movement up" aria-label={`moved up ${delta}`}>
      {' '}
      ↑{delta}
    </span>
  ) : (
    <span className="movement down" aria-label={`moved down ${-delta}`}>
      {' '}
      ↓{-delta}
    </span>
  );
}
