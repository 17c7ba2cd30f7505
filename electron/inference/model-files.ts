/**
 * What a local model is on disk: its files, its dtypes and how it is named. Apart from the
 * inference code on purpose: the model store and the downloader need these, and importing
 * them from cross-encoder.ts loaded transformers.js and onnxruntime-node into every process
 * that lists models, each `serve` worker included (about 40 MB and most of a startup).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type ModelDtype = 'fp32' | 'q8';

/** The ONNX file transformers.js reads for each dtype. */
export const ONNX_FILES: Record<ModelDtype, string> = {
  fp32: 'onnx/model.onnx',
  q8: 'onnx/model_quantized.onnx',
};
export const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;

export interface ModelRef {
  /** The folder that holds model folders (`<data folder>/models`). */
  root: string;
  /** The model's folder under `root`, e.g. `cross-encoder/ms-marco-MiniLM-L-6-v2`. */
  id: string;
  dtype: ModelDtype;
  /** ONNX Runtime intra-op threads. */
  threads: number;
}

/** `model_type` from a model's config.json (`bert`, `xlm-roberta`, `qwen3`, …). */
export function modelType(ref: ModelRef): string | undefined {
  try {
    const config = JSON.parse(readFileSync(path.join(ref.root, ref.id, 'config.json'), 'utf8')) as {
      model_type?: unknown;
    };
    return typeof config.model_type === 'string' ? config.model_type : undefined;
  } catch {
    return undefined;
  }
}
