/**
 * Long documents: score the best passage, not the first window. A config's `longDocuments`
 * says whether a document is cut to its first window (`truncate`) or split into overlapping
 * windows that are all scored (`chunk`), the document taking the aggregate of its windows'
 * scores: `max` is MaxP (Dai & Callan, "Deeper Text Understanding for IR with Contextual
 * Neural Language Modeling", SIGIR 2019), `mean-top-2` smooths one lucky window, `first` is
 * the truncated score (a baseline at the same cost).
 *
 * Pure: window plans are made over "units" (whitespace-separated words with their token
 * counts), whoever counted them. The inference worker counts with the model's tokenizer; rerank
 * APIs and LLM judges count with {@link estimateTokens}, since they do not publish theirs.
 */
import { z } from 'zod';

export const LONG_DOCUMENT_MODES = ['truncate', 'chunk'] as const;
export const WINDOW_AGGREGATES = ['max', 'mean-top-2', 'first'] as const;
export type WindowAggregate = (typeof WINDOW_AGGREGATES)[number];

/** Tokens of one window (document tokens only: the query and template come on top). */
export const WINDOW_RANGE = { min: 8, max: 32_768 } as const;

/**
 * The window and overlap for rerank APIs and LLM judges, in estimated tokens, when the config
 * gives none. Local models default to what their maximum length leaves after the query.
 */
export const ESTIMATED_WINDOW_DEFAULTS = { window: 256, overlap: 64 } as const;
/** The overlap when none is given: a quarter of the window, at most 64 tokens. */
export const defaultOverlap = (window: number) =>
  Math.min(ESTIMATED_WINDOW_DEFAULTS.overlap, Math.floor(window / 4));

/** Window and overlap in estimated tokens (rerank APIs, LLM judges), defaults filled in. */
export function estimatedWindow(settings: { window?: number; overlap?: number }) {
  const window = settings.window ?? ESTIMATED_WINDOW_DEFAULTS.window;
  return { window, overlap: settings.overlap ?? defaultOverlap(window) };
}

/**
 * The rule behind estimated tokens: about four characters per token for English text, the
 * rule the cost estimates use (shared/providers/pricing.ts). It over-counts common English
 * words for BPE vocabularies, so a window estimated to fit does fit.
 */
export const CHARS_PER_TOKEN = 4;

export const LongDocuments = z
  .object({
    mode: z.enum(LONG_DOCUMENT_MODES),
    /** Tokens per window: the model's tokens for local models, estimated ones elsewhere. */
    window: z.int().min(WINDOW_RANGE.min).max(WINDOW_RANGE.max).optional(),
    /** Tokens a window shares with the one before it. */
    overlap: z
      .int()
      .min(0)
      .max(WINDOW_RANGE.max - 1)
      .optional(),
    aggregate: z.enum(WINDOW_AGGREGATES).default('max'),
  })
  .strict()
  .refine((l) => l.window === undefined || l.overlap === undefined || l.overlap < l.window, {
    message: 'overlap must be smaller than window',
    path: ['overlap'],
  });
export type LongDocuments = z.output<typeof LongDocuments>;
export type LongDocumentsInput = z.input<typeof LongDocuments>;

/** A run of text and the tokens it takes. Offsets are UTF-16 code units, as JS strings index. */
export interface TextUnit {
  start: number;
  end: number;
  tokens: number;
}

/** One window of a document: `text.slice(start, end)`, `tokens` long by the unit counts. */
export type TextWindow = TextUnit;

/** Estimated tokens of a piece of text (see {@link CHARS_PER_TOKEN}); at least 1. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / CHARS_PER_TOKEN));
}

/** The whitespace-separated words of `text` with their token counts. */
export function wordUnits(text: string, countTokens: (word: string) => number): TextUnit[] {
  const units: TextUnit[] = [];
  for (const match of text.matchAll(/\S+/g)) {
    const start = match.index;
    units.push({ start, end: start + match[0].length, tokens: countTokens(match[0]) });
  }
  return units;
}

