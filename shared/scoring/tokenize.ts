/**
 * Language-agnostic tokenisation for lexical scoring.
 *
 * - NFKC-normalised and lower-cased, so "Ｆｕｌｌ-width", "ﬁ" ligatures and case don't split terms.
 * - A token is a run of Unicode letters, combining marks and digits (`\p{L}\p{M}\p{N}`), so
 *   "café", "naïve", "Straße", "mañana", Devanagari and Cyrillic words stay whole.
 * - Han, Hiragana and Katakana are written without spaces, so runs of them become overlapping
 *   character bigrams (a lone character stays a unigram), as Lucene's CJKAnalyzer does.
 * - No stemming and no stop words: both are language-specific, and BM25's IDF already
 *   discounts terms that occur everywhere in the candidate set.
 */
const WORD_RUN = /[\p{L}\p{M}\p{N}]+/gu;
const CJK_OR_OTHER =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu;
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Any UTF-16 unit outside ASCII (surrogates included). */
export const NON_ASCII = /[\u0080-\uffff]/;
const ASCII_WORD = /[a-z0-9]+/g;
const HAS_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

export function tokenize(text: string): string[] {
  // ASCII text (most English passages) gives the same tokens by a much cheaper route: NFKC
  // leaves it unchanged, it has no marks or CJK, and its letters and digits are [a-z0-9]. The
  // server benchmark spends most of its time here.
  if (!NON_ASCII.test(text)) return text.toLowerCase().match(ASCII_WORD) ?? [];
  const tokens: string[] = [];
  for (const [run] of text.normalize('NFKC').toLowerCase().matchAll(WORD_RUN)) {
    if (!HAS_CJK.test(run)) {
      tokens.push(run);
      continue;
    }
    for (const [segment] of run.matchAll(CJK_OR_OTHER)) {
      if (!CJK.test(segment)) {
        tokens.push(segment);
        continue;
      }
      const chars = Array.from(segment);
      if (chars.length === 1) tokens.push(segment);
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i]! + chars[i + 1]!);
    }
  }
  return tokens;
}
