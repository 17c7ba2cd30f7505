/**
 * The simulator's deterministic relevance model and the helpers every provider shares to turn
 * it into a ranking. Scores are pointwise — they depend on one (query, document) pair only — so
 * splitting a request into chunks and merging must reproduce the unsplit ranking exactly, which
 * is what the transport's chunking tests rely on.
 */

/** Lower-cased runs of Unicode letters and digits. */
function wordTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** One request scores many documents against one query: tokenise the query once. */
let lastQuery: { text: string; tokens: string[] } | undefined;
function queryTokens(query: string): string[] {
  if (lastQuery?.text !== query)
    lastQuery = { text: query, tokens: [...new Set(wordTokens(query))] };
  return lastQuery.tokens;
}

const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const isWordCodePoint = (codePoint: number | undefined) =>
  codePoint !== undefined && WORD_CHAR.test(String.fromCodePoint(codePoint));

/** The code point that ends just before `at` (whole, if it is a surrogate pair). */
function codePointBefore(text: string, at: number): number | undefined {
  if (at <= 0) return undefined;
  const low = text.charCodeAt(at - 1);
  if (low >= 0xdc00 && low <= 0xdfff && at >= 2) {
    const high = text.charCodeAt(at - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.codePointAt(at - 2);
  }
  return low;
}

/**
 * Whether `token` (a run of letters and digits) is one of `text`'s word tokens: an occurrence
 * with no letter or digit on either side. The same answer as tokenising `text`, without
 * tokenising it: the simulator shares the machine with the client it serves, and its scoring
 * must not be what a benchmark measures.
 */
function hasWordToken(text: string, token: string): boolean {
  for (let at = text.indexOf(token); at !== -1; at = text.indexOf(token, at + 1)) {
    const end = at + token.length;
    if (!isWordCodePoint(codePointBefore(text, at)) && !isWordCodePoint(text.codePointAt(end))) {
      return true;
    }
  }
  return false;
}

/** FNV-1a (32 bit): a cheap, stable hash; only used for tie-breaks and opaque ids. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * The simulator's relevance logit for one pair: 4 × (share of the query's distinct word tokens
 * found in the document) − 2, so in [−2, 2], plus a tie-break below 1e-6 from a hash of the
 * document text so two different documents (almost) never tie.
 */
export function simulatedLogit(query: string, document: string): number {
  const tokens = queryTokens(query);
  const lowered = document.toLowerCase();
  let overlap = 0;
  for (const token of tokens) if (hasWordToken(lowered, token)) overlap++;
  const tieBreak = (fnv1a(document) / 2 ** 32) * 1e-7;
  return 4 * (overlap / Math.max(1, tokens.length)) - 2 + tieBreak;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export interface Scored {
  /** Position in the request. */
  index: number;
  logit: number;
  probability: number;
}

/** Scores every document and sorts best first (equal scores keep request order). */
export function rankDocuments(query: string, documents: readonly string[]): Scored[] {
  return documents
    .map((document, index) => {
      const logit = simulatedLogit(query, document);
      return { index, logit, probability: sigmoid(logit) };
    })
    .sort((a, b) => b.logit - a.logit || a.index - b.index);
}

/**
 * Keeps the first `topN` results; undefined (or a provider's "all" value, mapped by the caller
 * to undefined) keeps everything, and more than there are results is clamped.
 */
export function takeTop<T>(ranked: readonly T[], topN: number | undefined): T[] {
  return topN === undefined ? [...ranked] : ranked.slice(0, topN);
}

/** Whitespace-separated token count: the simulator's stand-in for a tokenizer. */
export function countTokens(text: string): number {
  return text.split(/\s+/).filter((part) => part.length > 0).length;
}

/**
 * Tokens a cross-encoder reads for a request: the query once per document plus every document
 * (Voyage documents this as its "total number of tokens"; the others bill similarly).
 */
export function pairTokens(query: string, documents: readonly string[]): number {
  const queryTokens = countTokens(query);
  return documents.reduce((sum, document) => sum + queryTokens + countTokens(document), 0);
}
