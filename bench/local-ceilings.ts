/**
 * What bounds the local benchmark's ratios on this machine, measured rather than argued:
 *
 * - the matrix-product work of a BERT pass (FLOPs), so pairs/s can be read as GFLOP/s;
 * - the fastest fp32 MatMul ONNX Runtime runs here (a large square one, same thread count):
 *   no path can sustain more than that on a model whose work is matrix products;
 * - where an ONNX Runtime pass spends its time by operator (its own profiler), and the share
 *   of the weight MatMuls, the only part int8 quantisation speeds up: if int8 made them free,
 *   int8 ÷ fp32 could still not exceed 1 / (1 − share).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { lengthBatches } from '../electron/inference/batching';
import { ONNX_FILES, sessionOptions, type ModelDtype } from '../electron/inference/cross-encoder';
import type { EncodedPair } from '../electron/inference/pairs';
import type { BertShape } from '../testkit/models/bert-graph';
import { batchFeeds, type Pass } from './local-methods';
import { quantile } from './stats';
import { FLOAT, GraphBuilder, seededUniform } from '../testkit/models/onnx-graph';

/** Multiply–add FLOPs of one BERT encoder pass over a sequence of `tokens` tokens. */
export function bertFlops(shape: BertShape, tokens: number): number {
  const { hidden: h, intermediate, layers } = shape;
  // Per layer: Q, K, V and output projections, the two feed-forward products, and attention's
  // scores and weighted sum; the embeddings are look-ups and the pooler one token.
  return layers * 2 * (tokens * (4 * h * h + 2 * h * intermediate) + 2 * tokens * tokens * h);
}

const PEAK_SIZE = 1024;

/** GFLOP/s of ONNX Runtime's fastest run of a [1024 × 1024] · [1024 × 1024] fp32 MatMul. */
export async function matMulPeakGflops(threads: number, runs = 12): Promise<number> {
  const g = new GraphBuilder(['x', 'y']);
  const weight = g.uniform('w', [PEAK_SIZE, PEAK_SIZE], seededUniform(3));
  g.nodeN('MatMul', ['x', weight], ['y']);
  const model = g.encode({
    name: 'matmul-peak',
    inputs: [['x', FLOAT, [PEAK_SIZE, PEAK_SIZE]]],
    outputs: [['y', FLOAT, [PEAK_SIZE, PEAK_SIZE]]],
    opset: 17,
  });
  const session = await ort.InferenceSession.create(model, {
    ...sessionOptions(threads),
    logSeverityLevel: 3,
  });
  const x = new ort.Tensor('float32', new Float32Array(PEAK_SIZE * PEAK_SIZE).fill(0.5), [
    PEAK_SIZE,
    PEAK_SIZE,
  ]);
  let fastest = Infinity;
  for (let run = 0; run < runs + 2; run++) {
    const started = performance.now();
    await session.run({ x });
    if (run >= 2) fastest = Math.min(fastest, performance.now() - started);
  }
  await session.release();
  return Math.round((2 * PEAK_SIZE ** 3) / (fastest * 1e6));
}

interface ProfileEvent {
  cat?: string;
  name: string;
  dur: number;
  args?: { op_name?: string; input_type_shape?: Record<string, number[]>[] };
}

const MATMULS = new Set(['MatMul', 'FusedMatMul', 'Gemm', 'FusedGemm']);
const QUANTIZED = new Set(['MatMulInteger', 'MatMulIntegerToFloat', 'DynamicQuantizeMatMul']);

/**
 * Runs `feeds` once through a profiled session of `file` and returns each operator's share of
 * the kernel time, and the share of MatMuls by a weight (not attention's
 * activation-by-activation products).
 */
