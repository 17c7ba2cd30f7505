/**
 * BERT sequence classification in plain JavaScript, written from the model's definition and
 * independent of the ONNX graph: the check that `bertOnnx` computes a correct BERT. It scores
 * one unpadded sequence at a time in double precision, so comparing it with a padded ONNX batch
 * also checks the attention mask. Meant for tiny shapes (it is a triple loop).
 */
import { LAYER_NORM_EPSILON, type BertWeights, type Linear, type Norm } from './bert-graph';

type Rows = Float64Array[];

/** The logit for one sequence (`ids` and `typeIds` without padding). */
export function referenceLogit(
  weights: BertWeights,
  ids: readonly number[],
  typeIds: readonly number[],
): number {
  const { shape } = weights;
  const H = shape.hidden;
  const row = (table: { cols: number; data: Float32Array }, i: number) =>
    Float64Array.from(table.data.subarray(i * table.cols, (i + 1) * table.cols));
  let x: Rows = ids.map((id, t) => {
    const word = row(weights.wordEmbeddings, id);
    const type = row(weights.tokenTypeEmbeddings, typeIds[t]!);
    const position = row(weights.positionEmbeddings, t);
    return word.map((w, j) => w + type[j]! + position[j]!);
  });
  x = x.map((v) => layerNorm(v, weights.embeddingNorm));

  const heads = shape.heads;
  const size = H / heads;
  for (const layer of weights.layers) {
    const q = x.map((v) => dense(v, layer.query));
    const k = x.map((v) => dense(v, layer.key));
    const v = x.map((u) => dense(u, layer.value));
    const context: Rows = x.map(() => new Float64Array(H));
    for (let h = 0; h < heads; h++) {
      for (let i = 0; i < x.length; i++) {
        const scores = x.map((_, j) => {
          let dot = 0;
          for (let d = 0; d < size; d++) dot += q[i]![h * size + d]! * k[j]![h * size + d]!;
          return dot / Math.sqrt(size);
        });
        const top = Math.max(...scores);
        const exps = scores.map((s) => Math.exp(s - top));
        const total = exps.reduce((a, b) => a + b, 0);
        for (let j = 0; j < x.length; j++) {
          for (let d = 0; d < size; d++) {
            context[i]![h * size + d]! += (exps[j]! / total) * v[j]![h * size + d]!;
          }
        }
      }
    }
    x = x.map((u, i) =>
      layerNorm(add(dense(context[i]!, layer.attentionOutput), u), layer.attentionNorm),
    );
    x = x.map((u) => {
      const expanded = dense(u, layer.intermediate).map((a) => 0.5 * a * (1 + erf(a / Math.SQRT2)));
      return layerNorm(add(dense(expanded, layer.output), u), layer.outputNorm);
    });
  }
  const pooled = dense(x[0]!, weights.pooler).map(Math.tanh);
  return dense(pooled, weights.classifier)[0]!;
}

function dense(input: Float64Array, linear: Linear): Float64Array {
  const { rows, cols, data } = linear.weight;
  const out = Float64Array.from(linear.bias);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[j]! += input[i]! * data[i * cols + j]!;
  }
  return out;
}

function add(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((value, i) => value + b[i]!);
}

function layerNorm(v: Float64Array, norm: Norm): Float64Array {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length;
  const scale = 1 / Math.sqrt(variance + LAYER_NORM_EPSILON);
  return v.map((value, i) => (value - mean) * scale * norm.gamma[i]! + norm.beta[i]!);
}

/** erf to ~1e-15 (series for small |x|, continued fraction beyond), since Math has none. */
export function erf(x: number): number {
  const z = Math.abs(x);
  let result: number;
  if (z < 2.5) {
    // Maclaurin series: 2/√π Σ (-1)^n z^(2n+1) / (n! (2n+1)).
    let term = z;
    let sum = z;
    for (let n = 1; n < 60; n++) {
      term *= (-z * z) / n;
      sum += term / (2 * n + 1);
    }
    result = (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    // erfc by Lentz's continued fraction.
    let f = z;
    for (let n = 60; n >= 1; n--) f = z + n / 2 / f;
    result = 1 - Math.exp(-z * z) / (Math.sqrt(Math.PI) * f);
  }
  return x < 0 ? -result : result;
}
