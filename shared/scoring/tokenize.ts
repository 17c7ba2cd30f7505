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

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const [run] of text.normalize('NFKC').toLowerCase().matchAll(WORD_RUN)) {
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
