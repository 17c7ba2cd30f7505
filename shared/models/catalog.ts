/**
 * Local rerankers the app knows by name: where to download them (Hugging Face repositories
 * laid out for transformers.js, with an `onnx/` folder) and what a user weighs when choosing.
 * Every fact, with where it comes from, is in docs/model-files.md.
 */

import type { Q8Weights } from './int8-kernel';

export interface CatalogModel {
  /** Folder under the models folder, and the repository on the Hub. */
  id: string;
  label: string;
  /** Approximate download of the largest published variant, in MB (q8 is about a quarter). */
  sizeMb: number;
  /**
   * The ONNX variants the repository publishes (`onnx/model.onnx` = fp32,
   * `onnx/model_quantized.onnx` = q8): only these are offered for download.
   */
  dtypes: ('fp32' | 'q8')[];
  /**
   * The q8 file's weights where docs/model-files.md establishes them (undefined: not known).
   * Only full-range `int8` ranks differently on CPUs whose int8 kernel saturates.
   */
  q8Weights?: Q8Weights;
  parameters: string;
  license: string;
  languages: string;
  /** Longest pair the model was trained for, in tokens. */
  maxLength: number;
  /** Instruction-aware (Qwen3-Reranker): the instruction box feeds its prompt. */
  instruction?: boolean;
  /** Shown next to the model: what to expect. */
  note?: string;
}

export const MODEL_CATALOG: readonly CatalogModel[] = [
  {
    id: 'Xenova/ms-marco-TinyBERT-L-2-v2',
    label: 'ms-marco TinyBERT-L-2',
    sizeMb: 18,
    dtypes: ['fp32', 'q8'],
    q8Weights: 'int8-7bit',
    parameters: '4.4M',
    license: 'Apache-2.0',
    languages: 'English',
    maxLength: 512,
    note: 'fastest; a baseline more than a reranker',
  },
  {
    id: 'Xenova/ms-marco-MiniLM-L-6-v2',
    label: 'ms-marco MiniLM-L-6',
    sizeMb: 91,
    dtypes: ['fp32', 'q8'],
    q8Weights: 'int8-7bit',
    parameters: '22.7M',
    license: 'Apache-2.0',
    languages: 'English',
    maxLength: 512,
    note: 'the usual CPU default',
  },
  {
    id: 'Xenova/ms-marco-MiniLM-L-12-v2',
    label: 'ms-marco MiniLM-L-12',
    sizeMb: 134,
    dtypes: ['fp32', 'q8'],
    q8Weights: 'int8-7bit',
    parameters: '33.4M',
    license: 'Apache-2.0',
    languages: 'English',
    maxLength: 512,
  },
  {
    id: 'Xenova/bge-reranker-base',
    label: 'BGE reranker base',
    sizeMb: 1110,
    dtypes: ['fp32', 'q8'],
    q8Weights: 'int8-7bit',
    parameters: '278M',
    license: 'MIT',
    languages: 'English, Chinese',
    maxLength: 512,
  },
  {
    id: 'mixedbread-ai/mxbai-rerank-xsmall-v1',
    label: 'mxbai rerank xsmall v1',
    sizeMb: 283,
    dtypes: ['fp32', 'q8'],
    q8Weights: 'int8-7bit',
    parameters: '70.8M',
    license: 'Apache-2.0',
    languages: 'English',
    maxLength: 512,
  },
  {
    id: 'jinaai/jina-reranker-v1-tiny-en',
    label: 'Jina reranker v1 tiny (en)',
    sizeMb: 131,
    dtypes: ['fp32', 'q8'],
    parameters: '33M',
    license: 'Apache-2.0',
    languages: 'English',
    maxLength: 8192,
    // JinaBERT runs as BERT in transformers.js: ALiBi is computed inside its graph.
    note: 'reads up to 8,192 tokens: long documents are read whole, at a cost that grows with the square of their length',
  },
  {
    id: 'onnx-community/Qwen3-Reranker-0.6B-ONNX',
    label: 'Qwen3-Reranker 0.6B',
    // q8 only, estimated from the shapes (docs/model-files.md): fp32 embeddings, int8 layers.
    sizeMb: 1220,
    dtypes: ['q8'],
    q8Weights: 'uint8',
    parameters: '0.6B',
    license: 'Apache-2.0',
    languages: '100+ languages',
    maxLength: 8192,
    instruction: true,
    note:
      'slow on CPU: an estimate is shown before it runs. q8 only: the repository publishes ' +
      'no fp32 file (its weights would need model.onnx_data, which ONNX Runtime Web cannot load)',
  },
];

export function catalogModel(id: string): CatalogModel | undefined {
  return MODEL_CATALOG.find((model) => model.id === id);
}

/** `org/name`, one folder level, no `..`: safe as a path under the models folder. */
export const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const isModelId = (id: string) => MODEL_ID.test(id) && !id.includes('..');
