/**
 * A tiny XLM-RoBERTa cross-encoder written in code, with the signature of
 * Xenova/bge-reranker-base (facts and sources in docs/model-files.md):
 *
 * - inputs `input_ids` and `attention_mask` only (int64 `[batch_size, sequence_length]`): no
 *   `token_type_ids` (Optimum's `XLMRobertaOnnxConfig` is its DistilBERT config); output
 *   `logits` float32 `[batch_size, 1]`;
 * - positions computed inside the graph from the ids, as XLM-R does
 *   (`create_position_ids_from_input_ids`: count of non-`<pad>` tokens so far, plus the padding
 *   index 1), so a pad id other than `<pad>` would move positions;
 * - a SentencePiece-style tokenizer.json (Unigram, Metaspace `▁`) with `<s>`=0, `<pad>`=1,
 *   `</s>`=2, `<unk>`=3 and the pair template `<s> A </s></s> B </s>`, all type ids 0.
 *   The real tokenizer also has a `Precompiled` (NFKC-like) normalizer; this one lower-cases.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FLOAT, GraphBuilder, INT64, seededUniform } from './onnx-graph';
import { specialTokens } from './tiny-cross-encoder';

const SPECIALS = ['<s>', '<pad>', '</s>', '<unk>'];
const PAD_ID = 1;
const WORDS = (
  'the a of and for to in is heart health exercise regular improves cooking pasta home city ' +
  'stock market news sleep good query document blood pressure'
).split(' ');

export function writeTinyXlmRobertaCrossEncoder(dir: string, seed = 5): string {
  const pieces = [...SPECIALS, ...WORDS.map((word) => `▁${word}`), '▁', '<mask>'];
  const size = pieces.length;
  const hidden = 16;
  const maxPositions = 514; // XLM-R's 512 plus the padding offset
  const random = seededUniform(seed);
  const g = new GraphBuilder(['input_ids', 'attention_mask', 'logits']);
  const weights = (name: string, dims: number[]) => g.uniform(name, dims, random);

  // position = cumsum(id != pad) * (id != pad) + pad, as XLM-R's embeddings compute it.
  const real = g.node(
    'Cast',
    [g.node('Not', [g.node('Equal', ['input_ids', g.int64s('pad', [PAD_ID], [])])])],
    {
      to: INT64,
    },
  );
  const positions = g.node('Add', [
    g.node('Mul', [g.node('CumSum', [real, g.int64s('axis_1', [1], [])]), real]),
    g.int64s('offset', [PAD_ID], []),
  ]);
  const embedded = g.node('Add', [
    g.node('Gather', [weights('word_embeddings', [size, hidden]), 'input_ids']),
    g.node('Gather', [weights('position_embeddings', [maxPositions, hidden]), positions]),
  ]);
  const mask = g.node('Unsqueeze', [
    g.node('Cast', ['attention_mask'], { to: FLOAT }),
    g.int64s('axis_2', [2]),
  ]);
  const axis1 = g.int64s('axes_1', [1]);
  const summed = g.node('ReduceSum', [g.node('Mul', [embedded, mask]), axis1], { keepdims: 0 });
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
  const sequence = ['batch_size', 'sequence_length'];
  const model = g.encode({
    name: 'tiny-xlm-roberta-cross-encoder',
    inputs: [
      ['input_ids', INT64, sequence],
      ['attention_mask', INT64, sequence],
    ],
    outputs: [['logits', FLOAT, ['batch_size', 1]]],
    opset: 14,
  });

  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  writeFileSync(path.join(dir, 'onnx', 'model.onnx'), model);
  writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({
      model_type: 'xlm-roberta',
      architectures: ['XLMRobertaForSequenceClassification'],
      hidden_size: hidden,
      num_labels: 1,
      id2label: { 0: 'LABEL_0' },
      label2id: { LABEL_0: 0 },
      max_position_embeddings: maxPositions,
      type_vocab_size: 1,
      vocab_size: size,
      bos_token_id: 0,
      pad_token_id: PAD_ID,
      eos_token_id: 2,
    }),
  );
  const token = (content: string) => ({
    id: content,
    ids: [pieces.indexOf(content)],
    tokens: [content],
  });
  const special = (id: string) => ({ SpecialToken: { id, type_id: 0 } });
  const sequenceOf = (id: 'A' | 'B') => ({ Sequence: { id, type_id: 0 } });
  writeFileSync(
    path.join(dir, 'tokenizer.json'),
    JSON.stringify({
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: specialTokens([...SPECIALS, '<mask>'], pieces),
      normalizer: { type: 'Lowercase' },
      pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
      post_processor: {
        type: 'TemplateProcessing',
        single: [special('<s>'), sequenceOf('A'), special('</s>')],
        pair: [
          special('<s>'),
          sequenceOf('A'),
          special('</s>'),
          special('</s>'),
          sequenceOf('B'),
          special('</s>'),
        ],
        special_tokens: { '<s>': token('<s>'), '</s>': token('</s>') },
      },
      decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
      model: {
        type: 'Unigram',
        unk_id: 3,
        byte_fallback: false,
        vocab: pieces.map((piece, i) => [piece, SPECIALS.includes(piece) ? 0 : -1 - i / 100]),
      },
    }),
  );
  writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'XLMRobertaTokenizer',
      model_max_length: 512,
      bos_token: '<s>',
      eos_token: '</s>',
      sep_token: '</s>',
      cls_token: '<s>',
      unk_token: '<unk>',
      pad_token: '<pad>',
      mask_token: '<mask>',
    }),
  );
  return dir;
}
