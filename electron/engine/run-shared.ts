/**
 * Per-run memo of work several columns need. Two BM25 columns with different k1/b tokenise
 * the candidate set once, not twice; the first column to ask pays, the others await it.
 */
import { buildCorpus, type Bm25Corpus } from '../../shared/scoring/bm25';
import { tokenize } from '../../shared/scoring/tokenize';
import type { RerankDocument } from '../../shared/rerank/documents';
import { mapInSlices } from './cooperative';

export interface RunShared {
  queryTerms(): string[];
  bm25Corpus(): Promise<Bm25Corpus>;
}

export function createRunShared(
  query: string,
  documents: readonly RerankDocument[],
  signal: AbortSignal,
): RunShared {
  let terms: string[] | undefined;
  let corpus: Promise<Bm25Corpus> | undefined;
  return {
    queryTerms: () => (terms ??= tokenize(query)),
    bm25Corpus: () =>
      (corpus ??= mapInSlices(documents, (document) => tokenize(document.text), signal).then(
        buildCorpus,
      )),
  };
}
