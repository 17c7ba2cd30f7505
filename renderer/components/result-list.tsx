import { memo, useMemo, useRef, type RefObject } from 'react';
import type { ColumnResult } from '../../shared/contract';
import { movementAgainstInput, movementLabel, type Movement } from '../../shared/scoring/ranking';
import { currentDocumentKey } from '../store/compare/slice';
import { useAppStore } from '../store/context';
import type { RunSnapshot } from '../store/run/slice';
import { DEFAULT_SCORE_VIEW } from '../store/score-view/slice';
import { passageParts } from './passage-view';
import { formatScore, SCALE_OPTIONS, scoreViewModel } from './score-view';
import { useVirtualRows, virtualListStyle, virtualRowStyle } from './virtual-rows';

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

/**
 * A column's ranking. Only the rows in view are in the page (see virtual-rows.ts); hovering a
 * row highlights the same document in every column.
 */
export function ResultList({
  result,
  snapshot,
  label,
  scrollRef,
}: ColumnRunProps & { scrollRef: RefObject<HTMLElement | null> }) {
  const shown = result.results.length;
  const view = useAppStore((s) => s.scoreViews[result.columnId]) ?? DEFAULT_SCORE_VIEW;
  const model = useMemo(() => scoreViewModel(result, view), [result, view]);
  const prefix = SCALE_OPTIONS.find((option) => option.scale === view.scale)?.prefix ?? 'score';
  const listRef = useRef<HTMLOListElement>(null);
  const virtualizer = useVirtualRows({
    count: shown,
    scrollRef,
    listRef,
    estimateSize: 74,
    gap: 6,
    getItemKey: (rank) => result.results[rank]!.index,
  });
  return (
    <ol
      ref={listRef}
      className="result-list"
      aria-label={`Ranking in ${label}`}
      style={virtualListStyle(virtualizer)}
    >
      {virtualizer.getVirtualItems().map((row) => {
        const item = result.results[row.index]!;
        const { score, below } = model.scores[row.index]!;
        return (
          <li
            key={row.key}
            ref={virtualizer.measureElement}
            data-index={row.index}
            style={virtualRowStyle(virtualizer, row.start)}
            aria-setsize={shown}
            aria-posinset={row.index + 1}
            className="result-row"
            aria-label={`Rank ${row.index + 1}: document ${item.index}`}
          >
            <ResultItem
              rank={row.index}
              index={item.index}
              id={item.id}
              rawScore={item.rawScore}
              text={snapshot.documents[item.index]?.text}
              passageStart={item.passage?.start}
              passageEnd={item.passage?.end}
              passageWindow={item.passage?.window}
              passageWindows={item.passage?.windows}
              shown={shown}
              score={`${prefix} ${formatScore(score)}`}
              below={below}
            />
          </li>
        );
      })}
    </ol>
  );
}

interface ResultItemProps {
  rank: number;
  index: number;
  id: string | number | undefined;
  rawScore: number;
  text: string | undefined;
  /** The window that decided the score (`longDocuments`), as plain values for `memo`. */
  passageStart?: number;
  passageEnd?: number;
  passageWindow?: number;
  passageWindows?: number;
  /** How many results the column shows, for the movement against the input order. */
  shown: number;
  score: string;
  below: boolean;
}

/**
 * One ranked document. Its props are plain values, so scrolling (which re-renders the list)
 * re-renders only the rows that came into view, and the highlight only the rows it changes.
 */
const ResultItem = memo(function ResultItem(props: ResultItemProps) {
  const { rank, index, id, rawScore, shown, score, below } = props;
  const movement = movementAgainstInput(rank, index, shown);
  const key = currentDocumentKey(index);
  const highlighted = useAppStore((s) => s.hoveredDocument === key);
  const setHovered = useAppStore((s) => s.setHoveredDocument);
  const classes = ['result-item'];
  if (below) classes.push('below-threshold');
  if (highlighted) classes.push('highlighted');
  return (
    <div
      className={classes.join(' ')}
      onMouseEnter={() => setHovered(key)}
      onMouseLeave={() => setHovered(undefined)}
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
        <ResultText {...props} />
        <p className="result-meta">
          <span className="doc-ref">#{index}</span>
          {id !== undefined && <span className="doc-id">id {String(id)}</span>}
          <span className="score" title={`native score ${rawScore}`}>
            {score}
          </span>
          {props.passageWindows !== undefined && props.passageWindows > 1 && (
            <span className="passage-ref" title="the window of the document that decided its score">
              window {props.passageWindow! + 1}/{props.passageWindows}
            </span>
          )}
          {below && <span className="below-hint">below threshold</span>}
        </p>
      </div>
    </div>
  );
});

/** The document's text; with a winning window, shown from just before it, highlighted. */
function ResultText(props: ResultItemProps) {
  const { text, passageStart, passageEnd, passageWindow, passageWindows } = props;
  if (
    text === undefined ||
    passageStart === undefined ||
    passageEnd === undefined ||
    passageWindow === undefined ||
    passageWindows === undefined ||
    passageWindows < 2
  ) {
    return <p className="result-text">{text}</p>;
  }
  const parts = passageParts(text, {
    start: passageStart,
    end: passageEnd,
    window: passageWindow,
    windows: passageWindows,
  });
  return (
    <p className="result-text" title={`Scored on ${parts.label}`}>
      {parts.before}
      <mark className="passage" aria-label={`winning passage, ${parts.label}`}>
        {parts.passage}
      </mark>
      {parts.after}
    </p>
  );
}
