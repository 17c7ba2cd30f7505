/**
 * A tiny JinaBERT cross-encoder written in code, after jinaai/jina-reranker-v1-tiny-en (facts
 * and sources in docs/model-files.md):
 *
 * - config.json says `model_type: bert` with custom code (`JinaBertForSequenceClassification`,
 *   `position_embedding_type: alibi`, 8,192 positions): transformers.js loads it as
 *   `BertForSequenceClassification`, which runs whatever the graph declares;
 * - no position embeddings: symmetric ALiBi, a per-head bias −m_h·|i − j| on the attention
 *   scores with m_h = 2^(−8(h+1)/heads) (ALiBi's slopes; JinaBERT's symmetric variant), computed
 *   in the graph from the sequence length, so any length up to the tokenizer's 8,192 runs;
 * - the inputs are not confirmed (Jina exported the file, not Optimum): `tokenTypes` chooses
 *   whether the graph also declares `token_type_ids` (`type_vocab_size` is 2); output `logits`
 *   float32 `[batch_size, 1]`;
 * - a byte-level BPE tokenizer (`vocab.json` + `merges.txt` in the repository) with RoBERTa's
 *   special tokens `<s>`, `<pad>`, `</s>`, `<unk>`, `<mask>` and its post-processor
 *   (`RobertaProcessing`: `<s> A </s></s> B </s>`); the ids here follow RoBERTa's order, the
 *   real vocabulary's are not confirmed. `model_max_length` 8,192.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { GraphBuilder, INT64, seededUniform } from './onnx-graph';
import { writeOnnxVariants } from './onnx-quantize';
import type { TinyEncoderOptions } from './tiny-deberta-v2';
import {
  maskedMeanClassifier,
  robertaTokenizerConfig,
  specialTokens,
  twoInputSignature,
} from './tiny-parts';

const SPECIALS = ['<s>', '<pad>', '</s>', '<unk>'];
const WORDS = (
  'the a of and for to in is heart health exercise regular improves cooking pasta home city ' +
  'stock market news sleep good query document blood pressure study'
).split(' ');
export const TINY_JINA = { heads: 2, headDim: 8, maxLength: 8192 };

export function writeTinyJinaBertCrossEncoder(
  dir: string,
  options: { tokenTypes: boolean } & TinyEncoderOptions,
): string {
  const { vocabulary, merges } = byteLevelVocabulary(WORDS);
  const size = vocabulary.length;
  const { heads, headDim } = TINY_JINA;
  const hidden = heads * headDim;
  const random = seededUniform(options.seed ?? 17);
  const g = new GraphBuilder(['input_ids', 'attention_mask', 'token_type_ids', 'logits']);
  const weights = (name: string, dims: number[]) => g.uniform(name, dims, random);

  let x = g.node('Gather', [weights('word_embeddings', [size, hidden]), 'input_ids']);
  if (options.tokenTypes) {
    x = g.node('Add', [
      x,
      g.node('Gather', [weights('token_type_embeddings', [2, hidden]), 'token_type_ids']),
    ]);
  }
  // [batch, sequence, hidden] → [batch, heads, sequence, headDim]
  const split = (value: string) =>
    g.node(
      'Transpose',
      [g.node('Reshape', [value, g.int64s('heads_shape', [0, 0, heads, headDim])])],
      {
        perm: [0, 2, 1, 3],
      },
    );
  const q = split(g.node('MatMul', [x, weights('query', [hidden, hidden])]));
  const k = split(g.node('MatMul', [x, weights('key', [hidden, hidden])]));
  const v = split(g.node('MatMul', [x, weights('value', [hidden, hidden])]));
  const content = g.node('Div', [
    g.node('MatMul', [q, g.node('Transpose', [k], { perm: [0, 1, 3, 2] })]),
    g.scalar('sqrt_d', Math.sqrt(headDim)),
  ]);
  // ALiBi: −m_h · |i − j|, [heads, sequence, sequence], from the length the graph is given.
  const length = g.node('Gather', [g.node('Shape', ['input_ids']), g.int64s('one', [1], [])], {
    axis: 0,
  });
  const steps = g.node(
    'Cast',
    [g.node('Range', [g.int64s('zero', [0], []), length, g.int64s('step', [1], [])])],
    {
      to: 1,
    },
  );
  const distance = g.node('Abs', [
    g.node('Sub', [
      g.node('Unsqueeze', [steps, g.int64s('axis_0', [0])]),
      g.node('Unsqueeze', [steps, g.int64s('axis_1', [1])]),
    ]),
  ]);
  const slopes = Float32Array.from({ length: heads }, (_, h) => -(2 ** ((-8 * (h + 1)) / heads)));
  const alibi = g.node('Mul', [g.floats('alibi_slopes', [heads, 1, 1], slopes), distance]);
  const maskFloat = g.node('Cast', ['attention_mask'], { to: 1 });
  // [batch, 1, 1, keys]: −10⁴ on padding keys.
  const keyMask = g.node('Mul', [
    g.node('Sub', [
      g.scalar('one_f', 1),
      g.node('Unsqueeze', [maskFloat, g.int64s('axes_12', [1, 2])]),
    ]),
    g.scalar('minus_big', -10000),
  ]);
  const attention = g.node('Softmax', [g.node('Add', [g.node('Add', [content, alibi]), keyMask])], {
    axis: -1,
  });
  const merged = g.node('Reshape', [
    g.node('Transpose', [g.node('MatMul', [attention, v])], { perm: [0, 2, 1, 3] }),
    g.int64s('merged_shape', [0, 0, hidden]),
  ]);
  maskedMeanClassifier(g, g.node('Add', [x, merged]), hidden, weights);
  const signature = twoInputSignature('tiny-jina-bert-cross-encoder');
  if (options.tokenTypes) {
    signature.inputs.push(['token_type_ids', INT64, ['batch_size', 'sequence_length']]);
  }

  writeOnnxVariants(dir, g, signature, options.quantized);
  writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({
      model_type: 'bert',
      architectures: ['JinaBertForSequenceClassification'],
      auto_map: {
        AutoModelForSequenceClassification:
          'jinaai/jina-reranker-v1-tiny-en--modeling_bert.JinaBertForSequenceClassification',
      },
      position_embedding_type: 'alibi',
      feed_forward_type: 'geglu',
      hidden_size: hidden,
      num_attention_heads: heads,
      num_labels: 1,
      id2label: { 0: 'LABEL_0' },
      label2id: { LABEL_0: 0 },
      max_position_embeddings: TINY_JINA.maxLength,
      type_vocab_size: 2,
      vocab_size: size,
      pad_token_id: 0,
    }),
  );
  writeFileSync(
    path.join(dir, 'tokenizer.json'),
    JSON.stringify({
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: specialTokens([...SPECIALS, '<mask>'], vocabulary),
      normalizer: null,
      pre_tokenizer: {
        type: 'ByteLevel',
        add_prefix_space: false,
        trim_offsets: true,
        use_regex: true,
      },
      post_processor: {
        type: 'RobertaProcessing',
        sep: ['</s>', vocabulary.indexOf('</s>')],
        cls: ['<s>', vocabulary.indexOf('<s>')],
        trim_offsets: true,
        add_prefix_space: false,
      },
      decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
      model: {
        type: 'BPE',
        dropout: null,
        unk_token: null,
        continuing_subword_prefix: '',
        end_of_word_suffix: '',
        fuse_unk: false,
        byte_fallback: false,
        vocab: Object.fromEntries(vocabulary.map((token, i) => [token, i])),
        merges,
      },
    }),
  );
  writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify(robertaTokenizerConfig('RobertaTokenizer', TINY_JINA.maxLength)),
  );
  return dir;
}

/**
 * A byte-level BPE vocabulary that spells each word, with and without the `Ġ` (space) its
 * byte-level form starts with after the first word, through merges one byte at a time.
 */
function byteLevelVocabulary(words: readonly string[]) {
  const vocabulary = [...SPECIALS];
  const merges: string[] = [];
  const add = (token: string) => {
    if (!vocabulary.includes(token)) vocabulary.push(token);
  };
  for (const word of words) {
    for (const spelled of [word, `Ġ${word}`]) {
      add(spelled[0]!);
      for (let end = 2; end <= spelled.length; end++) {
        const merge = `${spelled.slice(0, end - 1)} ${spelled[end - 1]}`;
        add(spelled[end - 1]!);
        if (!merges.includes(merge)) merges.push(merge);
        add(spelled.slice(0, end));
      }
    }
  }
  vocabulary.push('<mask>');
  return { vocabulary, merges };
}
