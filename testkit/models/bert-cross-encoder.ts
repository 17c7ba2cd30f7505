/**
 * A random-weight BERT cross-encoder folder in the Hugging Face layout transformers.js loads:
 * `config.json`, `tokenizer.json`, `tokenizer_config.json`, `onnx/model.onnx` and (unless
 * turned off) `onnx/model_quantized.onnx` (dtype `q8`).
 *
 * The tokenizer is either generated from a word list (tests: runs anywhere) or taken from a
 * folder holding a real BERT `tokenizer.json` (benchmarks: the uncased vocabulary TinyBERT and
 * MiniLM read), copied into the model folder, never into the repository.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bertOnnx, bertWeights, LAYER_NORM_EPSILON, type BertShape } from './bert-graph';
import { bertQuantizedOnnx, type QuantizeOptions } from './bert-quantize';
import { bertTokenizer, SPECIAL_TOKENS } from './tiny-cross-encoder';

export interface BertCrossEncoderOptions {
  shape: BertShape;
  /** Seeds the weights: the same seed writes the same model. */
  seed?: number;
  /**
   * `words`: a WordPiece vocabulary of the special tokens, these words and a few suffixes (the
   * shape's vocabulary must be at least that large). `dir`: a folder with a BERT uncased
   * `tokenizer.json`, whose vocabulary must fit the shape's.
   */
  tokenizer: { words: readonly string[] } | { dir: string };
  /** How `model_quantized.onnx` is written; `false` writes none. */
  quantization?: QuantizeOptions | false;
}

/** Bump when the graph or the files change, so cached folders are rebuilt. */
const GENERATOR_VERSION = 2; // 2: q8 weights per channel, as the real files

/** Writes the model folder `dir` and returns it. */
export function writeBertCrossEncoder(dir: string, options: BertCrossEncoderOptions): string {
  const { shape } = options;
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  if ('words' in options.tokenizer) {
    const vocabulary = [
      ...SPECIAL_TOKENS,
      ...new Set(options.tokenizer.words),
      '##s',
      '##ing',
      '##ed',
    ];
    if (vocabulary.length > shape.vocabSize) {
      throw new Error(
        `a vocabulary of ${vocabulary.length} tokens needs vocabSize ≥ ${vocabulary.length}`,
      );
    }
    writeFileSync(
      path.join(dir, 'tokenizer.json'),
      JSON.stringify(bertTokenizer(vocabulary, true)),
    );
  } else {
    const source = path.join(options.tokenizer.dir, 'tokenizer.json');
    const size = Object.keys(
      (JSON.parse(readFileSync(source, 'utf8')) as { model: { vocab: object } }).model.vocab,
    ).length;
    if (size > shape.vocabSize)
      throw new Error(`${source} has ${size} tokens; the shape has ${shape.vocabSize}`);
    copyFileSync(source, path.join(dir, 'tokenizer.json'));
  }
  writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      // Named, so transformers.js builds a BertTokenizer, which returns token type ids.
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      model_max_length: shape.maxPositions,
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      mask_token: '[MASK]',
    }),
  );
  writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({
      model_type: 'bert',
      architectures: ['BertForSequenceClassification'],
      hidden_size: shape.hidden,
      num_hidden_layers: shape.layers,
      num_attention_heads: shape.heads,
      intermediate_size: shape.intermediate,
      hidden_act: 'gelu',
      layer_norm_eps: LAYER_NORM_EPSILON,
      max_position_embeddings: shape.maxPositions,
      type_vocab_size: shape.typeVocabSize,
      vocab_size: shape.vocabSize,
      pad_token_id: 0,
      num_labels: 1,
      id2label: { 0: 'LABEL_0' },
      label2id: { LABEL_0: 0 },
    }),
  );
  const weights = bertWeights(shape, options.seed ?? 1);
  writeFileSync(path.join(dir, 'onnx', 'model.onnx'), bertOnnx(weights));
  if (options.quantization !== false) {
    writeFileSync(
      path.join(dir, 'onnx', 'model_quantized.onnx'),
      bertQuantizedOnnx(weights, options.quantization ?? {}),
    );
  }
  return dir;
}

/**
 * The folder for these options under `<os.tmpdir()>/rerank-studio-models/`, written on first
 * use and reused after (MiniLM-L-6's files are ~110 MB). Returns `{ root, id }` as a `ModelRef`
 * wants them.
 */
export function cachedBertCrossEncoder(options: BertCrossEncoderOptions): {
  root: string;
  id: string;
} {
  const key = createHash('sha256')
    .update(JSON.stringify({ GENERATOR_VERSION, ...options }))
    .digest('hex')
    .slice(0, 16);
  const root = path.join(tmpdir(), 'rerank-studio-models');
  const id = `random/bert-${options.shape.layers}x${options.shape.hidden}-${key}`;
  const dir = path.join(root, id);
  if (!existsSync(path.join(dir, 'complete'))) {
    // Written aside and renamed, so a run stopped half-way never leaves a folder that looks whole.
    const staging = `${dir}.${process.pid}.partial`;
    rmSync(staging, { recursive: true, force: true });
    writeBertCrossEncoder(staging, options);
    writeFileSync(path.join(staging, 'complete'), '');
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  }
  return { root, id };
}
