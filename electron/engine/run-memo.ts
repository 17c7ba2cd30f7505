/**
 * Per-run memo of work several columns need. Two BM25 columns with different k1/b tokenise
 * the candidate set once, not twice; the first column to ask pays, the others await it.
 */
import { corpusFromCounts, termCounter, type Bm25Corpus } from '../../shared/scoring/bm25';
import { tokenize } from '../../shared/scoring/tokenize';
import type { RerankDocument } from '../../shared/rerank/documents';
import { mapInSlices } from './cooperative';

export interface RunMemo {
  queryTerms(): string[];
  bm25Corpus(): Promise<Bm25Corpus>;
  /**
   * The one promise for `key` in this run, made by the first caller (`first: true`); later
   * callers get the same promise. Identical configs in one run (a column and a fusion member
   * taken from it) are scored once.
   */
  once<T>(key: string, make: () => Promise<T>): { value: Promise<T>; first: boolean };
}

export function createRunMemo(
  query: string,
  documents: readonly RerankDocument[],
  signal: AbortSignal,
): RunMemo {
  let terms: string[] | undefined;
  let corpus: Promise<Bm25Corpus> | undefined;
  const promises = new Map<string, Promise<unknown>>();
  const queryTerms = () => (terms ??= tokenize(query));
  return {
    once<T>(key: string, make: () => Promise<T>) {
      const known = promises.get(key) as Promise<T> | undefined;
      if (known) return { value: known, first: false };
      const value = make();
      promises.set(key, value);
      return { value, first: true };
    },
    queryTerms,
    // Every column of a run scores the same query, so only its terms are counted.
    bm25Corpus: () =>
      (corpus ??= (() => {
        const count = termCounter(new Set(queryTerms()));
        return mapInSlices(documents, (document) => count(document.text), signal).then(
          corpusFromCounts,
        );
      })()),
  };
}
