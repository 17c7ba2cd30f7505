/**
 * Okapi BM25 over the candidate set itself: the documents being reranked are the corpus, so
 * IDF and average length come from them (there is no index behind a rerank request).
 *
 *   score(q, d) = Σ_{t ∈ unique terms of q} idf(t) · tf(t,d)·(k1 + 1) / (tf(t,d) + k1·(1 − b + b·|d|/avgdl))
 *   idf(t)      = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))
 *
 * The IDF is Lucene's non-negative variant: a term found in every candidate still counts a
 * little instead of pushing scores below zero as the classic Robertson–Spärck Jones form does.
 */
import { tokenize } from './tokenize';

export interface Bm25Params {
  k1: number;
  b: number;
}

/** Term statistics of the candidate set, computed once and shared by every BM25 column. */
export interface Bm25Corpus {
  /** Per document: term → frequency (of every term, or only those asked for). */
  termFrequencies: Map<string, number>[];
  lengths: number[];
  averageLength: number;
  /** Term → number of documents containing it. */
  documentFrequency: Map<string, number>;
}

/**
 * `onlyTerms`: count just these terms (a run's query terms). Scores for those terms are the
 * same; documents' other terms are never looked up, and not building a map of every word of
 * every document is most of the cost of a small request.
 */
export function buildCorpus(
  tokenizedDocuments: readonly (readonly string[])[],
  onlyTerms?: ReadonlySet<string>,
): Bm25Corpus {
  const termFrequencies: Map<string, number>[] = [];
  const lengths: number[] = [];
  const documentFrequency = new Map<string, number>();
  let total = 0;
  for (const tokens of tokenizedDocuments) {
    const tf = new Map<string, number>();
    if (onlyTerms) {
      for (const token of tokens) if (onlyTerms.has(token)) tf.set(token, (tf.get(token) ?? 0) + 1);
    } else for (const token of tokens) tf.set(token, (tf.get(token) ?? 0) + 1);
    for (const term of tf.keys())
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    termFrequencies.push(tf);
    lengths.push(tokens.length);
    total += tokens.length;
  }
  const averageLength = tokenizedDocuments.length > 0 ? total / tokenizedDocuments.length : 0;
  return { termFrequencies, lengths, averageLength, documentFrequency };
}

/** One document's length in tokens and the frequencies of the terms asked for. */
export interface TermCounts {
  length: number;
  tf: Map<string, number>;
}

/**
 * {@link tokenize} then count `terms`, without building the token list where the text is
 * ASCII: one scan of the text for runs of `[A-Za-z0-9]` (what tokenize yields for ASCII,
 * lower-cased), making a string only of runs of some term's length and first letter. The
 * engine's hot path for BM25.
 */
export function countTerms(text: string, terms: ReadonlySet<string>): TermCounts {
  return termCounter(terms)(text);
}

/** ASCII letters and digits: what tokenize keeps of ASCII text. */
const ASCII_WORD_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++)
  ASCII_WORD_CHAR[c] = /[A-Za-z0-9]/.test(String.fromCharCode(c)) ? 1 : 0;
const ASCII_TERM = /^[a-z0-9]+$/;

/**
 * {@link countTerms} for many texts and one set of terms, set up once (a run's documents all
 * count the query's terms). Each word of ASCII text is looked up by its length and first
 * character in a flat table and compared in place with the few terms of that shape: no string
 * is made and nothing is hashed per word.
 */
