import { columnLabels } from '../../../shared/evaluation/report';
import type { Evaluation } from '../../../shared/evaluation/schemas';
import type { QueryDelta } from '../../../shared/evaluation/summary';

const BAR = 14;
const GAP = 4;
const LABEL = 90;
const WIDTH = 420;

/** Plain SVG: one group per metric, one bar per column, on a 0–1 scale. */
export function MetricBars({ evaluation }: { evaluation: Evaluation }) {
  const labels = columnLabels(evaluation);
  const metrics = evaluation.settings.metrics;
  const columns = evaluation.columns;
  const group = columns.length * (BAR + GAP) + 12;
  const height = metrics.length * group;
  return (
    <figure className="evaluation-chart">
      <figcaption>Mean per metric and column</figcaption>
      <svg
        width={LABEL + WIDTH + 60}
        height={height}
        role="img"
        aria-label="Metric bars per column"
      >
        {metrics.map((metric, m) =>
          columns.map((column, c) => {
            const value =
              evaluation.summary.find((s) => s.columnId === column.columnId)?.means[metric] ?? 0;
            const y = m * group + c * (BAR + GAP);
            return (
              <g key={`${metric}-${column.columnId}`}>
                {c === 0 && (
                  <text x={0} y={y + BAR - 2} className="chart-label">
                    {metric}
                  </text>
                )}
                <rect
                  x={LABEL}
                  y={y}
                  width={Math.max(1, value * WIDTH)}
                  height={BAR}
                  className={`chart-bar series-${c % 6}`}
                >
                  <title>{`${labels.get(column.columnId)}: ${value.toFixed(4)}`}</title>
                </rect>
                <text x={LABEL + value * WIDTH + 4} y={y + BAR - 3} className="chart-value">
                  {`${labels.get(column.columnId)} ${value.toFixed(3)}`}
                </text>
              </g>
            );
          }),
        )}
      </svg>
    </figure>
  );
}

/** Plain SVG: one bar per query, its change against the other column, largest gains first. */
export function DeltaBars({
  deltas,
  metric,
  label,
  against,
}: {
  deltas: readonly QueryDelta[];
  metric: string;
  label: string;
  against: string;
}) {
  const sorted = [...deltas].sort((a, b) => b.delta - a.delta);
  const width = Math.max(200, Math.min(720, sorted.length * 8));
  const step = width / Math.max(1, sorted.length);
  const half = 60;
  const scale = Math.max(1e-9, ...sorted.map((d) => Math.abs(d.delta)));
  return (
    <figure className="evaluation-chart">
      <figcaption>
        {label} − {against}, {metric}, per query (largest gain first)
      </figcaption>
      <svg
        width={width}
        height={2 * half + 2}
        role="img"
        aria-label={`Per-query ${metric} deltas for ${label}`}
      >
        <line x1={0} x2={width} y1={half} y2={half} className="chart-axis" />
        {sorted.map((d, i) => {
          const h = (Math.abs(d.delta) / scale) * half;
          return (
            <rect
              key={d.queryId}
              x={i * step}
              y={d.delta >= 0 ? half - h : half}
              width={Math.max(1, step - 1)}
              height={Math.max(d.outcome === 'tie' ? 0 : 1, h)}
              className={`chart-bar ${d.outcome}`}
            >
              <title>{`${d.query}: ${d.delta >= 0 ? '+' : ''}${d.delta.toFixed(4)}`}</title>
            </rect>
          );
        })}
      </svg>
    </figure>
  );
}
