/**
 * A tiny cross-encoder written in code, in the Hugging Face layout transformers.js loads:
 * `config.json`, `tokenizer.json` (BERT WordPiece over a vocabulary made here),
 * `tokenizer_config.json` and `onnx/model.onnx`, built with onnx-proto.
 *
 * The graph has a real BERT export's inputs and output — `input_ids`, `attention_mask`,
 * `token_type_ids` (int64, `[batch, sequence]`) to `logits` (float, `[batch, 1]`) — and a
 * small, deterministic computation over them: word plus token-type embeddings, a masked mean
 * over the sequence, tanh, a linear layer. Padding therefore cannot change a score, which is
 * what a correct attention mask guarantees in the real models too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FLOAT, GraphBuilder, INT64, seededUniform, type EncodeOptions } from './onnx-graph';
import { maskedMeanClassifier, specialTokens } from './tiny-parts';

export { specialTokens } from './tiny-parts';

export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

export interface TinyModelOptions {
  /** Words of the vocabulary besides the special tokens (lower case). */
  words?: readonly string[];
  hiddenSize?: number;
  /** Seeds the weights: the same seed writes the same model. */
  seed?: number;
  /** Leave out `token_type_ids`, as some exports (XLM-R based) do. */
  withoutTokenTypes?: boolean;
  /** The model's own maximum length (`model_max_length`). */
  maxLength?: number;
  /**
   * Write the weights to this external data file beside `onnx/model.onnx` (Optimum's
   * `model.onnx_data` for models over 2 GB), as onnx's external data helper does.
   */
  externalData?: string;
}

const DEFAULT_WORDS = (
  'the a an of and or for to in on is are was be with by as at from that this it its not no ' +
  'heart health healthy exercise blood pressure training sleep diet muscle running swimming ' +
  'recovery study studies cooking pasta home city stock market news regular improves good ' +
  'capital france paris berlin germany louvre query document test'
).split(' ');

/** Writes the model folder and returns its path. */
export function writeTinyCrossEncoder(dir: string, options: TinyModelOptions = {}): string {
  const words = options.words ?? DEFAULT_WORDS;
  const vocabulary = [...SPECIAL_TOKENS, ...new Set(words), '##s', '##ing', '##ed'];
  const hidden = options.hiddenSize ?? 16;
  const random = seededUniform(options.seed ?? 7);
  const g = new GraphBuilder(['input_ids', 'attention_mask', 'token_type_ids', 'logits']);
  const weights = (name: string, dims: number[]) => g.uniform(name, dims, random);

  const types = !options.withoutTokenTypes;
  const wordEmbeddings = weights('word_embeddings', [vocabulary.length, hidden]);
  const typeEmbeddings = types ? weights('token_type_embeddings', [2, hidden]) : undefined;
  const wordVectors = g.node('Gather', [wordEmbeddings, 'input_ids']);
  const embedded = typeEmbeddings
    ? g.node('Add', [wordVectors, g.node('Gather', [typeEmbeddings, 'token_type_ids'])])
    : wordVectors;
  maskedMeanClassifier(g, embedded, hidden, weights);
  const sequence = ['batch_size', 'sequence_length'];
  const encodeOptions: EncodeOptions = {
    name: 'tiny-cross-encoder',
    inputs: [
      ['input_ids', INT64, sequence],
      ['attention_mask', INT64, sequence],
      ...(types ? [['token_type_ids', INT64, sequence] as [string, number, string[]]] : []),
    ],
    outputs: [['logits', FLOAT, ['batch_size', 1]]],
    opset: 13,
  };

  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  if (options.externalData) {
    const { model, data } = g.encodeWithExternalData(encodeOptions, options.externalData);
    writeFileSync(path.join(dir, 'onnx', 'model.onnx'), model);
    writeFileSync(path.join(dir, 'onnx', options.externalData), data);
  } else {
    writeFileSync(path.join(dir, 'onnx', 'model.onnx'), g.encode(encodeOptions));
  }
  writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({
      model_type: 'bert',
      architectures: ['BertForSequenceClassification'],
      hidden_size: hidden,
      num_labels: 1,
      id2label: { 0: 'LABEL_0' },
      label2id: { LABEL_0: 0 },
      max_position_embeddings: 512,
      type_vocab_size: types ? 2 : 1,
      vocab_size: vocabulary.length,
    }),
  );
  writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(bertTokenizer(vocabulary, types)));
  writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      model_max_length: options.maxLength ?? 512,
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      mask_token: '[MASK]',
    }),
  );
  return dir;
}

/** A `tokenizer.json` for BERT's WordPiece with the usual `[CLS] A [SEP] B [SEP]` template. */
export function bertTokenizer(vocabulary: readonly string[], types: boolean) {
  const id = (token: string) => vocabulary.indexOf(token);
  const second = types ? 1 : 0;
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specialTokens(SPECIAL_TOKENS, vocabulary),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: second } },
        { SpecialToken: { id: '[SEP]', type_id: second } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [id('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [id('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocabulary.map((token, i) => [token, i])),
    },
  };
}
