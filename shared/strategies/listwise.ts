/**
 * RankGPT-style listwise reranking (Sun et al. 2023, "Is ChatGPT Good at Search?"): an LLM sees
 * a window of passages labelled [1]..[n] and answers with a permutation such as
 * `[3] > [1] > [2]`. Windows slide from the bottom of the ranking to the top, so a strong
 * document found low in the list is carried up window after window until it reaches the top.
 *
 * This module is the pure part: reading the permutation out of a free-text answer, planning the
 * windows, and applying one window's permutation to the current ranking.
 */

export interface ParsedPermutation {
  /** 0-based positions within the window, best first; always a permutation of 0..size−1. */
  order: number[];
  warnings: string[];
}

const BRACKETED = /\[\s*(\d+)\s*\]/g;
const BARE_INTEGER = /\d+/g;
/** "1. ", "2) " at the start of a line: list numbering, not a passage id. */
const LIST_NUMBERING = /^(\s*)\d+[.)](?=\s+\S)/gm;

/**
 * Reads the permutation in an LLM answer. Ids are 1-based in the text and returned 0-based.
 *
 * When the answer uses the `[n]` form anywhere, only bracketed numbers are read, so numbers in
 * prose ("the top 3 are [2] > [1] > [3]") and list numbering ("1. [3]") are not mistaken for
 * ids. Otherwise every integer is read, after dropping list numbering at line starts ("1. 3").
 *
 * Models repeat, invent and forget ids, and one bad answer must not lose documents, so the
 * result is always a full permutation: ids outside 1..size and repeats are dropped, and ids
 * left out are appended in their previous order (the window's input order). Each kind of
 * repair adds one warning listing the ids concerned (1-based, as the model wrote them).
 */
export function parsePermutation(text: string, size: number): ParsedPermutation {
  if (!Number.isInteger(size) || size < 0) {
    throw new RangeError(`permutation size must be an integer ≥ 0, got ${size}`);
  }
  if (size === 0) return { order: [], warnings: [] };
  const ids = readIds(text);
  const warnings: string[] = [];
  const seen = new Set<number>();
  const unknown: number[] = [];
  const repeated: number[] = [];
  const order: number[] = [];
  for (const id of ids) {
    if (id < 1 || id > size) {
      if (!unknown.includes(id)) unknown.push(id);
    } else if (seen.has(id)) {
      if (!repeated.includes(id)) repeated.push(id);
    } else {
      seen.add(id);
      order.push(id - 1);
    }
  }
  if (unknown.length > 0) {
    warnings.push(`ignored ids outside 1..${size}: ${unknown.join(', ')}`);
  }
  if (repeated.length > 0) warnings.push(`ignored repeated ids: ${repeated.join(', ')}`);
  if (order.length === 0) {
    warnings.push('the answer had no ranking; kept the previous order');
    return { order: identity(size), warnings };
  }
  const missing = identity(size).filter((position) => !seen.has(position + 1));
  if (missing.length > 0) {
    warnings.push(
      `the answer left out ids ${missing.map((p) => p + 1).join(', ')}; appended them in their previous order`,
    );
    order.push(...missing);
  }
  return { order, warnings };
}

function readIds(text: string): number[] {
  const bracketed = [...text.matchAll(BRACKETED)].map((m) => Number(m[1]));
  if (bracketed.length > 0) return bracketed;
  return [...text.replace(LIST_NUMBERING, '$1').matchAll(BARE_INTEGER)].map((m) => Number(m[0]));
}

function identity(size: number): number[] {
  return Array.from({ length: size }, (_, i) => i);
}

/** A half-open range of positions `[start, end)` in the current ranking. */
export interface RankWindow {
  start: number;
  end: number;
}

/**
 * The windows of one RankGPT pass, in call order: from the bottom of the ranking up. The first
 * window is `[count − window, count)`; each next one moves up by `step`; the last starts at 0.
 * With `step < window` consecutive windows overlap by `window − step` positions, which is what
 * carries a document up: the best `window − step` of one window land inside the next.
 *
 * When `count − window` is not a multiple of `step` the top window is cut short rather than
 * skipped (RankGPT's own loop stops early there and leaves the top positions unranked): its end
 * still moves up by `step`, its start is clamped to 0, so it overlaps the previous window
 * exactly like the others. Lists of 0 or 1 documents need no call, so they get no window.
 */
export function slidingWindowPlan(count: number, window = 20, step = 10): RankWindow[] {
  if (!Number.isInteger(window) || window < 2) {
    throw new RangeError(`window must be an integer ≥ 2, got ${window}`);
  }
  if (!Number.isInteger(step) || step < 1 || step > window) {
    throw new RangeError(`step must be an integer from 1 to the window (${window}), got ${step}`);
  }
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`count must be an integer ≥ 0, got ${count}`);
  }
  if (count <= 1) return [];
  if (count <= window) return [{ start: 0, end: count }];
  const plan: RankWindow[] = [{ start: count - window, end: count }];
  while (plan.at(-1)!.start > 0) {
    const previous = plan.at(-1)!;
    plan.push({ start: Math.max(0, previous.start - step), end: previous.end - step });
  }
  return plan;
}

/**
 * A new ranking in which the items at positions `start..end−1` are reordered by `order`
 * (0-based positions within the window, best first); everything outside the window stays.
 */
export function applyWindowPermutation(
  ranking: readonly number[],
  window: RankWindow,
  order: readonly number[],
): number[] {
  const { start, end } = window;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > ranking.length) {
    throw new RangeError(`window [${start}, ${end}) is outside a ranking of ${ranking.length}`);
  }
  const size = end - start;
  if (size < 0) throw new RangeError(`window [${start}, ${end}) ends before it starts`);
  const isPermutation =
    order.length === size &&
    new Set(order).size === size &&
    order.every((p) => Number.isInteger(p) && p >= 0 && p < size);
  if (!isPermutation) {
    throw new RangeError(`order [${order.join(', ')}] is not a permutation of 0..${size - 1}`);
  }
  const next = [...ranking];
  order.forEach((p, i) => {
    next[start + i] = ranking[start + p]!;
  });
  return next;
}
