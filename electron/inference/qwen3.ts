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
import { computedTokens as plannedTokens, lengthBatches, padRows } from './batching';
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
  options: ScoreOptions,
): Promise<ScoreOutput> {
  const tokenizer = reranker.tokenizer as unknown as PairTokenizer;
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
  const batches = lengthBatches(lengths, options.batchSize);
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
    })) as { logits: Tensor };
    computedTokens += batchRows.length * width;
    const [, steps, vocabulary] = output.logits.dims as [number, number, number];
    const data = output.logits.data as Float32Array;
    batch.indices.forEach((index, r) => {
      const last = (r * steps + batchRows[r]!.length - 1) * vocabulary;
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
