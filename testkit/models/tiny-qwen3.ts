/**
 * A tiny Qwen3-Reranker written in code, with the signature of the real export
 * (onnx-community/Qwen3-Reranker-0.6B-ONNX; facts and sources in docs/model-files.md):
 *
 * - inputs `input_ids`, `attention_mask`, `position_ids` (int64) and, per layer,
 *   `past_key_values.N.key` / `.value` (float32 `[batch_size, kv_heads, past_sequence_length,
 *   head_dim]`); outputs `logits` (float32 `[batch_size, sequence_length, vocabulary]`) and
 *   `present.N.key` / `.value` — Optimum's decoder-with-past layout (`TextDecoderOnnxConfig`,
 *   `add_past_key_values`), dims named as it names them, which transformers.js reads to build
 *   an empty cache (`addPastKeyValues` resolves `batch_size` and sets the other names to 0);
 * - attention through `com.microsoft.GroupQueryAttention`, which the card says the export is
 *   fused into, fed as that fusion feeds it: the attention mask only as `seqlens_k` (real
 *   tokens − 1 per row) and `total_sequence_length`. Rows are therefore read as real tokens
 *   first, padding after: a row padded on the left is scored wrongly here as in the real file.
 *
 * Positions enter through a learned table indexed by `position_ids` (the real model rotates
 * queries and keys instead; what matters for the test is that a wrong position changes the
 * score). The tokenizer is word-level, with the reranker's chat-template tokens.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { FLOAT, GraphBuilder, INT64, seededUniform, type EncodeOptions } from './onnx-graph';
import { writeOnnxVariants, type DynamicQuantizeOptions } from './onnx-quantize';
import { specialTokens } from './tiny-cross-encoder';

const SPECIALS = ['<|endoftext|>', '<|im_start|>', '<|im_end|>', '<think>', '</think>'];
const WORDS = (
  'yes no system user assistant judge whether the document meets requirements based on query ' +
  'and instruct provided note that answer can only be or given a web search retrieve relevant ' +
  'passages prefer recent studies heart health exercise regular improves cooking pasta at home ' +
  // Whitespace pre-tokenisation keeps runs of punctuation together: the template's are here.
  'stock market news city of for good sleep " ". < >: . , ?'
).split(' ');

const INT32 = 6; // onnx TensorProto.DataType.INT32

/**
 * The shape of the tiny model; the real 0.6B has 28 layers, 16 heads, 8 KV heads of 128.
 * ONNX Runtime's GroupQueryAttention takes head sizes in multiples of 8 only.
 */
export const TINY_QWEN3 = { layers: 2, heads: 2, kvHeads: 1, headDim: 8, positions: 512 };

export interface TinyQwen3Options {
  seed?: number;
  /**
   * Also take `num_logits_to_keep` (int64 scalar): logits for the last n positions only, 0 for
   * all — `lm_head(hidden_states[:, -n:, :])` as transformers' causal LMs compute them, an
   * input some onnx-community exports declare (not confirmed for Qwen3-Reranker's).
   */
  logitsToKeep?: boolean;
  /** The vocabulary's width in `logits` (config `vocab_size`; Qwen3's is 151,936): padding rows. */
  vocabularySize?: number;
  /**
   * Also write `onnx/model_quantized.onnx` (the only variant the repository has for CPU):
   * MatMul weights quantized as `quantize_dynamic` does, uint8 by default — transformers.js's
   * converter picks QUInt8 for graphs with GroupQueryAttention; per-channel and reduce-range
   * settings of the real file are not confirmed.
   */
  quantized?: DynamicQuantizeOptions;
}

