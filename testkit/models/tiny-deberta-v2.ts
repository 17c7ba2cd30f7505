/**
 * A tiny DeBERTa-v2 cross-encoder written in code, with the signature of
 * mixedbread-ai/mxbai-rerank-xsmall-v1's ONNX export (facts and sources in docs/model-files.md):
 *
 * - inputs `input_ids` and `attention_mask` only (int64 `[batch_size, sequence_length]`):
 *   DeBERTa checkpoints with `type_vocab_size: 0` have no token-type embedding, and Optimum's
 *   `DebertaOnnxConfig` then leaves `token_type_ids` out of the graph. ONNX Runtime refuses an
 *   input a graph does not declare, so a caller that feeds the tokenizer's `token_type_ids`
 *   straight to the session fails here as it would on the real file; output `logits` float32
 *   `[batch_size, 1]`;
 * - no absolute positions (`position_biased_input: false`): position enters only through
 *   attention, as a bias indexed by the clipped relative distance j − i (DeBERTa's disentangled
 *   attention adds content-to-position and position-to-content terms over bucketed relative
 *   positions; this keeps only that positions are relative and live in the attention). The
 *   attention mask is applied to the keys, so padding cannot change a score;
 * - the tokenizer.json the `DebertaV2Converter` of transformers writes for a DeBERTa-v3
 *   SentencePiece model: Unigram over `▁` pieces (Metaspace), normaliser `Replace(" {2,}", " ")`
 *   and no lower-casing (`do_lower_case: false`), `[PAD]`=0 `[CLS]`=1 `[SEP]`=2 `[UNK]`=3,
 *   pair template `[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1`. The real one also has a `[MASK]` at
 *   128000 and a 128k vocabulary.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { FLOAT, GraphBuilder, seededUniform } from './onnx-graph';
import { writeOnnxVariants, type DynamicQuantizeOptions } from './onnx-quantize';
import { maskedMeanClassifier, sentencePieceTokenizer, twoInputSignature } from './tiny-parts';

const SPECIALS = ['[PAD]', '[CLS]', '[SEP]', '[UNK]'];
const WORDS = (
  'the a of and for to in is Heart heart health exercise regular improves cooking pasta home ' +
  'city stock market news sleep good query document blood pressure'
).split(' ');
/** Relative distances beyond this share a bias, as DeBERTa's log buckets share far positions. */
const SPAN = 8;

export interface TinyEncoderOptions {
  seed?: number;
  /** Also write `onnx/model_quantized.onnx`, quantized as `quantize_dynamic` does. */
  quantized?: DynamicQuantizeOptions;
}

export function writeTinyDebertaV2CrossEncoder(
  dir: string,
  options: TinyEncoderOptions = {},
): string {
  const seed = options.seed ?? 13;
  const pieces = [...SPECIALS, ...WORDS.map((word) => `▁${word}`), '▁', '[MASK]'];
  const size = pieces.length;
  const hidden = 16;
  const random = seededUniform(seed);
  const g = new GraphBuilder(['input_ids', 'attention_mask', 'logits']);
  const weights = (name: string, dims: number[]) => g.uniform(name, dims, random);

  const x = g.node('Gather', [weights('word_embeddings', [size, hidden]), 'input_ids']);
  // One attention head: scores = q·k / √d + bias[clip(j − i)] − 10⁴ where key j is padding.
  const q = g.node('MatMul', [x, weights('query', [hidden, hidden])]);
  const k = g.node('MatMul', [x, weights('key', [hidden, hidden])]);
  const v = g.node('MatMul', [x, weights('value', [hidden, hidden])]);
  const content = g.node('Div', [
    g.node('MatMul', [q, g.node('Transpose', [k], { perm: [0, 2, 1] })]),
    g.scalar('sqrt_d', Math.sqrt(hidden)),
  ]);
  const length = g.node('Gather', [g.node('Shape', ['input_ids']), g.int64s('one', [1], [])], {
    axis: 0,
  });
  const steps = g.node('Range', [g.int64s('zero', [0], []), length, g.int64s('step', [1], [])]);
  const relative = g.node('Sub', [
    g.node('Unsqueeze', [steps, g.int64s('axis_0', [0])]),
    g.node('Unsqueeze', [steps, g.int64s('axis_1', [1])]),
  ]);
  const bucket = g.node('Add', [
    g.node('Min', [
      g.node('Max', [relative, g.int64s('low', [-SPAN], [])]),
      g.int64s('high', [SPAN], []),
    ]),
    g.int64s('offset', [SPAN], []),
  ]);
  const positional = g.node('Gather', [weights('relative_bias', [2 * SPAN + 1]), bucket]);
  const maskFloat = g.node('Cast', ['attention_mask'], { to: FLOAT });
  const keyMask = g.node('Mul', [
    g.node('Sub', [
      g.scalar('one_f', 1),
      g.node('Unsqueeze', [maskFloat, g.int64s('axis_q', [1])]),
    ]),
    g.scalar('minus_big', -10000),
  ]);
  const attention = g.node(
    'Softmax',
    [g.node('Add', [g.node('Add', [content, positional]), keyMask])],
    { axis: -1 },
  );
  const attended = g.node('Add', [x, g.node('MatMul', [attention, v])]);
  // Pooled over the real tokens (DeBERTa's pooler reads [CLS]; a mean tests the mask harder).
  maskedMeanClassifier(g, attended, hidden, weights);
  const signature = twoInputSignature('tiny-deberta-v2-cross-encoder');

  writeOnnxVariants(dir, g, signature, options.quantized);
  writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({
      model_type: 'deberta-v2',
      architectures: ['DebertaV2ForSequenceClassification'],
      hidden_size: hidden,
      num_labels: 1,
      id2label: { 0: 'LABEL_0' },
      label2id: { LABEL_0: 0 },
      max_position_embeddings: 512,
      position_biased_input: false,
      relative_attention: true,
      pos_att_type: ['p2c', 'c2p'],
      position_buckets: 256,
      type_vocab_size: 0,
      vocab_size: size,
      pad_token_id: 0,
    }),
  );
  writeFileSync(
    path.join(dir, 'tokenizer.json'),
    JSON.stringify(
      sentencePieceTokenizer({
        pieces,
        specials: [...SPECIALS, '[MASK]'],
        unk: '[UNK]',
        normalizer: {
          type: 'Sequence',
          normalizers: [{ type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }],
        },
        single: [
          ['[CLS]', 0],
          ['A', 0],
          ['[SEP]', 0],
        ],
        pair: [
          ['[CLS]', 0],
          ['A', 0],
          ['[SEP]', 0],
          ['B', 1],
          ['[SEP]', 1],
        ],
      }),
    ),
  );
  writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'DebertaV2Tokenizer',
      do_lower_case: false,
      model_max_length: 512,
      bos_token: '[CLS]',
      eos_token: '[SEP]',
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      unk_token: '[UNK]',
      pad_token: '[PAD]',
      mask_token: '[MASK]',
    }),
  );
  return dir;
}
