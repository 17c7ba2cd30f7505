/**
 * Runs for the history benchmark, generated the same way every time: documents of 35–70
 * words (about MS MARCO passage length) drawn from a Zipf-distributed vocabulary, so some
 * words are in nearly every run and most in few, as in real text; two columns per run (a
 * provider column with one wire exchange, and BM25), each ranking all 100 documents.
 */
import type { ColumnResult } from '../shared/contract/schemas';
import type { SavedRunInput } from '../shared/history/saved-run';
import type { PipelineConfig } from '../shared/pipeline/config';
import { mulberry32 } from '../testkit/random';

const VOCABULARY_SIZE = 20_000;
const START = Date.UTC(2025, 0, 1);
const MINUTE = 60_000;

/** Pronounceable made-up words, so the full-text index sees realistic token lengths. */
function makeWord(rank: number): string {
  const syllables = ['ka', 'lo', 'ri', 'ven', 'sta', 'mu', 'ter', 'phi', 'do', 'nel', 'quo', 'sa'];
  let word = '';
  let n = rank + 1;
  while (n > 0) {
    word += syllables[n % syllables.length];
    n = Math.floor(n / syllables.length);
  }
  return word;
}

export const VOCABULARY = Array.from({ length: VOCABULARY_SIZE }, (_, rank) => makeWord(rank));

/** Cumulative Zipf(s = 1) weights, for drawing a word rank by binary search. */
const CUMULATIVE = (() => {
  const weights = VOCABULARY.map((_, rank) => 1 / (rank + 1));
  const total = weights.reduce((sum, w) => sum + w, 0);
  let running = 0;
  return weights.map((w) => (running += w / total));
})();

function drawWord(next: () => number): string {
  const target = next();
  let low = 0;
  let high = CUMULATIVE.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (CUMULATIVE[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return VOCABULARY[low]!;
}

function sentence(next: () => number, min: number, max: number): string {
  const length = min + Math.floor(next() * (max - min + 1));
  return Array.from({ length }, () => drawWord(next)).join(' ');
}

const PROVIDER: PipelineConfig = {
  version: 1,
  name: 'cohere',
  strategy: 'dedicated-model',
  provider: 'cohere',
  model: 'rerank-v3.5',
};
const BM25: PipelineConfig = { version: 1, name: 'bm25', strategy: 'heuristic' };

function ranking(count: number, next: () => number): ColumnResult['results'] {
  const scores = Array.from({ length: count }, (_, index) => ({ index, score: next() }));
  scores.sort((a, b) => b.score - a.score);
  return scores.map(({ index, score }) => ({ index, score, rawScore: score }));
}

/** Run number `n` of the corpus: one minute after run n − 1. */
export function benchRun(n: number, documentCount: number): SavedRunInput {
  const next = mulberry32(n + 1);
  const documents = Array.from({ length: documentCount }, (_, i) => ({
    id: `p${n}-${i}`,
    text: sentence(next, 35, 70),
  }));
  const query = sentence(next, 3, 6);
  const provider: ColumnResult = {
    columnId: 'c1',
    name: PROVIDER.name,
    status: 'ok',
    scoreKind: 'probability',
    results: ranking(documentCount, next),
    latencyMs: 180 + next() * 200,
    warnings: [],
    calls: 1,
    retries: 0,
    usage: { searchUnits: 1 },
    wire: [
      {
        attempt: 1,
        method: 'POST',
        url: 'https://api.cohere.com/v2/rerank',
        requestHeaders: { authorization: 'Bearer ••••abcd' },
        requestBody: JSON.stringify({ model: PROVIDER.model, query, documents: ['…'] }),
        status: 200,
        responseHeaders: { 'content-type': 'application/json' },
        responseBody: '{"results":[…]}',
        durationMs: 180,
      },
    ],
  };
  const bm25: ColumnResult = {
    columnId: 'c2',
    name: BM25.name,
    status: 'ok',
    results: ranking(documentCount, next),
    latencyMs: 1 + next(),
    warnings: [],
  };
  return {
    id: `bench-${n}`,
    createdAt: START + n * MINUTE,
    source: 'playground',
    status: n % 50 === 0 ? 'cancelled' : 'completed',
    query,
    documents,
    columns: [
      { config: PROVIDER, result: provider },
      { config: BM25, result: bm25 },
    ],
    durationMs: provider.latencyMs,
  };
}

/** When run `n` was created, for date-range queries. */
export const runTime = (n: number) => START + n * MINUTE;