export function writeTinyQwen3Reranker(dir: string, options: TinyQwen3Options = {}): string {
  const seed = options.seed ?? 11;
  const vocabulary = [...SPECIALS, '[UNK]', ...new Set(WORDS)];
  // Like Qwen's, the output may be wider than the tokenizer (151,936 rows for 151,669 tokens).
  const size = Math.max(vocabulary.length, options.vocabularySize ?? 0);
  const { layers, heads, kvHeads, headDim, positions } = TINY_QWEN3;
  const hidden = heads * headDim;
  const random = seededUniform(seed);
  const cacheNames = Array.from({ length: layers }, (_, i) => [
    `past_key_values.${i}.key`,
    `past_key_values.${i}.value`,
    `present.${i}.key`,
    `present.${i}.value`,
  ]).flat();
  const g = new GraphBuilder([
    'input_ids',
    'attention_mask',
    'position_ids',
    'num_logits_to_keep',
    'logits',
    ...cacheNames,
  ]);
  const weight = (name: string, dims: number[], scale = 1) =>
    g.uniform(name, dims, () => random() * scale);

  let x = g.node('Add', [
    g.node('Gather', [weight('embed_tokens', [size, hidden]), 'input_ids']),
    g.node('Gather', [weight('embed_positions', [positions, hidden], 0.5), 'position_ids']),
  ]);
  // What the fused graph derives from the mask: each row's last real index, and the width.
  const seqlensK = g.node(
    'Cast',
    [
      g.node('Sub', [
        g.node('ReduceSum', ['attention_mask', g.int64s('axis_1', [1])], { keepdims: 0 }),
        g.int64s('one', [1], []),
      ]),
    ],
    { to: INT32 },
  );
  const totalLength = g.node(
    'Cast',
    [g.node('Gather', [g.node('Shape', ['attention_mask']), g.int64s('index_1', [1], [])])],
    { to: INT32 },
  );
  for (let i = 0; i < layers; i++) {
    const project = (name: string, width: number) =>
      g.node('MatMul', [x, weight(`layers.${i}.${name}`, [hidden, width], 0.5)]);
    const [attended] = g.nodeN(
      'GroupQueryAttention',
      [
        project('q_proj', hidden),
        project('k_proj', kvHeads * headDim),
        project('v_proj', kvHeads * headDim),
        `past_key_values.${i}.key`,
        `past_key_values.${i}.value`,
        seqlensK,
        totalLength,
      ],
      [g.fresh(`layers.${i}.attention`), `present.${i}.key`, `present.${i}.value`],
      { num_heads: heads, kv_num_heads: kvHeads },
      'com.microsoft',
    );
    x = g.node('Add', [
      x,
      g.node('MatMul', [attended!, weight(`layers.${i}.o_proj`, [hidden, hidden], 0.5)]),
    ]);
  }
  if (options.logitsToKeep) {
    // hidden_states[:, -n:, :]; −0 is 0, so n = 0 keeps every position.
    x = g.node('Slice', [
      x,
      g.node('Reshape', [g.node('Neg', ['num_logits_to_keep']), g.int64s('shape_1', [1])]),
      g.int64s('to_end', [Number.MAX_SAFE_INTEGER]),
      g.int64s('axis_seq', [1]),
    ]);
  }
  g.nodeN('MatMul', [g.node('Tanh', [x]), weight('lm_head', [hidden, size])], ['logits']);

  const cache = (direction: 'past_key_values' | 'present', length: string) =>
    Array.from({ length: layers }, (_, i) =>
      (['key', 'value'] as const).map(
        (part) =>
          [`${direction}.${i}.${part}`, FLOAT, ['batch_size', kvHeads, length, headDim]] as [
            string,
            number,
            (string | number)[],
          ],
      ),
    ).flat();
  const signature: EncodeOptions = {
    name: 'tiny-qwen3-reranker',
    inputs: [
      ['input_ids', INT64, ['batch_size', 'sequence_length']],
      ['attention_mask', INT64, ['batch_size', 'past_sequence_length + sequence_length']],
      ['position_ids', INT64, ['batch_size', 'sequence_length']],
      ...cache('past_key_values', 'past_sequence_length'),
      ...(options.logitsToKeep
        ? [['num_logits_to_keep', INT64, []] as [string, number, (string | number)[]]]
        : []),
    ],
    outputs: [
      [
        'logits',
        FLOAT,
        ['batch_size', options.logitsToKeep ? 'logits_length' : 'sequence_length', size],
      ],
      ...cache('present', 'past_sequence_length + sequence_length'),
    ],
    opset: 14,
    microsoftOpset: true,
  };
  writeOnnxVariants(
    dir,
    g,
    signature,
    options.quantized && { weightType: 'uint8', ...options.quantized },
  );
  writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({
      model_type: 'qwen3',
      architectures: ['Qwen3ForCausalLM'],
      vocab_size: size,
      hidden_size: hidden,
      num_hidden_layers: layers,
      num_attention_heads: heads,
      num_key_value_heads: kvHeads,
      head_dim: headDim,
      max_position_embeddings: positions,
      eos_token_id: 2,
      pad_token_id: 0,
    }),
  );
  writeFileSync(
    path.join(dir, 'tokenizer.json'),
    JSON.stringify({
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: specialTokens(SPECIALS, vocabulary),
      normalizer: { type: 'Lowercase' },
      pre_tokenizer: { type: 'Whitespace' },
      post_processor: null,
      decoder: null,
      model: {
        type: 'WordLevel',
        vocab: Object.fromEntries(vocabulary.map((token, i) => [token, i])),
        unk_token: '[UNK]',
      },
    }),
  );
  writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'Qwen2Tokenizer',
      model_max_length: positions,
      pad_token: '<|endoftext|>',
      eos_token: '<|im_end|>',
    }),
  );
  return dir;
}
