import { memo } from 'react';
import type { ComparedDocument, RankingInput } from '../../shared/scoring/comparison';
import type { ComparedText } from '../store/compare/slice';
import { useAppStore } from '../store/context';

const COLUMN_GAP = 170;
const ROW_HEIGHT = 22;
const TOP = 34;
const SIDE = 190;
const LABEL_CHARS = 22;
/** Colour-blind-friendly categorical colours (Okabe–Ito), cycled by a document's best rank. */
const COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#999933'];

export interface BumpChartProps {
  rankings: readonly RankingInput[];
  /** Documents in order of their best rank (see compareRankings). */
  documents: readonly ComparedDocument[];
  texts: ReadonlyMap<string, ComparedText>;
  /** Ranks drawn; a document below this in a ranking sits on the "below" line there. */
  depth: number;
}

/**
 * The rank-movement chart: one vertical axis per ranking, one line per document in anyone's
 * top `depth`, linking its positions. A document below the depth (or missing) in a ranking is
 * drawn on the bottom line, dashed. Hovering a line highlights the document everywhere.
 */
export const BumpChart = memo(function BumpChart({
  rankings,
  documents,
  texts,
  depth: asked,
}: BumpChartProps) {
  const hovered = useAppStore((s) => s.hoveredDocument);
  const setHovered = useAppStore((s) => s.setHoveredDocument);
  // No more rows than the longest ranking has.
  const longest = Math.max(1, ...rankings.map((ranking) => ranking.keys.length));
  const depth = Math.min(asked, longest);
  const drawn = documents.filter((d) => d.ranks.some((rank) => rank !== undefined && rank < depth));
  const width = SIDE * 2 + COLUMN_GAP * Math.max(1, rankings.length - 1);
  const height = TOP + ROW_HEIGHT * (depth + 1) + 8;
  const x = (r: number) => SIDE + r * COLUMN_GAP;
  const y = (rank: number | undefined) =>
    TOP + ROW_HEIGHT * (rank === undefined || rank >= depth ? depth : rank) + ROW_HEIGHT / 2;
  const below = (rank: number | undefined) => rank === undefined || rank >= depth;

  return (
    <svg
      className="bump-chart"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={`Rank movement of the top ${depth} across ${rankings.length} rankings`}
      onMouseLeave={() => setHovered(undefined)}
    >
      {rankings.map((ranking, r) => (
        <g key={ranking.id}>
          <text className="bump-axis-label" x={x(r)} y={16} textAnchor="middle">
            {truncate(ranking.label, 24)}
            <title>{ranking.label}</title>
          </text>
          <line className="bump-axis" x1={x(r)} x2={x(r)} y1={TOP} y2={height - 8} />
        </g>
      ))}
      <text className="bump-below-label" x={8} y={y(depth) + 4}>
        below {depth} or absent
      </text>
      {drawn.map((document, i) => {
        const text = texts.get(document.key);
        const colour = COLOURS[i % COLOURS.length];
        const state = hovered === undefined ? '' : hovered === document.key ? ' hovered' : ' faded';
        const title = `${text?.label ?? document.key}: ${rankings
          .map((ranking, r) => `${ranking.label} ${rankText(document.ranks[r])}`)
          .join(', ')}`;
        return (
          <g
            key={document.key}
            className={`bump-line${state}`}
            style={{ color: colour }}
            onMouseEnter={() => setHovered(document.key)}
            data-document={text?.label}
          >
            <title>{title}</title>
            {document.ranks.slice(1).map((rank, r) => {
              const from = document.ranks[r];
              const ends = { x1: x(r), y1: y(from), x2: x(r + 1), y2: y(rank) };
              return (
                <g key={r}>
                  <line
                    {...ends}
                    strokeDasharray={below(from) || below(rank) ? '4 4' : undefined}
                  />
                  {/* A wide invisible stroke, so a 2-pixel line is easy to point at. */}
                  <line {...ends} className="bump-hit" />
                </g>
              );
            })}
            {document.ranks.map((rank, r) =>
              below(rank) ? null : <circle key={r} cx={x(r)} cy={y(rank)} r={5} />,
            )}
            {!below(document.ranks[0]) && (
              <EndLabel x={x(0) - 10} y={y(document.ranks[0])} anchor="end" text={text} />
            )}
            {!below(document.ranks[rankings.length - 1]) && (
              <EndLabel
                x={x(rankings.length - 1) + 10}
                y={y(document.ranks[rankings.length - 1])}
                anchor="start"
                text={text}
              />
            )}
          </g>
        );
      })}
    </svg>
  );
});

function EndLabel({
  x,
  y,
  anchor,
  text,
}: {
  x: number;
  y: number;
  anchor: 'start' | 'end';
  text: ComparedText | undefined;
}) {
  if (!text) return null;
  return (
    <text className="bump-doc-label" x={x} y={y + 4} textAnchor={anchor}>
      {text.label} {truncate(text.text, LABEL_CHARS)}
    </text>
  );
}

function rankText(rank: number | undefined): string {
  return rank === undefined ? 'absent' : `rank ${rank + 1}`;
}

function truncate(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}
