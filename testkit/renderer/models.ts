/**
 * For store tests of local models: the tiny cross-encoder generator (testkit/) and the
 * loopback Hub (scripts/model-hub.mjs), loaded by URL like the web host script, so the
 * renderer's type program stays free of Node code. Both need only `npm run build:node`'s
 * dependencies, not a build.
 */
import { onTestFinished } from 'vitest';
import type { ModelHub, ModelHubOptions } from '../model-hub';
export type { ModelHub } from '../model-hub';

export interface TinyModelOptions {
  /** Seeds the weights: another seed ranks differently. */
  seed?: number;
  /** The tokenizer's `model_max_length`. */
  maxLength?: number;
}

/** Writes a tiny BERT-style cross-encoder (config, tokenizer, `onnx/model.onnx`) into `dir`. */
export async function writeTinyModel(dir: string, options: TinyModelOptions = {}): Promise<string> {
  const url = new URL('../models/tiny-cross-encoder.ts', import.meta.url);
  const module = (await import(url.href)) as {
    writeTinyCrossEncoder(dir: string, options?: TinyModelOptions): string;
  };
  return module.writeTinyCrossEncoder(dir, options);
}

/** Writes a tiny Qwen3-Reranker-shaped model (instruction-aware, slow-model UI) into `dir`. */
export async function writeTinyQwen3(dir: string): Promise<string> {
  const url = new URL('../models/tiny-qwen3.ts', import.meta.url);
  const module = (await import(url.href)) as { writeTinyQwen3Reranker(dir: string): string };
  return module.writeTinyQwen3Reranker(dir);
}

/**
 * Writes a random-weight BERT cross-encoder of TinyBERT-L2's shape (ms-marco-TinyBERT-L-2-v2)
 * into `dir`, with a vocabulary of `words`: real compute per token, so a run over many
 * documents takes batches enough to report progress.
 */
export async function writeTinyBertShape(dir: string, words: readonly string[]): Promise<string> {
  const generator = new URL('../models/bert-cross-encoder.ts', import.meta.url);
  const shapes = new URL('../models/bert-graph.ts', import.meta.url);
  const { writeBertCrossEncoder } = (await import(generator.href)) as {
    writeBertCrossEncoder: (dir: string, options: object) => string;
  };
  const { TINYBERT_L2 } = (await import(shapes.href)) as { TINYBERT_L2: object };
  return writeBertCrossEncoder(dir, {
    shape: TINYBERT_L2,
    tokenizer: { words },
    quantization: false,
  });
}

/** A loopback Hub serving the model folder `repo` under any id; closed when the test ends. */
export async function startModelHub(options: ModelHubOptions): Promise<ModelHub> {
  const url = new URL('../../scripts/model-hub.mjs', import.meta.url);
  const module = (await import(url.href)) as {
    startModelHub(o: ModelHubOptions): Promise<ModelHub>;
  };
  const hub = await module.startModelHub(options);
  onTestFinished(() => hub.close());
  return hub;
}
