/**
 * A real BERT cross-encoder as an ONNX graph, with random deterministic weights: the
 * computation of `BertForSequenceClassification` (embeddings, post-LayerNorm encoder layers,
 * pooler, one-logit classifier) written node by node the way a PyTorch export lays it out, so
 * ONNX Runtime sees the same operators (and applies the same fusions) as for a trained model of
 * that shape. Benchmarks use it at the TinyBERT-L-2 and MiniLM-L-6 shapes: the weights are
 * noise, the work per token is the real model's.
 *
 * Inputs `input_ids`, `attention_mask`, `token_type_ids` (int64, `[batch, sequence]`); output
 * `logits` (float, `[batch, 1]`). Opset 17, for `LayerNormalization`.
 */
import { FLOAT, GraphBuilder, INT64 } from './onnx-graph';
import { mulberry32 } from '../random';

export interface BertShape {
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  vocabSize: number;
  maxPositions: number;
  typeVocabSize: number;
}

/** cross-encoder/ms-marco-TinyBERT-L-2-v2. */
export const TINYBERT_L2: BertShape = {
  layers: 2,
  hidden: 128,
  heads: 2,
  intermediate: 512,
  vocabSize: 30522,
  maxPositions: 512,
  typeVocabSize: 2,
};

/** cross-encoder/ms-marco-MiniLM-L-6-v2. */
export const MINILM_L6: BertShape = {
  layers: 6,
  hidden: 384,
  heads: 12,
  intermediate: 1536,
  vocabSize: 30522,
  maxPositions: 512,
  typeVocabSize: 2,
};

/** A BERT small enough for unit tests: two layers of 16, a 64-token vocabulary. */
export const SMALL_BERT: BertShape = {
  layers: 2,
  hidden: 16,
  heads: 2,
  intermediate: 32,
  vocabSize: 64,
  maxPositions: 64,
  typeVocabSize: 2,
};

export const LAYER_NORM_EPSILON = 1e-12;
/** What a masked position adds to its attention score before the softmax (BERT's own value). */
export const MASK_BIAS = -10000;

/** A row-major `[rows, cols]` matrix. Linear weights are `[in, out]`, as MatMul reads them. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

export interface Linear {
  weight: Matrix;
  bias: Float32Array;
}

export interface Norm {
  gamma: Float32Array;
  beta: Float32Array;
}

export interface BertLayerWeights {
  query: Linear;
  key: Linear;
  value: Linear;
  attentionOutput: Linear;
  attentionNorm: Norm;
  intermediate: Linear;
  output: Linear;
  outputNorm: Norm;
}

export interface BertWeights {
  shape: BertShape;
  wordEmbeddings: Matrix;
  positionEmbeddings: Matrix;
  tokenTypeEmbeddings: Matrix;
  embeddingNorm: Norm;
  layers: BertLayerWeights[];
  pooler: Linear;
  classifier: Linear;
}

/**
 * Deterministic weights: linear layers uniform with variance 1/fan-in (activations keep a
 * unit scale through the layers, so logits differ between inputs as a trained model's do).
 */
export function bertWeights(shape: BertShape, seed = 1): BertWeights {
  if (shape.hidden % shape.heads !== 0) {
    throw new Error(`hidden size ${shape.hidden} is not a multiple of ${shape.heads} heads`);
  }
  const random = mulberry32(seed);
  const uniform = (length: number, amplitude: number, offset = 0) => {
    const data = new Float32Array(length);
    for (let i = 0; i < length; i++) data[i] = offset + (random() * 2 - 1) * amplitude;
    return data;
  };
  const matrix = (rows: number, cols: number, amplitude: number): Matrix => ({
    rows,
    cols,
    data: uniform(rows * cols, amplitude),
  });
  const linear = (inputs: number, outputs: number): Linear => ({
    weight: matrix(inputs, outputs, Math.sqrt(3 / inputs)),
    bias: uniform(outputs, 0.1),
  });
  const norm = (): Norm => ({
    gamma: uniform(shape.hidden, 0.1, 1),
    beta: uniform(shape.hidden, 0.1),
  });
  const { hidden, intermediate } = shape;
  return {
    shape,
    wordEmbeddings: matrix(shape.vocabSize, hidden, 1),
    positionEmbeddings: matrix(shape.maxPositions, hidden, 0.5),
    tokenTypeEmbeddings: matrix(shape.typeVocabSize, hidden, 0.5),
    embeddingNorm: norm(),
    layers: Array.from({ length: shape.layers }, () => ({
      query: linear(hidden, hidden),
      key: linear(hidden, hidden),
      value: linear(hidden, hidden),
      attentionOutput: linear(hidden, hidden),
      attentionNorm: norm(),
      intermediate: linear(hidden, intermediate),
      output: linear(intermediate, hidden),
      outputNorm: norm(),
    })),
    pooler: linear(hidden, hidden),
    classifier: linear(hidden, 1),
  };
}

/** Emits `input × weight + bias`; the quantized variants replace only this and the embeddings. */
export type LinearEmitter = (
  g: GraphBuilder,
  input: string,
  linear: Linear,
  name: string,
) => string;
/** Emits a row lookup `table[indices]`. */
export type EmbeddingEmitter = (
  g: GraphBuilder,
  table: Matrix,
  indices: string,
  name: string,
) => string;

export const fp32Linear: LinearEmitter = (g, input, linear, name) => {
  const { rows, cols, data } = linear.weight;
  const product = g.node('MatMul', [input, g.floats(`${name}.weight`, [rows, cols], data)]);
  return g.node('Add', [product, g.floats(`${name}.bias`, [cols], linear.bias)]);
};

