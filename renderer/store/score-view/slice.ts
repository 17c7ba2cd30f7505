/**
 * How each column shows its scores: on which scale, and from which score down results are
 * greyed out. A view setting only: it is never sent with a run and never changes a ranking.
 */
import type { StateCreator } from 'zustand';
import { fail, ok, type Result } from '../../../shared/util/result';
import type { AppState } from '../types';

/** `raw` shows each result's `score` as the host sent it; the others normalise it per column. */
export type ScoreScale = 'raw' | 'minmax' | 'zscore' | 'rank';

export const SCORE_SCALES: readonly ScoreScale[] = ['raw', 'minmax', 'zscore', 'rank'];

export interface ScoreView {
  scale: ScoreScale;
  /** Results whose displayed score (on `scale`) is below this are greyed out. */
  threshold?: number;
}

/** What a column shows until its view is changed. */
export const DEFAULT_SCORE_VIEW: ScoreView = Object.freeze({ scale: 'raw' });

export interface ScoreViewSlice {
  /** By column id; a column without an entry uses {@link DEFAULT_SCORE_VIEW}. */
  scoreViews: Record<string, ScoreView>;
  setScoreScale: (columnId: string, scale: ScoreScale) => void;
  /**
   * Sets the threshold from typed text: blank clears it, a number sets it, anything else is
   * refused with the reason and leaves the threshold as it was.
   */
  setScoreThreshold: (columnId: string, text: string) => Result<number | undefined>;
  /** Drops the views of columns that no longer exist. */
  forgetScoreViews: (keepColumnIds: readonly string[]) => void;
}

/** A plain decimal or exponent number; "−" (U+2212, as the app prints minus) counts as "-". */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The threshold typed in `text`: undefined for blank, or why the text is not a number. */
export function parseThreshold(text: string): Result<number | undefined> {
  const trimmed = text.trim().replace(/\u2212/g, '-');
  if (trimmed === '') return ok(undefined);
  const value = Number(trimmed);
  if (!NUMBER.test(trimmed) || !Number.isFinite(value)) {
    return fail(
      'invalid_request',
      `"${text.trim()}" is not a number: type a score such as 0.5 or -1.2, or leave it blank`,
    );
  }
  return ok(value);
}

export const createScoreViewSlice: StateCreator<AppState, [], [], ScoreViewSlice> = (set, get) => {
  const update = (columnId: string, change: (view: ScoreView) => ScoreView) =>
    set((state) => ({
      scoreViews: {
        ...state.scoreViews,
        [columnId]: change(state.scoreViews[columnId] ?? DEFAULT_SCORE_VIEW),
      },
    }));
  return {
    scoreViews: {},

    setScoreScale: (columnId, scale) => update(columnId, (view) => ({ ...view, scale })),

    setScoreThreshold(columnId, text) {
      const parsed = parseThreshold(text);
      if (!parsed.ok) return parsed;
      const threshold = parsed.value;
      update(columnId, ({ scale }) => (threshold === undefined ? { scale } : { scale, threshold }));
      return parsed;
    },

    forgetScoreViews(keepColumnIds) {
      const keep = new Set(keepColumnIds);
      const views = get().scoreViews;
      if (Object.keys(views).every((id) => keep.has(id))) return;
      set({ scoreViews: Object.fromEntries(Object.entries(views).filter(([id]) => keep.has(id))) });
    },
  };
};
