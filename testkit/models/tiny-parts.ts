/**
 * Parts the tiny encoders share: the pooled classifier head that makes `logits`, the graph's
 * two-input signature, and a SentencePiece-style `tokenizer.json` (Unigram over `▁` pieces,
 * Metaspace, a TemplateProcessing pair template) as transformers' converters write them.
 */
import { FLOAT, INT64, type EncodeOptions, type GraphBuilder } from './onnx-graph';

/**
 * Mean of `states` ([batch, sequence, hidden]) over the tokens `attention_mask` marks real,
 * tanh, and a linear layer to the graph output `logits` [batch, 1]. Padding cannot change a
 * score, which is what a correct attention mask guarantees in the real models too.
 */
export function maskedMeanClassifier(
  g: GraphBuilder,
  states: string,
  hidden: number,
  weights: (name: string, dims: number[]) => string,
): void {
  const mask = g.node('Unsqueeze', [
    g.node('Cast', ['attention_mask'], { to: FLOAT }),
    g.int64s('axis_2', [2]),
  ]);
  const axis1 = g.int64s('axes_1', [1]);
  const summed = g.node('ReduceSum', [g.node('Mul', [states, mask]), axis1], { keepdims: 0 });
  const counts = g.node('ReduceSum', [mask, axis1], { keepdims: 0 });
  const activated = g.node('Tanh', [g.node('Div', [summed, counts])]);
  g.nodeN(
    'Add',
    [
      g.node('MatMul', [activated, weights('classifier_weight', [hidden, 1])]),
      weights('classifier_bias', [1]),
    ],
    ['logits'],
  );
}

/** `input_ids`, `attention_mask` (int64 `[batch_size, sequence_length]`) to `logits`. */
export function twoInputSignature(name: string): EncodeOptions {
  const sequence = ['batch_size', 'sequence_length'];
  return {
    name,
    inputs: [
      ['input_ids', INT64, sequence],
      ['attention_mask', INT64, sequence],
    ],
    outputs: [['logits', FLOAT, ['batch_size', 1]]],
    opset: 14,
  };
}

export interface SentencePieceOptions {
  /** The vocabulary in id order, specials included. */
  pieces: readonly string[];
  specials: readonly string[];
  unk: string;
  normalizer: object;
  /** Template items: a special token's content, or `A` / `B` for the texts; with type ids. */
  single: [string, number][];
  pair: [string, number][];
}

/** A `tokenizer.json` for a Unigram SentencePiece model with the given template. */
export function sentencePieceTokenizer(options: SentencePieceOptions) {
  const { pieces, specials } = options;
  const item = ([id, typeId]: [string, number]) =>
    id === 'A' || id === 'B'
      ? { Sequence: { id, type_id: typeId } }
      : { SpecialToken: { id, type_id: typeId } };
  const used = new Set(
    [...options.single, ...options.pair].map(([id]) => id).filter((id) => id !== 'A' && id !== 'B'),
  );
  const metaspace = { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specialTokens(specials, pieces),
    normalizer: options.normalizer,
    pre_tokenizer: metaspace,
    post_processor: {
      type: 'TemplateProcessing',
      single: options.single.map(item),
      pair: options.pair.map(item),
      special_tokens: Object.fromEntries(
        [...used].map((content) => [
          content,
          { id: content, ids: [pieces.indexOf(content)], tokens: [content] },
        ]),
      ),
    },
    decoder: metaspace,
    model: {
      type: 'Unigram',
      unk_id: pieces.indexOf(options.unk),
      byte_fallback: false,
      vocab: pieces.map((piece, i) => [piece, specials.includes(piece) ? 0 : -1 - i / 100]),
    },
  };
}

/** `added_tokens` of a `tokenizer.json`: special tokens, never split or normalised. */
export function specialTokens(specials: readonly string[], vocabulary: readonly string[]) {
  return specials.map((content) => ({
    id: vocabulary.indexOf(content),
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
}

/** RoBERTa's special tokens (XLM-R and JinaBERT's tokenizers use them too). */
export function robertaTokenizerConfig(tokenizerClass: string, maxLength: number) {
  return {
    tokenizer_class: tokenizerClass,
    model_max_length: maxLength,
    bos_token: '<s>',
    eos_token: '</s>',
    sep_token: '</s>',
    cls_token: '<s>',
    unk_token: '<unk>',
    pad_token: '<pad>',
    mask_token: '<mask>',
  };
}

/** `<s> A </s></s> B </s>` with `<s>` = 0, `</s>` = 2, all type ids 0, as `pairTemplate` reads it. */
export const ROBERTA_PAIR_TEMPLATE = {
  prefix: [0],
  middle: [2, 2],
  suffix: [2],
  queryType: 0,
  documentType: 0,
};