export const fp32Embedding: EmbeddingEmitter = (g, table, indices, name) =>
  g.node('Gather', [g.floats(name, [table.rows, table.cols], table.data), indices]);

export interface BertGraphOptions {
  linear?: LinearEmitter;
  embedding?: EmbeddingEmitter;
  /** Import the `com.microsoft` opset (for contrib ops an emitter uses). */
  microsoftOpset?: boolean;
}

const INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'] as const;

/** The serialised ONNX model for these weights. */
export function bertOnnx(weights: BertWeights, options: BertGraphOptions = {}): Uint8Array {
  const linear = options.linear ?? fp32Linear;
  const embedding = options.embedding ?? fp32Embedding;
  const { shape } = weights;
  const headSize = shape.hidden / shape.heads;
  const g = new GraphBuilder([...INPUTS, 'logits']);
  const int64 = (name: string, values: number[]) => g.int64s(name, values);
  const scalar64 = (name: string, value: number) => g.int64s(name, [value], []);
  const layerNorm = (input: string, norm: Norm, name: string) =>
    g.node(
      'LayerNormalization',
      [
        input,
        g.floats(`${name}.gamma`, [shape.hidden], norm.gamma),
        g.floats(`${name}.beta`, [shape.hidden], norm.beta),
      ],
      { axis: -1, epsilon: { float: LAYER_NORM_EPSILON } },
    );

  // Embeddings: word + token type + position, then LayerNorm.
  const sequence = g.node('Gather', [g.node('Shape', ['input_ids']), scalar64('one', 1)], {
    axis: 0,
  });
  const positions = g.node('Unsqueeze', [
    g.node('Range', [scalar64('zero', 0), sequence, scalar64('step', 1)]),
    int64('axes_0', [0]),
  ]);
  const words = embedding(g, weights.wordEmbeddings, 'input_ids', 'embeddings.word');
  const types = embedding(
    g,
    weights.tokenTypeEmbeddings,
    'token_type_ids',
    'embeddings.token_type',
  );
  const placed = embedding(g, weights.positionEmbeddings, positions, 'embeddings.position');
  let x = layerNorm(
    g.node('Add', [g.node('Add', [words, types]), placed]),
    weights.embeddingNorm,
    'embeddings.norm',
  );

  // The additive mask, [batch, 1, 1, sequence]: 0 where attended, MASK_BIAS where padded.
  const mask = g.node(
    'Cast',
    [
      g.node('Unsqueeze', [
        g.node('Unsqueeze', ['attention_mask', int64('axes_1', [1])]),
        int64('axes_2', [2]),
      ]),
    ],
    { to: FLOAT },
  );
  const maskBias = g.node('Mul', [
    g.node('Sub', [g.scalar('one_f', 1), mask]),
    g.scalar('mask_bias', MASK_BIAS),
  ]);
  const headsShape = int64('heads_shape', [0, 0, shape.heads, headSize]);
  const hiddenShape = int64('hidden_shape', [0, 0, shape.hidden]);
  const scale = g.scalar('score_scale', Math.sqrt(headSize));

  weights.layers.forEach((layer, i) => {
    const name = `encoder.layer.${i}`;
    // [batch, sequence, hidden] to [batch, heads, sequence, head]; keys to [.., head, sequence].
    const split = (projection: Linear, part: string, perm: number[]) => {
      const projected = linear(g, x, projection, `${name}.${part}`);
      return g.node('Transpose', [g.node('Reshape', [projected, headsShape])], { perm });
    };
    const query = split(layer.query, 'query', [0, 2, 1, 3]);
    const key = split(layer.key, 'key', [0, 2, 3, 1]);
    const value = split(layer.value, 'value', [0, 2, 1, 3]);
    const scores = g.node('Add', [
      g.node('Div', [g.node('MatMul', [query, key]), scale]),
      maskBias,
    ]);
    const probabilities = g.node('Softmax', [scores], { axis: -1 });
    const context = g.node('Reshape', [
      g.node('Transpose', [g.node('MatMul', [probabilities, value])], { perm: [0, 2, 1, 3] }),
      hiddenShape,
    ]);
    const attended = linear(g, context, layer.attentionOutput, `${name}.attention.output`);
    x = layerNorm(g.node('Add', [attended, x]), layer.attentionNorm, `${name}.attention.norm`);
    const expanded = gelu(g, linear(g, x, layer.intermediate, `${name}.intermediate`));
    const output = linear(g, expanded, layer.output, `${name}.output`);
    x = layerNorm(g.node('Add', [output, x]), layer.outputNorm, `${name}.output.norm`);
  });

  // Pooler on the first token, then the classifier.
  const first = g.node('Gather', [x, scalar64('first', 0)], { axis: 1 });
  const pooled = g.node('Tanh', [linear(g, first, weights.pooler, 'pooler')]);
  g.nodeN('Identity', [linear(g, pooled, weights.classifier, 'classifier')], ['logits']);

  const dims = ['batch_size', 'sequence_length'];
  return g.encode({
    name: 'bert-cross-encoder',
    inputs: INPUTS.map((input) => [input, INT64, dims]),
    outputs: [['logits', FLOAT, ['batch_size', 1]]],
    opset: 17,
    microsoftOpset: options.microsoftOpset,
  });
}

/** GELU in the exact (erf) form: x · 0.5 · (1 + erf(x / √2)). */
function gelu(g: GraphBuilder, x: string): string {
  const erf = g.node('Erf', [g.node('Div', [x, g.scalar('sqrt_2', Math.SQRT2)])]);
  return g.node('Mul', [
    g.node('Mul', [x, g.node('Add', [erf, g.scalar('one_f', 1)])]),
    g.scalar('half', 0.5),
  ]);
}

export { mulberry32 } from '../random';
