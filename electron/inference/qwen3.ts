/**
 * Qwen3-Reranker run locally: a causal language model asked whether a document meets the
 * query and instruction, scored by the logits of "yes" and "no" at the last position — the
 * model's own template and scoring (Qwen's model card, ../shared/PROVIDERS.md). Without the
 * template its scores are close to random.
 *
 * As in the reference code, the system prefix and the assistant suffix are tokenised once and
 * the middle (`<Instruct>: … <Query>: … <Document>: …`) per document, cut at its end to fit
 * the maximum length.
 *
 * Rows are padded on the right and each is read at its own last real position. The reference
 * code pads on the left, but the ONNX export's attention is fused into GroupQueryAttention,
 * which sees the mask only as a count of real tokens per row (`seqlens_k`, ONNX Runtime's
 * `replace_mha_with_gqa`) and takes them to be the row's first ones: a left-padded row would
 * be read as padding. Right padding is right for unfused exports too (causal attention never
 * looks ahead to the padding). transformers.js adds the empty `past_key_values.N.*` the graph
 * takes (shapes from the graph's own input metadata); we give `position_ids` ourselves.
 * Facts and sources: docs/model-files.md.
 */
import { AutoModelForCausalLM, Tensor } from '@huggingface/transformers';
import { computedTokens as plannedTokens, lengthBatches, padRows, type Batch } from './batching';
import {
  Cancelled,
  loadModelFiles,
  ModelError,
  type LoadedCrossEncoder,
  type ModelRef,
  type ScoreOptions,
  type ScoreOutput,
} from './cross-encoder';
import type { PairTokenizer } from './pairs';
import {
  QWEN3_DEFAULT_INSTRUCTION,
  QWEN3_PREFIX,
  QWEN3_SUFFIX,
  qwen3Middle,
} from '../../shared/rerank/qwen3-template';

// The template is shared with the serving-engine adapters, which must send it too.
export {
  QWEN3_DEFAULT_INSTRUCTION,
  QWEN3_PREFIX,
  QWEN3_SUFFIX,
  qwen3Middle,
} from '../../shared/rerank/qwen3-template';

/**
 * Output bytes one batch may hold at once. A decoder returns logits for every position it is
 * not told to skip — `[batch, sequence, vocabulary]` float32, 151,936 × 4 B ≈ 608 kB a position
 * for Qwen3-0.6B, 2.5 GB for 8 rows of 512 — and its `present.*` cache, 28 layers × 2 × 8 KV
 * heads × 128 × 4 B ≈ 229 kB a position. Batches are cut to stay under this (one row at least).
 */
export const QWEN3_OUTPUT_BUDGET = 256 * 1024 ** 2;

/** What the decoder returns per position, read off its graph (see {@link decoderOutputs}). */
export interface DecoderOutputs {
  /** Logits per position kept: the width of `logits`' last dimension. */
  vocabulary: number;
  /** Bytes the `present.*` outputs take per position, all layers together. */
  cacheBytesPerToken: number;
  /**
   * The graph takes `num_logits_to_keep` (logits for the last n positions only; 0 = all), as
   * some exports do. Qwen3-Reranker-0.6B-ONNX's own inputs are not confirmed
   * (docs/model-files.md); transformers.js sets it to 0 when not given.
   */
  keepsLogits: boolean;
}

/** The slice of an ONNX Runtime session read here. */
interface SessionShape {
  inputNames: readonly string[];
  outputMetadata?: readonly {
    name: string;
    isTensor: boolean;
    shape?: readonly (number | string)[];
  }[];
}

/**
 * Reads the graph's output shapes: `logits`' last dimension (else `vocab_size` from
 * config.json) and the fixed dimensions of `present.*` (`[batch, kv_heads, length, head_dim]`).
 */
