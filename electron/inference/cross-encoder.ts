/**
 * A cross-encoder loaded with transformers.js on onnxruntime-node: tokenizer plus
 * `AutoModelForSequenceClassification` (not the text-classification pipeline, which scores
 * one text and softmaxes labels), fed pairs built in ./pairs.ts and batched by length.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  AutoModelForSequenceClassification,
  AutoTokenizer,
  env,
  Tensor,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { computedTokens as plannedTokens, lengthBatches, pairBatch } from './batching';
import { missingExternalData, OnnxFormatError } from './onnx-external-data';
import { ONNX_FILES, REQUIRED_FILES, type ModelRef } from './model-files';
import { memoEncoder, type Encode, type MemoTokenizer } from './chunk-memo';
import type { Windowing } from './windows';
import {
  encodePair,
  pairOverhead,
  pairTemplate,
  type EncodedPair,
  type PairTokenizer,
} from './pairs';

const TOKENIZE_SLICE = 256;

export { modelType, ONNX_FILES, REQUIRED_FILES } from './model-files';
export type { ModelDtype, ModelRef } from './model-files';

export interface LoadedCrossEncoder {
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
  padId: number;
  /** `tokenizer.encode` without special tokens, through a chunk memo kept with the model. */
  encode: Encode;
  /** The model's own limit (`model_max_length`), when it states one. */
  maxLength?: number;
}

/**
 * ONNX Runtime session options for a model run on `threads` intra-op threads: one graph, so no
 * inter-op parallelism. The benchmark's raw and naive baselines use the same.
 */
export function sessionOptions(threads: number) {
  return { intraOpNumThreads: threads, interOpNumThreads: 1 };
}

/** A failure the user can act on: a missing or unreadable file, named. */
export class ModelError extends Error {
  override name = 'ModelError';
}

/** Anything transformers.js loads with `from_pretrained` (an `AutoModelFor…` class). */
interface ModelClass {
  from_pretrained(id: string, options: object): Promise<PreTrainedModel>;
}

/**
 * Checks that the files are there, then loads tokenizer and model from the models folder
 * (never from the network), with errors that name the file that failed.
 */
