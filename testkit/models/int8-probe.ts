/**
 * ONNX Runtime's own answer to "does this CPU's int8 kernel saturate?": one uint8 × int8
 * product whose pairs overflow a signed 16-bit lane (255 × 127 × 2 = 64,770 > 32,767), run
 * through `MatMulInteger` and through the fused `DynamicQuantizeMatMul` that ORT's graph
 * optimizer makes of quantize_dynamic exports. The exact answer is 255 × 127 × K; the
 * VPMADDUBSW kernels return 32,767 per pair.
 */
import * as ort from 'onnxruntime-node';
import { FLOAT, GraphBuilder, UINT8 } from './onnx-graph';

const INT32 = 6;
const [M, K, N] = [4, 64, 16];

function matMulIntegerModel(): Uint8Array {
  const g = new GraphBuilder(['a', 'y']);
  const weight = g.bytes('b', [K, N], new Int8Array(K * N).fill(127));
  g.nodeN('MatMulInteger', ['a', weight], ['y']);
  return g.encode({
    name: 'int8-probe',
    inputs: [['a', UINT8, [M, K]]],
    outputs: [['y', INT32, [M, N]]],
    opset: 13,
  });
}

/** Float input 1.0 quantizes to 255 (scale 1/255, zero point 0); weights 127 at scale 1. */
function dynamicQuantizeMatMulModel(): Uint8Array {
  const g = new GraphBuilder(['a', 'y']);
  const weight = g.bytes('b', [K, N], new Int8Array(K * N).fill(127));
  const scale = g.scalar('b_scale', 1);
  const zeroPoint = g.bytes('b_zero_point', [], Int8Array.of(0));
  g.nodeN('DynamicQuantizeMatMul', ['a', weight, scale, zeroPoint], ['y'], {}, 'com.microsoft');
  return g.encode({
    name: 'int8-probe-fused',
    inputs: [['a', FLOAT, [M, K]]],
    outputs: [['y', FLOAT, [M, N]]],
    opset: 13,
    microsoftOpset: true,
  });
}

export interface ProbeAnswer {
  /** The first output element, exact: 2,072,640. */
  matMulInteger: number;
  /** Dequantized back: exact 127 × 64 = 8,128. */
  dynamicQuantizeMatMul: number;
  exact: { matMulInteger: number; dynamicQuantizeMatMul: number };
}

/** Runs both probes on this machine's ONNX Runtime. */
export async function probeInt8Kernel(): Promise<ProbeAnswer> {
  const run = async (model: Uint8Array, feeds: Record<string, ort.Tensor>) => {
    const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
    try {
      return Number((await session.run(feeds)).y!.data[0]);
    } finally {
      await session.release();
    }
  };
  return {
    matMulInteger: await run(matMulIntegerModel(), {
      a: new ort.Tensor('uint8', new Uint8Array(M * K).fill(255), [M, K]),
    }),
    dynamicQuantizeMatMul: await run(dynamicQuantizeMatMulModel(), {
      // 0 and 1 so that the dynamic range is [0, 1]: 1.0 → 255 with scale 1/255.
      a: new ort.Tensor(
        'float32',
        Float32Array.from({ length: M * K }, (_, i) => (i % K === 0 ? 0 : 1)),
        [M, K],
      ),
    }),
    exact: { matMulInteger: 255 * 127 * K, dynamicQuantizeMatMul: 127 * (K - 1) },
  };
}