/**
 * Cuts `text` into windows of at most `window` tokens, each sharing up to `overlap` tokens
 * with the one before (whole units: a window never ends inside a word). A unit longer than a
 * window (a URL, text without spaces) is split by characters in proportion to its tokens.
 * An empty text is one empty window, so every document is scored.
 */
export function planWindows(
  text: string,
  units: readonly TextUnit[],
  window: number,
  overlap: number,
): TextWindow[] {
  if (!(window >= 1)) throw new RangeError(`window must be at least 1 (got ${window})`);
  if (!(overlap >= 0 && overlap < window)) {
    throw new RangeError(`overlap must be in [0, ${window}) (got ${overlap})`);
  }
  const pieces = units.flatMap((unit) => splitUnit(text, unit, window));
  if (pieces.length === 0) return [{ start: 0, end: 0, tokens: 0 }];
  const windows: TextWindow[] = [];
  let first = 0;
  for (;;) {
    let next = first;
    let tokens = 0;
    while (next < pieces.length && tokens + pieces[next]!.tokens <= window) {
      tokens += pieces[next]!.tokens;
      next++;
    }
    windows.push({ start: pieces[first]!.start, end: pieces[next - 1]!.end, tokens });
    if (next >= pieces.length) return windows;
    // Step back over whole units while they fit in the overlap; always move forward.
    let back = next;
    let shared = 0;
    while (back - 1 > first && shared + pieces[back - 1]!.tokens <= overlap) {
      shared += pieces[back - 1]!.tokens;
      back--;
    }
    first = back;
  }
}

function splitUnit(text: string, unit: TextUnit, window: number): TextUnit[] {
  if (unit.tokens <= window) return [unit];
  const parts = Math.ceil(unit.tokens / window);
  const length = unit.end - unit.start;
  const pieces: TextUnit[] = [];
  let start = unit.start;
  let left = unit.tokens;
  for (let part = 1; part <= parts; part++) {
    let end = part === parts ? unit.end : unit.start + Math.round((length * part) / parts);
    // Never between the two halves of a surrogate pair.
    if (end < unit.end && isLowSurrogate(text.charCodeAt(end))) end++;
    if (end <= start) continue;
    const tokens = part === parts ? left : Math.min(window, left);
    pieces.push({ start, end, tokens });
    left -= tokens;
    start = end;
  }
  return pieces;
}

const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** The windows `settings` asks for: the first only when truncating, else all of them. */
export function windowsFor(
  text: string,
  units: readonly TextUnit[],
  settings: { mode: LongDocuments['mode']; window: number; overlap: number },
): TextWindow[] {
  const all = planWindows(text, units, settings.window, settings.overlap);
  return settings.mode === 'truncate' ? all.slice(0, 1) : all;
}

/** What a window scored; `undefined` where it could not be scored. */
export interface WindowScore {
  score: number;
  rawScore: number;
}

/** A document's score from its windows', and the window that decided it. */
export interface AggregatedScore extends WindowScore {
  /** Position of the winning window in the document's windows. */
  window: number;
}

/**
 * A document's score from its windows' scores (in window order). Windows without a score are
 * skipped; a document none of whose windows scored has no score (`undefined`). `mean-top-2`
 * averages the two best windows (by `score`; a document with one window keeps its score) and
 * points at the best one.
 */
export function aggregateWindows(
  scores: readonly (WindowScore | undefined)[],
  aggregate: WindowAggregate,
): AggregatedScore | undefined {
  const scored = scores.flatMap((s, window) =>
    s ? [{ score: s.score, rawScore: s.rawScore, window }] : [],
  );
  if (scored.length === 0) return undefined;
  if (aggregate === 'first') return scored[0];
  const ranked = [...scored].sort((a, b) => b.score - a.score || a.window - b.window);
  const best = ranked[0]!;
  if (aggregate === 'max' || ranked.length === 1) return best;
  const second = ranked[1]!;
  return {
    score: (best.score + second.score) / 2,
    rawScore: (best.rawScore + second.rawScore) / 2,
    window: best.window,
  };
}