export async function operatorShares(
  file: string,
  feeds: Record<string, ort.Tensor>[],
  threads: number,
) {
  const dir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-ort-profile-'));
  try {
    const session = await ort.InferenceSession.create(file, {
      ...sessionOptions(threads),
      logSeverityLevel: 3,
      enableProfiling: true,
      profileFilePrefix: path.join(dir, 'profile'),
    });
    for (const feed of feeds) await session.run(feed);
    session.endProfiling();
    await session.release();
    const [profile] = readdirSync(dir).filter((name) => name.endsWith('.json'));
    if (!profile) throw new Error('ONNX Runtime wrote no profile');
    const events = JSON.parse(readFileSync(path.join(dir, profile), 'utf8')) as ProfileEvent[];
    const byOperator = new Map<string, number>();
    let total = 0;
    let weightMatMuls = 0;
    for (const event of events) {
      const op = event.args?.op_name;
      if (event.cat !== 'Node' || !event.name.endsWith('_kernel_time') || !op) continue;
      total += event.dur;
      byOperator.set(op, (byOperator.get(op) ?? 0) + event.dur);
      // The profiler lists non-constant inputs only: a MatMul by a weight lists just one. The
      // quantised ones are by a weight by construction (attention's products stay float).
      if (
        QUANTIZED.has(op) ||
        (MATMULS.has(op) && (event.args?.input_type_shape?.length ?? 0) < 2)
      ) {
        weightMatMuls += event.dur;
      }
    }
    const share = (us: number) => Math.round((us / total) * 1000) / 1000;
    return {
      operators: Object.fromEntries(
        [...byOperator].sort((a, b) => b[1] - a[1]).map(([op, us]) => [op, share(us)]),
      ),
      weightMatMulShare: share(weightMatMuls),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The work each method did as GFLOP/s (naive computes no padding, the batched paths do), against
 * the fastest MatMul this machine runs, and the time ONNX Runtime spends per operator.
 */
export async function measureBounds(options: {
  shape: BertShape;
  folder: { root: string; id: string };
  /** Each round's pairs, and each method's passes by round. */
  rounds: EncodedPair[][];
  passes: Record<string, Pass[]>;
  padId: number;
  /** The MatMul peak measured before the passes; measured again after, the higher kept. */
  peakBefore: number;
  batchSize: number;
  threads: number;
}) {
  const { shape, folder, rounds, passes, padId, batchSize, threads } = options;
  const flops = rounds.map((pairs) => {
    const lengths = pairs.map((p) => p.ids.length);
    const padded = lengthBatches(lengths, batchSize).reduce(
      (sum, b) => sum + b.indices.length * bertFlops(shape, b.length),
      0,
    );
    return { real: lengths.reduce((sum, n) => sum + bertFlops(shape, n), 0), padded };
  });
  const gflops = (label: string, kind: 'real' | 'padded') => {
    const rates = passes[label]!.map((pass, round) => flops[round]![kind] / (pass.ms * 1e6));
    return Math.round(quantile(rates, 0.5));
  };
  const peak = Math.max(options.peakBefore, await matMulPeakGflops(threads));
  const naiveMs = quantile(
    passes['naive fp32']!.map((p) => p.ms),
    0.5,
  );
  const medianPadded = quantile(
    flops.map((f) => f.padded),
    0.5,
  );
  const feeds = batchFeeds(rounds.at(-1)!, batchSize, padId).map((b) => b.feeds);
  const file = (dtype: ModelDtype) => path.join(folder.root, folder.id, ONNX_FILES[dtype]);
  const fp32 = await operatorShares(file('fp32'), feeds, threads);
  const int8 = await operatorShares(file('q8'), feeds, threads);
  return {
    gflopsPerSecond: {
      'ours fp32': gflops('ours fp32', 'padded'),
      'raw fp32': gflops('raw fp32', 'padded'),
      'naive fp32': gflops('naive fp32', 'real'),
    },
    matMulPeakGflopsPerSecond: peak,
    // Batched, our path computes the padded work; to be 3× naive it must do so in a third of
    // naive's time.
    threeTimesNaiveNeedsGflopsPerSecond: Math.round((3 * medianPadded) / (naiveMs * 1e6)),
    operatorShares: { fp32: fp32.operators, int8: int8.operators },
    weightMatMulShare: { fp32: fp32.weightMatMulShare, int8: int8.weightMatMulShare },
    int8OverFp32IfWeightMatMulsWereFree: Math.round(1000 / (1 - fp32.weightMatMulShare)) / 1000,
  };
}