export function termCounter(terms: ReadonlySet<string>): (text: string) => TermCounts {
  const list = [...terms];
  let longest = 0;
  for (const term of list) longest = Math.max(longest, term.length);
  // Per shape (length × 128 + first character) the first term of that shape, and per term the
  // next one of the same shape: -1 ends a chain. Only [a-z0-9] terms can match ASCII words.
  const first = new Int32Array((longest + 1) * 128).fill(-1);
  const next = new Int32Array(list.length).fill(-1);
  list.forEach((term, t) => {
    if (!ASCII_TERM.test(term)) return;
    const shape = term.length * 128 + term.charCodeAt(0);
    next[t] = first[shape]!;
    first[shape] = t;
  });
  const counts = new Int32Array(list.length);

  const general = (text: string): TermCounts => {
    const tf = new Map<string, number>();
    const tokens = tokenize(text);
    for (const token of tokens) if (terms.has(token)) tf.set(token, (tf.get(token) ?? 0) + 1);
    return { length: tokens.length, tf };
  };
  return (text) => {
    counts.fill(0);
    let length = 0;
    const n = text.length;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      if (c >= 128) return general(text);
      if (ASCII_WORD_CHAR[c] !== 1) {
        i++;
        continue;
      }
      const start = i;
      // Within a run of letters and digits, `| 32` lower-cases letters and keeps digits.
      const head = c | 32;
      for (i++; i < n; i++) {
        c = text.charCodeAt(i);
        // Outside ASCII, NFKC and Unicode letters apply: tokenize's own route.
        if (c >= 128) return general(text);
        if (ASCII_WORD_CHAR[c] !== 1) break;
      }
      length++;
      const size = i - start;
      if (size > longest) continue;
      // Compared in place with the terms of this length and first character.
      for (let t = first[size * 128 + head]!; t >= 0; t = next[t]!) {
        const term = list[t]!;
        let k = 1;
        while (k < size && (text.charCodeAt(start + k) | 32) === term.charCodeAt(k)) k++;
        if (k === size) {
          counts[t]!++;
          break;
        }
      }
    }
    const tf = new Map<string, number>();
    for (let t = 0; t < list.length; t++) if (counts[t]! > 0) tf.set(list[t]!, counts[t]!);
    return { length, tf };
  };
}

/** The corpus of documents counted with {@link countTerms}. */
export function corpusFromCounts(counts: readonly TermCounts[]): Bm25Corpus {
  const documentFrequency = new Map<string, number>();
  let total = 0;
  for (const { tf, length } of counts) {
    for (const term of tf.keys())
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    total += length;
  }
  return {
    termFrequencies: counts.map((c) => c.tf),
    lengths: counts.map((c) => c.length),
    averageLength: counts.length > 0 ? total / counts.length : 0,
    documentFrequency,
  };
}

export function idf(corpus: Bm25Corpus, term: string): number {
  const n = corpus.documentFrequency.get(term) ?? 0;
  const N = corpus.lengths.length;
  return Math.log(1 + (N - n + 0.5) / (n + 0.5));
}

/**
 * BM25 scores of documents `[from, to)` for `queryTerms`. Scoring in slices lets callers yield
 * to the event loop (and notice cancellation) between slices on large candidate sets.
 */
export function scoreRange(
  corpus: Bm25Corpus,
  queryTerms: readonly string[],
  params: Bm25Params,
  from = 0,
  to = corpus.lengths.length,
): number[] {
  const { k1, b } = params;
  const terms = [...new Set(queryTerms)].map((term) => ({ term, idf: idf(corpus, term) }));
  const avgdl = corpus.averageLength || 1;
  const scores: number[] = [];
  for (let d = from; d < to; d++) {
    const tf = corpus.termFrequencies[d]!;
    const norm = k1 * (1 - b + (b * corpus.lengths[d]!) / avgdl);
    let score = 0;
    for (const { term, idf: weight } of terms) {
      const f = tf.get(term);
      if (f) score += (weight * f * (k1 + 1)) / (f + norm);
    }
    scores.push(score);
  }
  return scores;
}

/** Convenience: tokenise and score a whole candidate set in one call. */
export function bm25Scores(
  query: string,
  documents: readonly string[],
  params: Bm25Params,
): number[] {
  const corpus = buildCorpus(documents.map(tokenize));
  return scoreRange(corpus, tokenize(query), params);
}