export function decoderOutputs(session: SessionShape, configVocabulary?: number): DecoderOutputs {
  const fixed = (shape: readonly (number | string)[] | undefined) =>
    (shape ?? []).filter((d): d is number => typeof d === 'number');
  let vocabulary = configVocabulary ?? 0;
  let cacheBytesPerToken = 0;
  for (const output of session.outputMetadata ?? []) {
    if (!output.isTensor) continue;
    const dims = output.shape ?? [];
    const last = dims.at(-1);
    if (output.name === 'logits' && typeof last === 'number') vocabulary = last;
    else if (output.name.startsWith('present.')) {
      cacheBytesPerToken += fixed(dims).reduce((product, d) => product * d, 1) * 4;
    }
  }
  if (!(vocabulary > 0)) {
    throw new ModelError('the model states no vocabulary size (logits shape or vocab_size)');
  }
  return {
    vocabulary,
    cacheBytesPerToken,
    keepsLogits: session.inputNames.includes('num_logits_to_keep'),
  };
}

/** A batch to run, with how many trailing positions' logits it asks for (its width: all). */
export interface DecoderBatch extends Batch {
  keep: number;
}

/**
 * Length buckets of at most `batchSize` rows, each cut further so that its outputs stay under
 * `budget` bytes. Where the graph takes `num_logits_to_keep`, a batch asks for the last
 * `width − shortest + 1` positions: every row's last real token is among them (rows are padded
 * on the right), and the rest of the vocabulary-wide logits are never made.
 */
export function decoderBatches(
  lengths: readonly number[],
  batchSize: number,
  outputs: DecoderOutputs,
  budget = QWEN3_OUTPUT_BUDGET,
): DecoderBatch[] {
  const plan = (indices: number[]): DecoderBatch => {
    const length = Math.max(...indices.map((i) => lengths[i]!));
    const shortest = Math.min(...indices.map((i) => lengths[i]!));
    return { indices, length, keep: outputs.keepsLogits ? length - shortest + 1 : length };
  };
  const bytes = (batch: DecoderBatch) =>
    batch.indices.length *
    (batch.keep * outputs.vocabulary * 4 + batch.length * outputs.cacheBytesPerToken);
  const batches: DecoderBatch[] = [];
  for (const bucket of lengthBatches(lengths, batchSize)) {
    let rows: number[] = [];
    for (const index of bucket.indices) {
      if (rows.length > 0 && bytes(plan([...rows, index])) > budget) {
        batches.push(plan(rows));
        rows = [];
      }
      rows.push(index);
    }
    if (rows.length > 0) batches.push(plan(rows));
  }
  return batches;
}

export function loadQwen3Reranker(ref: ModelRef): Promise<LoadedCrossEncoder> {
  return loadModelFiles(ref, AutoModelForCausalLM);
}

/** Tokens a document can take beside Qwen's template, instruction and query, within `maxLength`. */
export function qwen3DocumentRoom(
  reranker: LoadedCrossEncoder,
  query: string,
  instruction: string | undefined,
  maxLength: number,
): number {
  const encode = (text: string) =>
    (reranker.tokenizer as unknown as PairTokenizer).encode(text, { add_special_tokens: false })
      .length;
  const limit = Math.min(maxLength, reranker.maxLength ?? Infinity);
  const asked = instruction?.trim() || QWEN3_DEFAULT_INSTRUCTION;
  return (
    limit - encode(QWEN3_PREFIX) - encode(QWEN3_SUFFIX) - encode(qwen3Middle(asked, query, ''))
  );
}

