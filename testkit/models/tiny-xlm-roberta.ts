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
import { GraphBuilder, INT64, seededUniform } from './onnx-graph';
import {
  maskedMeanClassifier,
  robertaTokenizerConfig,
  sentencePieceTokenizer,
  twoInputSignature,
} from './tiny-parts';

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
  maskedMeanClassifier(g, embedded, hidden, weights);
  const model = g.encode(twoInputSignature('tiny-xlm-roberta-cross-encoder'));

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
  writeFileSync(
    path.join(dir, 'tokenizer.json'),
    JSON.stringify(
      sentencePieceTokenizer({
        pieces,
        specials: [...SPECIALS, '<mask>'],
        unk: '<unk>',
        normalizer: { type: 'Lowercase' },
        single: [
          ['<s>', 0],
          ['A', 0],
          ['</s>', 0],
        ],
        pair: [
          ['<s>', 0],
          ['A', 0],
          ['</s>', 0],
          ['</s>', 0],
          ['B', 0],
          ['</s>', 0],
        ],
      }),
    ),
  );
  writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify(robertaTokenizerConfig('XLMRobertaTokenizer', 512)),
  );
  return dir;
}
