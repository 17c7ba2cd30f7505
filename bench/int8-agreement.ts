/**
 * How far int8 files rank from their fp32 originals on this CPU: TREC DL 2019 queries with their
 * 100 BM25 candidates (../shared/datasets, real text, the real BERT tokenizer), scored through our
 * path by random-weight BERT graphs of the real TinyBERT-L-2 and MiniLM-L-6 shapes, fp32 against
 * each int8 layout: full-range int8 weights (the catalog's q8 files), 7-bit weights
 * (`reduce_range`) and uint8. Per query: Kendall τ over the 100 candidates and the overlap of the
 * top 10; the mean and the worst query are printed with the CPU's flags and the app's verdict.
 *
 * Random weights make the logits' spread smaller than a trained model's, so these τ are a lower
 * bound of what a trained model keeps; the comparison between layouts on one CPU is what counts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { int8Verdict } from '../shared/models/int8-kernel';
import { kendallTau, topKOverlap } from '../shared/scoring/agreement';
import type { LocalInference } from '../electron/inference/client';
import { cpuFeatures } from '../electron/platform/cpu-features';
import type { BertShape } from '../testkit/models/bert-graph';
import { cachedBertCrossEncoder } from '../testkit/models/bert-cross-encoder';
import type { QuantizeOptions } from '../testkit/models/bert-quantize';
import type { Vocabulary } from './local-corpus';

const DATASET = '../shared/datasets/trec-dl-passage-bm25-top100/dl19.jsonl';

const LAYOUTS: Record<string, QuantizeOptions> = {
  'int8 (catalog q8)': { weightType: 'int8', matmul: 'DynamicQuantizeMatMul' },
  'int8, 7-bit weights': { weightType: 'int8', matmul: 'DynamicQuantizeMatMul', reduceRange: true },
  uint8: { weightType: 'uint8', matmul: 'DynamicQuantizeMatMul' },
};

interface Query {
  query: string;
  documents: string[];
}

/** The first `count` queries of TREC DL 2019, or undefined where the dataset is not beside us. */
export function trecQueries(count: number): Query[] | undefined {
  let text: string;
  try {
    text = readFileSync(path.resolve(DATASET), 'utf8');
  } catch {
    return undefined;
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(0, count)
    .map((line) => {
      const row = JSON.parse(line) as { query: string; candidates: { text: string }[] };
      return { query: row.query, documents: row.candidates.map((c) => c.text) };
    });
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const ranking = (scores: number[]) =>
  scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);

/** fp32 vs every int8 layout of one shape, over `queries`. */
export async function int8Agreement(options: {
  inference: LocalInference;
  name: string;
  shape: BertShape;
  vocabulary: Vocabulary;
  queries: Query[];
  threads: number;
}) {
  const { inference, shape, vocabulary, queries, threads } = options;
  const score = async (folder: { root: string; id: string }, dtype: 'fp32' | 'q8', q: Query) =>
    (
      await inference.score(
        {
          model: { ...folder, dtype, threads },
          query: q.query,
          documents: q.documents,
          maxLength: 256,
          batchSize: 8,
        },
        new AbortController().signal,
      )
    ).logits;
  const folders = Object.fromEntries(
    Object.entries(LAYOUTS).map(([label, quantization]) => [
      label,
      cachedBertCrossEncoder({ shape, tokenizer: vocabulary.tokenizer, quantization }),
    ]),
  );
  const reference = [];
  for (const q of queries) reference.push(await score(Object.values(folders)[0]!, 'fp32', q));
  const layouts: Record<string, unknown> = {};
  for (const [label, folder] of Object.entries(folders)) {
    const taus: number[] = [];
    const top10: number[] = [];
    for (const [i, q] of queries.entries()) {
      const expected = ranking(reference[i]!);
      const got = ranking(await score(folder, 'q8', q));
      taus.push(kendallTau(expected, got).tau ?? 1);
      top10.push(topKOverlap(expected, got, 10).fraction ?? 1);
    }
    const mean = (xs: number[]) => round3(xs.reduce((a, b) => a + b, 0) / xs.length);
    layouts[label] = {
      kendallTau: { mean: mean(taus), worst: round3(Math.min(...taus)) },
      top10Overlap: { mean: mean(top10), worst: round3(Math.min(...top10)) },
    };
  }
  const cpu = cpuFeatures();
  return {
    model: `${options.name} shape (random weights)`,
    queries: queries.length,
    candidatesPerQuery: queries[0]?.documents.length ?? 0,
    cpu: { model: cpu.model, flags: cpu.flags, ...int8Verdict(cpu) },
    againstFp32: layouts,
  };
}
