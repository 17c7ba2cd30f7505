/**
 * For store tests of local models: the tiny cross-encoder generator (electron/testing) and the
 * loopback Hub (scripts/model-hub.mjs), loaded by URL like the web host script, so the
 * renderer's type program stays free of Node code. Both need only `npm run build:node`'s
 * dependencies, not a build.
 */
import { onTestFinished } from 'vitest';

export interface TinyModelOptions {
  /** Seeds the weights: another seed ranks differently. */
  seed?: number;
  /** The tokenizer's `model_max_length`. */
  maxLength?: number;
}

/** Writes a tiny BERT-style cross-encoder (config, tokenizer, `onnx/model.onnx`) into `dir`. */
export async function writeTinyModel(dir: string, options: TinyModelOptions = {}): Promise<string> {
  const url = new URL('../../../electron/testing/models/tiny-cross-encoder.ts', import.meta.url);
  const module = (await import(url.href)) as {
    writeTinyCrossEncoder(dir: string, options?: TinyModelOptions): string;
  };
  return module.writeTinyCrossEncoder(dir, options);
}

/** Writes a tiny Qwen3-Reranker-shaped model (instruction-aware, slow-model UI) into `dir`. */
export async function writeTinyQwen3(dir: string): Promise<string> {
  const url = new URL('../../../electron/testing/models/tiny-qwen3.ts', import.meta.url);
  const module = (await import(url.href)) as { writeTinyQwen3Reranker(dir: string): string };
  return module.writeTinyQwen3Reranker(dir);
}

export interface ModelHub {
  url: string;
  requests: { path: string; range?: string }[];
  files: Map<string, Uint8Array>;
  /** Bytes sent every 20 ms for the next files; undefined sends them at once. */
  setBytesPerTick(value: number | undefined): void;
  /** Whether a trickled file is part-way (so a cancel now leaves something to resume). */
  partWay(options?: { sent?: number; left?: number }): boolean;
  close(): Promise<void>;
}

/** A loopback Hub serving the model folder `repo` under any id; closed when the test ends. */
export async function startModelHub(options: {
  repo: string;
  bytesPerTick?: number;
}): Promise<ModelHub> {
  const url = new URL('../../../scripts/model-hub.mjs', import.meta.url);
  const module = (await import(url.href)) as {
    startModelHub(o: typeof options): Promise<ModelHub>;
  };
  const hub = await module.startModelHub(options);
  onTestFinished(() => hub.close());
  return hub;
}
