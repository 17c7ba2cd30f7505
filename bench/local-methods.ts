/**
 * The three ways of scoring the benchmark's documents, each timed over one whole pass:
 *
 * - ours: the app's path, `createLocalInference(worker).score(...)` from the host, end to end
 *   (message, tokenising, batching, inference, reply);
 * - raw: `onnxruntime-node` `session.run` on tensors built beforehand with the same pairs,
 *   length buckets and batch size: the runtime's limit for the same batching;
 * - naive: transformers.js tokenizer and model on one pair at a time.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import path from 'node:path';
import {
  AutoModelForSequenceClassification,
  AutoTokenizer,
  env,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Tensor,
} from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { lengthBatches, pairBatch } from '../electron/inference/batching';
import type { Encode } from '../electron/inference/chunk-memo';
import type { LocalInference } from '../electron/inference/client';
import {
  ONNX_FILES,
  sessionOptions,
  type ModelDtype,
  type ModelRef,
} from '../electron/inference/cross-encoder';
import { encodePair, pairTemplate, type PairTokenizer } from '../electron/inference/pairs';

export const MAX_LENGTH = 512;
export const EVENT_LOOP_RESOLUTION_MS = 5;

export interface Pass {
  ms: number;
  /** The host's event-loop delay during the pass (our path only). */
  eventLoop?: { p99Ms: number; maxMs: number };
  /** One logit per document, in order: the methods must agree, or the comparison is moot. */
  logits: number[];
  realTokens?: number;
  computedTokens?: number;
}

export interface Method {
  /** A short run on a few documents (sessions created, memory grown), much cheaper than a pass. */
  warm(): Promise<void>;
  /**
   * One pass over round `round`'s documents. Each round has its own documents (same lengths,
   * other words), so no round finds the previous one's texts already in our tokenizer's memo.
   */
  run(round: number): Promise<Pass>;
  close(): Promise<void>;
}

/**
 * Our path through the worker, with the host's event-loop delay monitored during each pass (a
 * fresh monitor each time: one re-enabled after a pause counts the pause as delay).
 */
export function oursMethod(
  inference: LocalInference,
  model: ModelRef,
  query: string,
  rounds: string[][],
  batchSize: number,
): Method {
  const score = (docs: string[]) =>
    inference.score(
      { model, query, documents: docs, maxLength: MAX_LENGTH, batchSize },
      new AbortController().signal,
    );
  return {
    async warm() {
      await score(rounds[0]!.slice(0, 2 * batchSize));
    },
    async run(round) {
      const delay = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
      delay.enable();
      const started = performance.now();
      const result = await score(rounds[round]!);
      const ms = performance.now() - started;
      delay.disable();
      const { logits, realTokens, computedTokens } = result;
      const eventLoop = { p99Ms: delay.percentile(99) / 1e6, maxMs: delay.max / 1e6 };
      return { ms, logits, realTokens, computedTokens, eventLoop };
    },
    close: async () => {},
  };
}

function useLocalModels(root: string) {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${root}${path.sep}`;
}

/** The model's tokenizer, loaded in this process (for raw tensors and the naive loop). */
export async function loadTokenizer(ref: ModelRef): Promise<PreTrainedTokenizer> {
  useLocalModels(ref.root);
  return AutoTokenizer.from_pretrained(ref.id);
}

/**
 * Tokenises the documents into pairs as our path does (with transformers.js's `encode`, or the
 * given encoder); returns them and the time it took.
 */
export function encodePairs(
  tokenizer: PreTrainedTokenizer,
  query: string,
  documents: string[],
  encode?: Encode,
) {
  const started = performance.now();
  const pairTokenizer = tokenizer as unknown as PairTokenizer;
  const encodeText =
    encode ?? ((text: string) => pairTokenizer.encode(text, { add_special_tokens: false }));
  const template = pairTemplate(pairTokenizer, query);
  const queryIds = encodeText(query);
  const pairs = documents.map((document) =>
    encodePair(template, queryIds, encodeText(document), MAX_LENGTH),
  );
  return { pairs, ms: performance.now() - started };
}

/** session.run over pre-built, length-bucketed tensors, with transformers.js's session options. */
export async function rawMethod(
  ref: ModelRef,
  rounds: ReturnType<typeof encodePairs>['pairs'][],
  batchSize: number,
  padId: number,
): Promise<Method> {
  const session = await ort.InferenceSession.create(
    path.join(ref.root, ref.id, ONNX_FILES[ref.dtype]),
    {
      ...sessionOptions(ref.threads),
      executionProviders: ['cpu'],
      logSeverityLevel: 3,
    },
  );
  const prebuilt = rounds.map((pairs) => ({
    pairs,
    batches: batchFeeds(pairs, batchSize, padId),
  }));
  const longest = prebuilt[0]!.batches.at(-1)!;
  return {
    async warm() {
      await session.run(longest.feeds);
    },
    async run(round) {
      const { pairs, batches } = prebuilt[round]!;
      const logits = new Array<number>(pairs.length);
      const started = performance.now();
      for (const batch of batches) {
        const output = await session.run(batch.feeds);
        const data = output.logits!.data as Float32Array;
        batch.indices.forEach((index, r) => (logits[index] = data[r]!));
      }
      return { ms: performance.now() - started, logits };
    },
    close: () => session.release(),
  };
}

/** The tensors our path builds for these pairs, built beforehand, batch by batch. */
export function batchFeeds(
  pairs: ReturnType<typeof encodePairs>['pairs'],
  batchSize: number,
  padId: number,
) {
  return lengthBatches(
    pairs.map((pair) => pair.ids.length),
    batchSize,
  ).map((batch) => {
    const rows = batch.indices.map((i) => pairs[i]!);
    const dims = [rows.length, batch.length];
    const data = pairBatch(rows, batch.length, padId);
    return {
      indices: batch.indices,
      feeds: {
        input_ids: new ort.Tensor('int64', data.input_ids, dims),
        attention_mask: new ort.Tensor('int64', data.attention_mask, dims),
        token_type_ids: new ort.Tensor('int64', data.token_type_ids, dims),
      },
    };
  });
}

/** The loop a first attempt writes: tokenizer and model called on each pair in turn. */
export async function naiveMethod(
  ref: ModelRef & { dtype: ModelDtype },
  tokenizer: PreTrainedTokenizer,
  query: string,
  rounds: string[][],
): Promise<Method> {
  useLocalModels(ref.root);
  const model: PreTrainedModel = await AutoModelForSequenceClassification.from_pretrained(ref.id, {
    dtype: ref.dtype,
    device: 'cpu',
    session_options: sessionOptions(ref.threads),
  });
  const score = async (document: string) => {
    const inputs = tokenizer(query, {
      text_pair: document,
      truncation: true,
      max_length: MAX_LENGTH,
    });
    const output = (await model(inputs)) as { logits: Tensor };
    return (output.logits.data as Float32Array)[0]!;
  };
  return {
    async warm() {
      for (const document of rounds[0]!.slice(0, 4)) await score(document);
    },
    async run(round) {
      const logits: number[] = [];
      const started = performance.now();
      for (const document of rounds[round]!) logits.push(await score(document));
      return { ms: performance.now() - started, logits };
    },
    close: async () => {
      await model.dispose();
    },
  };
}
