/**
 * `longDocuments` in the inference worker: documents are cut into windows counted by the
 * model's own tokenizer, every window of every document is scored in one pass (so windows of
 * different documents share length-bucketed batches), and the reply says which window each
 * logit belongs to. Aggregating is the host's (shared/rerank/long-documents.ts).
 *
 * Tokens are counted word by word (whitespace-separated): exact for BERT's WordPiece, whose
 * pre-tokenizer never looks across whitespace (see ./chunk-memo.ts), and within a token or two
 * per window for SentencePiece and byte-level BPE. A window that comes out longer when its
 * text is tokenised whole is cut at its end, and reported like any truncation.
 */
import {
  defaultOverlap,
  planWindows,
  wordUnits,
  type LongDocuments,
} from '../../shared/rerank/long-documents';
import type { Encode } from './chunk-memo';
import type { ScoreOutput } from './cross-encoder';

/** What the host asks for; window and overlap default to what the model can read. */
export type WindowRequest = Pick<LongDocuments, 'mode' | 'window' | 'overlap'>;

/** The windows scored, in the order of the logits. */
export interface Windowing {
  /** Document tokens per window, after fitting it with the query into the maximum length. */
  window: number;
  overlap: number;
  spans: { document: number; start: number; end: number }[];
}

/**
 * Window and overlap for a model that has `room` tokens for the document beside the query and
 * its template: the asked window, no larger than the room.
 */
export function windowSettings(request: WindowRequest, room: number) {
  const window = Math.max(1, Math.min(request.window ?? room, room));
  const overlap = Math.min(request.overlap ?? defaultOverlap(window), window - 1);
  return { mode: request.mode, window, overlap };
}

/**
 * Scores `documents` window by window with `score` (the model's own pair scoring). The logits
 * are per window; `truncated` is per document: in truncate mode what the first window left
 * unread, in chunk mode what a window lost to the final fit (rare; see above).
 */
export async function scoreWindows(
  encode: Encode,
  documents: readonly string[],
  settings: ReturnType<typeof windowSettings>,
  score: (texts: string[]) => Promise<ScoreOutput>,
): Promise<ScoreOutput & { windowing: Windowing }> {
  const counts = new Map<string, number>();
  const count = (word: string) => {
    let tokens = counts.get(word);
    if (tokens === undefined) {
      tokens = encode(word).length;
      counts.set(word, tokens);
    }
    return tokens;
  };
  const texts: string[] = [];
  const spans: Windowing['spans'] = [];
  const unread = new Map<number, number>();
  for (const [document, text] of documents.entries()) {
    const units = wordUnits(text, count);
    const all = planWindows(text, units, settings.window, settings.overlap);
    const kept = settings.mode === 'truncate' ? all.slice(0, 1) : all;
    if (kept.length < all.length) {
      const total = units.reduce((sum, unit) => sum + unit.tokens, 0);
      unread.set(document, total - kept[0]!.tokens);
    }
    for (const { start, end } of kept) {
      spans.push({ document, start, end });
      texts.push(text.slice(start, end));
    }
  }
  const output = await score(texts);
  for (const { index, tokens } of output.truncated) {
    const { document } = spans[index]!;
    unread.set(document, (unread.get(document) ?? 0) + tokens);
  }
  return {
    ...output,
    truncated: [...unread].sort(([a], [b]) => a - b).map(([index, tokens]) => ({ index, tokens })),
    windowing: { window: settings.window, overlap: settings.overlap, spans },
  };
}