export async function loadModelFiles(
  ref: ModelRef,
  modelClass: ModelClass,
): Promise<LoadedCrossEncoder> {
  const dir = path.join(ref.root, ref.id);
  for (const file of [...REQUIRED_FILES, ONNX_FILES[ref.dtype]]) {
    if (!existsSync(path.join(dir, file))) {
      throw new ModelError(`${ref.id} is missing ${file} (looked in ${dir})`);
    }
  }
  // ONNX Runtime finds external weights beside the model file; say which one is missing or
  // short rather than leave it to its message. A file that is not ONNX at all is left to it.
  const onnxFile = path.join(dir, ONNX_FILES[ref.dtype]);
  const problems = await missingExternalData(onnxFile).catch((error: unknown) => {
    if (error instanceof OnnxFormatError) return [];
    throw error;
  });
  if (problems.length > 0) {
    throw new ModelError(`${ref.id}: ${ONNX_FILES[ref.dtype]} ${problems.join('; ')}`);
  }
  // Models come from our own downloader or an imported folder; transformers.js never fetches.
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${ref.root}${path.sep}`;
  let tokenizer: PreTrainedTokenizer;
  try {
    tokenizer = await AutoTokenizer.from_pretrained(ref.id);
  } catch (error) {
    throw new ModelError(
      `${ref.id}: tokenizer.json or tokenizer_config.json could not be read (${reason(error)})`,
    );
  }
  let model: PreTrainedModel;
  try {
    model = await modelClass.from_pretrained(ref.id, {
      dtype: ref.dtype,
      device: 'cpu',
      session_options: sessionOptions(ref.threads),
    });
  } catch (error) {
    throw new ModelError(
      `${ref.id}: ${ONNX_FILES[ref.dtype]} could not be loaded (${reason(error)})`,
    );
  }
  const padId = (tokenizer.pad_token_id as number | undefined) ?? 0;
  const limit = tokenizer.model_max_length as number | undefined;
  return {
    tokenizer,
    model,
    padId,
    encode: memoEncoder(tokenizer as unknown as MemoTokenizer),
    ...(limit !== undefined && Number.isFinite(limit) && limit > 0 && limit < 1e6
      ? { maxLength: limit }
      : {}),
  };
}

export function loadCrossEncoder(ref: ModelRef): Promise<LoadedCrossEncoder> {
  return loadModelFiles(ref, AutoModelForSequenceClassification);
}

export interface ScoreOptions {
  maxLength: number;
  batchSize: number;
  /** Checked between batches; when it returns true scoring stops with {@link Cancelled}. */
  cancelled?: () => boolean;
  /**
   * Told the tokens computed so far (padding included) of all the request will compute: once
   * before the first batch (0 done) and after every batch, so a host can tell the time left.
   */
  onBatch?: (progress: BatchProgress) => void;
}

export interface BatchProgress {
  done: number;
  total: number;
}

export interface ScoreOutput {
  /**
   * One raw logit per document, in the caller's order (relevance log-odds); with windows, one
   * per window, in `windowing.spans` order.
   */
  logits: number[];
  /** Documents cut to fit, with the tokens each lost. */
  truncated: { index: number; tokens: number }[];
  /** Tokens fed to the model, and tokens computed once padded: their ratio is the padding cost. */
  realTokens: number;
  computedTokens: number;
  /** Set when documents were scored window by window (./windows.ts). */
  windowing?: Windowing;
}

export class Cancelled extends Error {
  override name = 'Cancelled';
}

/** Tokens a document can take beside `query` and the special tokens, within `maxLength`. */
export function pairDocumentRoom(
  encoder: LoadedCrossEncoder,
  query: string,
  maxLength: number,
): number {
  const limit = Math.min(maxLength, encoder.maxLength ?? Infinity);
  const template = pairTemplate(encoder.tokenizer as unknown as PairTokenizer, query);
  return limit - pairOverhead(template, encoder.encode(query));
}

export async function scorePairs(
  encoder: LoadedCrossEncoder,
  query: string,
  documents: readonly string[],
  options: ScoreOptions,
): Promise<ScoreOutput> {
  const tokenizer = encoder.tokenizer as unknown as PairTokenizer;
  const maxLength = Math.min(options.maxLength, encoder.maxLength ?? Infinity);
  const template = pairTemplate(tokenizer, query);
  const queryIds = encoder.encode(query);
  const overhead = pairOverhead(template, queryIds);
  if (overhead >= maxLength) {
    throw new ModelError(
      `the query and special tokens take ${overhead} of the ${maxLength} tokens this model reads; shorten the query or raise max length`,
    );
  }
  // Tokenised in slices with a pause between them, so a cancel message gets through.
  const pairs: EncodedPair[] = [];
  for (let start = 0; start < documents.length; start += TOKENIZE_SLICE) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    if (options.cancelled?.()) throw new Cancelled('cancelled');
    for (const document of documents.slice(start, start + TOKENIZE_SLICE)) {
      const documentIds = encoder.encode(document);
      pairs.push(encodePair(template, queryIds, documentIds, maxLength));
    }
  }

  const lengths = pairs.map((pair) => pair.ids.length);
  const batches = lengthBatches(lengths, options.batchSize);
  const logits = new Array<number>(documents.length);
  let computedTokens = 0;
  const total = plannedTokens(batches);
  options.onBatch?.({ done: 0, total });
  for (const batch of batches) {
    if (options.cancelled?.()) throw new Cancelled('cancelled');
    const rows = batch.indices.map((i) => pairs[i]!);
    const dims = [rows.length, batch.length];
    const inputs = pairBatch(rows, batch.length, encoder.padId);
    const output = (await encoder.model({
      input_ids: new Tensor('int64', inputs.input_ids, dims),
      attention_mask: new Tensor('int64', inputs.attention_mask, dims),
      // Dropped by transformers.js for models whose graph takes no token types.
      token_type_ids: new Tensor('int64', inputs.token_type_ids, dims),
    })) as { logits: Tensor };
    computedTokens += rows.length * batch.length;
    const data = output.logits.data as Float32Array;
    const labels = output.logits.dims.at(-1) ?? 1;
    batch.indices.forEach((index, r) => {
      // One label: the relevance logit. Two ([irrelevant, relevant]): their difference is the
      // same log-odds, so the sigmoid of either is the softmax probability of "relevant".
      logits[index] = labels === 1 ? data[r]! : data[r * labels + 1]! - data[r * labels]!;
    });
    if (labels > 2)
      throw new ModelError(`the model has ${labels} output labels; a reranker has 1 or 2`);
    options.onBatch?.({ done: computedTokens, total });
  }
  return {
    logits,
    truncated: pairs.flatMap((pair, index) =>
      pair.truncatedTokens > 0 ? [{ index, tokens: pair.truncatedTokens }] : [],
    ),
    realTokens: lengths.reduce((sum, n) => sum + n, 0),
    computedTokens,
  };
}

export function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 500);
}
