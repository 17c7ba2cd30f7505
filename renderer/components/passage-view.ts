/**
 * How a result scored window by window (`longDocuments`) shows its winning passage: a little
 * of the text before it, the passage itself (highlighted), and what follows, so the lines
 * under a result start where the score came from rather than at the document's start.
 */
import type { RankedResult } from '../../shared/contract';

type Passage = NonNullable<RankedResult['passage']>;

export interface PassageParts {
  /** Text just before the passage, from a word start; `…` in front when more precedes it. */
  before: string;
  passage: string;
  after: string;
  label: string;
}

/** Characters of context shown before the passage. */
const CONTEXT = 48;

export function passageParts(text: string, passage: Passage): PassageParts {
  const start = Math.min(passage.start, text.length);
  const end = Math.min(Math.max(passage.end, start), text.length);
  let from = Math.max(0, start - CONTEXT);
  // Start at a word, not inside one (unless the context is one long word).
  if (from > 0) {
    const space = text.slice(from, start).search(/\s/);
    if (space >= 0) from += space + 1;
  }
  const before = text.slice(from, start);
  return {
    before: from > 0 ? `…${before}` : before,
    passage: text.slice(start, end),
    after: text.slice(end),
    label: `window ${passage.window + 1} of ${passage.windows}`,
  };
}
