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
  /** Per document: term → frequency. */
  termFrequencies: Map<string, number>[];
  lengths: number[];
  averageLength: number;
  /** Term → number of documents containing it. */
  documentFrequency: Map<string, number>;
}

export function buildCorpus(tokenizedDocuments: readonly (readonly string[])[]): Bm25Corpus {
  const termFrequencies: Map<string, number>[] = [];
  const lengths: number[] = [];
  const documentFrequency = new Map<string, number>();
  let total = 0;
  for (const tokens of tokenizedDocuments) {
    const tf = new Map<string, number>();
    for (const token of tokens) tf.set(token, (tf.get(token) ?? 0) + 1);
    for (const term of tf.keys())
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    termFrequencies.push(tf);
    lengths.push(tokens.length);
    total += tokens.length;
  }
  const averageLength = tokenizedDocuments.length > 0 ? total / tokenizedDocuments.length : 0;
  return { termFrequencies, lengths, averageLength, documentFrequency };
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