export async function scoreQwen3(
  reranker: LoadedCrossEncoder,
  query: string,
  instruction: string | undefined,
  documents: readonly string[],
  options: ScoreOptions & { outputBudget?: number },
): Promise<ScoreOutput> {
  const tokenizer = reranker.tokenizer as unknown as PairTokenizer;
  const model = reranker.model as unknown as {
    sessions: Record<string, SessionShape>;
    config: { vocab_size?: number };
  };
  const outputs = decoderOutputs(model.sessions.model!, model.config.vocab_size);
  const encode = (text: string) => {
    const ids = tokenizer.encode(text, { add_special_tokens: false });
    // A vocabulary without an unknown token leaves holes; the tensor would be garbage.
    if (ids.some((id) => typeof id !== 'number')) {
      throw new ModelError(
        'the tokenizer has no id for part of the text (its vocabulary has no unknown token)',
      );
    }
    return ids;
  };
  const single = (word: string) => {
    const ids = encode(word);
    if (ids.length !== 1)
      throw new ModelError(`this tokenizer does not have "${word}" as one token`);
    return ids[0]!;
  };
  const yes = single('yes');
  const no = single('no');
  const prefix = encode(QWEN3_PREFIX);
  const suffix = encode(QWEN3_SUFFIX);
  const maxLength = Math.min(options.maxLength, reranker.maxLength ?? Infinity);
  const room = maxLength - prefix.length - suffix.length;
  const asked = instruction?.trim() || QWEN3_DEFAULT_INSTRUCTION;
  const rows: number[][] = [];
  const truncated: ScoreOutput['truncated'] = [];
  const head = encode(qwen3Middle(asked, query, '')).length;
  if (room <= head) {
    throw new ModelError(
      `the instruction and query take ${head + prefix.length + suffix.length} of the ${maxLength} tokens this model reads; shorten them or raise max length`,
    );
  }
  for (const [index, document] of documents.entries()) {
    if (index > 0 && index % 64 === 0) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (options.cancelled?.()) throw new Cancelled('cancelled');
    }
    const middle = encode(qwen3Middle(asked, query, document));
    if (middle.length > room) truncated.push({ index, tokens: middle.length - room });
    rows.push([...prefix, ...middle.slice(0, room), ...suffix]);
  }

  const lengths = rows.map((row) => row.length);
  const logits = new Array<number>(documents.length);
  let computedTokens = 0;
  const batches = decoderBatches(lengths, options.batchSize, outputs, options.outputBudget);
  const total = plannedTokens(batches);
  options.onBatch?.({ done: 0, total });
  for (const batch of batches) {
    if (options.cancelled?.()) throw new Cancelled('cancelled');
    const width = batch.length;
    const batchRows = batch.indices.map((i) => rows[i]!);
    const dims = [batchRows.length, width];
    const tensor = (values: number[][], fill: number) =>
      new Tensor('int64', padRows(values, width, fill), dims);
    const output = (await reranker.model({
      input_ids: tensor(batchRows, reranker.padId),
      attention_mask: tensor(
        batchRows.map((row) => row.map(() => 1)),
        0,
      ),
      // Padding positions are never attended to; 1 is what transformers.js would give them.
      position_ids: tensor(
        batchRows.map((row) => row.map((_, position) => position)),
        1,
      ),
      // Only the positions read: dropped by transformers.js for a graph without the input.
      ...(outputs.keepsLogits
        ? { num_logits_to_keep: new Tensor('int64', BigInt64Array.of(BigInt(batch.keep)), []) }
        : {}),
    })) as { logits: Tensor };
    computedTokens += batchRows.length * width;
    const [, steps, vocabulary] = output.logits.dims as [number, number, number];
    const data = output.logits.data as Float32Array;
    // The logits cover the last `steps` positions of the `width` fed.
    const skipped = width - steps;
    batch.indices.forEach((index, r) => {
      const last = (r * steps + batchRows[r]!.length - 1 - skipped) * vocabulary;
      // log P(yes) − log P(no): its sigmoid is the softmax over the two answers.
      logits[index] = data[last + yes]! - data[last + no]!;
    });
    options.onBatch?.({ done: computedTokens, total });
  }
  return {
    logits,
    truncated,
    realTokens: lengths.reduce((sum, n) => sum + n, 0),
    computedTokens,
  };
}
