/**
 * Local models for e2e: tiny cross-encoders written by the project's own generator into the
 * app's data folder (before it starts) or anywhere else (to import), and the ranking the same
 * model files give when loaded here, in the test's own process, with the same scorer.
 */
import path from 'node:path';
import { loadCrossEncoder, scorePairs } from '../../electron/inference/cross-encoder';
import { writeTinyCrossEncoder } from '../../testkit/models/tiny-cross-encoder';
import { writeBertCrossEncoder } from '../../testkit/models/bert-cross-encoder';
import { SMALL_BERT, TINYBERT_L2 } from '../../testkit/models/bert-graph';
import { LONG_RUN_MODEL, LONG_RUN_WORDS } from '../../testkit/fixtures/long-run';
import { rankByScore } from '../../shared/scoring/ranking';
import type { PrepareDataDir } from './scripts';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Installs tiny models as `<data folder>/models/<id>`, each with its seed. */
export function installTinyModels(models: Record<string, number>): PrepareDataDir {
  return (dataDir) => {
    for (const [id, seed] of Object.entries(models)) {
      writeTinyCrossEncoder(path.join(dataDir, 'models', ...id.split('/')), { seed });
    }
  };
}

/** Installs the TinyBERT-shaped model of testkit/fixtures/long-run.ts: real compute per token. */
export const installLongRunModel: PrepareDataDir = (dataDir) => {
  writeBertCrossEncoder(path.join(dataDir, 'models', ...LONG_RUN_MODEL.split('/')), {
    shape: TINYBERT_L2,
    tokenizer: { words: LONG_RUN_WORDS },
    quantization: false,
  });
};

/** One small BERT twice, its q8 file with full-range int8 weights and with 7-bit ones. */
export const installQuantizedPair: PrepareDataDir = (dataDir) => {
  for (const [id, reduceRange] of [
    ['tests/full-int8', false],
    ['tests/seven-bit', true],
  ] as const) {
    writeBertCrossEncoder(path.join(dataDir, 'models', ...id.split('/')), {
      shape: SMALL_BERT,
      tokenizer: { words: LONG_RUN_WORDS },
      quantization: { weightType: 'int8', reduceRange },
    });
  }
};

export interface ExpectedRanking {
  /** Document indices, best first. */
  order: number[];
  /** Logits in that order. */
  logits: number[];
  /** Their sigmoids. */
  scores: number[];
}

/**
 * What the model in `folder` makes of the documents: every pair scored with the same loader
 * and scorer the host's worker uses, ranked with the same rule (score, then input order).
 */
export async function rankWithModel(
  folder: string,
  query: string,
  documents: string[],
  maxLength = 512,
): Promise<ExpectedRanking> {
  const encoder = await loadCrossEncoder({
    root: path.dirname(path.dirname(folder)),
    id: `${path.basename(path.dirname(folder))}/${path.basename(folder)}`,
    dtype: 'fp32',
    threads: 1,
  });
  const { logits } = await scorePairs(encoder, query, documents, { maxLength, batchSize: 32 });
  const ranked = rankByScore(
    logits.map((logit, index) => ({ index, logit, score: sigmoid(logit) })),
  );
  return {
    order: ranked.map((r) => r.index),
    logits: ranked.map((r) => r.logit),
    scores: ranked.map((r) => r.score),
  };
}
