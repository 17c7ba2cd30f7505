import { useId, useMemo, useState } from 'react';
import type { ColumnResult } from '../../shared/contract';
import { useAppStore } from '../store/context';
import { DEFAULT_SCORE_VIEW, SCORE_SCALES, type ScoreScale } from '../store/score-view/slice';
import { plural, SCALE_OPTIONS, scoreViewModel } from './score-view';

/**
 * The "Scores" row of a column with a ranking: the scale its scores are shown on and a
 * threshold under which results are greyed out. Only changes the view, never the ranking.
 * The threshold field keeps what was typed even when it is refused, and says why.
 */
export function ScoreViewControls({ result, label }: { result: ColumnResult; label: string }) {
  const columnId = result.columnId;
  const view = useAppStore((s) => s.scoreViews[columnId]) ?? DEFAULT_SCORE_VIEW;
  const setScoreScale = useAppStore((s) => s.setScoreScale);
  const setScoreThreshold = useAppStore((s) => s.setScoreThreshold);
  const [text, setText] = useState(() =>
    view.threshold === undefined ? '' : String(view.threshold),
  );
  const [error, setError] = useState<string>();
  const errorId = useId();
  const { belowCount } = useMemo(() => scoreViewModel(result, view), [result, view]);
  if (result.results.length === 0) return null;
  const kept = view.threshold === undefined ? 'no threshold' : `the threshold ${view.threshold}`;

  return (
    <div className="score-view" role="group" aria-label={`Scores of ${label}`}>
      <div className="score-view-row">
        <label className="field inline">
          <span className="field-label">Scores</span>
          <select
            value={view.scale}
            aria-label={`Score scale for ${label}`}
            onChange={(e) => {
              const scale = e.target.value as ScoreScale;
              if (SCORE_SCALES.includes(scale)) setScoreScale(columnId, scale);
            }}
          >
            {SCALE_OPTIONS.map((option) => (
              <option key={option.scale} value={option.scale}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field inline">
          <span className="field-label">Threshold</span>
          <input
            type="text"
            inputMode="decimal"
            className="score-threshold"
            value={text}
            placeholder="none"
            autoComplete="off"
            spellCheck={false}
            aria-label={`Score threshold for ${label}`}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(e) => {
              setText(e.target.value);
              const applied = setScoreThreshold(columnId, e.target.value);
              setError(applied.ok ? undefined : applied.error.message);
            }}
          />
        </label>
      </div>
      {error && (
        <p id={errorId} className="inline-error" role="alert">
          {error}; the view keeps {kept}
        </p>
      )}
      {/* Always present, so screen readers announce the count as it changes. */}
      <p className="score-view-count" role="status">
        {belowCount > 0 ? `${plural(belowCount, 'result')} below the threshold` : ''}
      </p>
    </div>
  );
}
