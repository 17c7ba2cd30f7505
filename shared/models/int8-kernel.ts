/**
 * Whether int8 ("q8") models rank as their fp32 originals on a CPU.
 *
 * The catalog's q8 files are `quantize_dynamic` exports with signed int8 weights (transformers.js
 * picks QInt8 for graphs without Conv). ONNX Runtime multiplies them by uint8 activations (U8S8).
 * Its quantization guide says: "on x86-64 machines with AVX2 and AVX512 extensions, ONNX Runtime
 * uses the VPMADDUBSW instruction for U8S8 for performance. This instruction might suffer from
 * saturation issues … There is no such issue on other CPU architectures (x64 with VNNI and ARM)"
 * (onnxruntime.ai/docs/performance/model-optimizations/quantization.html, "When to try U8U8 vs
 * U8S8"). VPMADDUBSW adds two u8×s8 products into a signed 16-bit lane: 255 × 127 × 2 = 64,770
 * becomes 32,767. VNNI (`vpdpbusd`, AVX-512 or AVX) and AMX accumulate in 32 bits; ARM's NEON,
 * dot-product and i8mm kernels widen before they add. Measured on an AVX2-only AMD EPYC: the
 * probe product comes back as 32,767, and a BERT cross-encoder's q8 logits correlate 0.93 with
 * fp32 (0.999+ with uint8 or 7-bit weights); `npm run bench -- local` prints the ranking
 * agreement on the machine it runs on.
 *
 * Pure: the host reads the CPU's flags (electron/platform/cpu-features.ts), the UI shows the
 * verdict, and a test checks the verdict against ONNX Runtime's own answer on the CPU it runs on.
 */

/** What the OS says about the CPU, as far as int8 inference cares. */
export interface CpuFeatures {
  /** `process.arch`: x64, arm64, … */
  arch: string;
  model: string;
  /** The flags below that the CPU has (lower case, as Linux names them). */
  flags: string[];
  /** Where the flags came from; `none` when this OS does not tell. */
  source: 'cpuinfo' | 'sysctl' | 'none';
}

/**
 * The flags that decide which int8 kernel ONNX Runtime (MLAS) runs, as Linux's /proc/cpuinfo
 * names them: AVX2/AVX-512BW select the VPMADDUBSW kernels, AVX-512 VNNI, AVX-VNNI and AMX the
 * 32-bit-accumulating ones; `asimddp` (dot product) and `i8mm` are ARM's.
 */
export const INT8_FLAGS = [
  'avx2',
  'avx512bw',
  'avx512_vnni',
  'avx_vnni',
  'amx_int8',
  'asimddp',
  'i8mm',
] as const;

const VNNI_FLAGS = ['avx512_vnni', 'avx_vnni', 'amx_int8'];
const VPMADDUBSW_FLAGS = ['avx2', 'avx512bw'];

export type Int8Kernel = 'exact' | 'saturates' | 'unknown';

/**
 * The weights of a q8 file: full-range signed int8, signed int8 kept to 7 bits
 * (`quantize_dynamic(reduce_range=True)`, transformers.js's converter default, which the
 * catalog's Xenova files were made with: see docs/model-files.md), or uint8. Only the first
 * meets the saturation: 255 × 64 × 2 = 32,640 still fits a 16-bit lane.
 */
export const Q8_WEIGHTS = ['int8', 'int8-7bit', 'uint8'] as const;
export type Q8Weights = (typeof Q8_WEIGHTS)[number];

/** Whether a q8 file with these weights ranks differently from fp32 on this kernel. */
export function q8LosesAccuracy(kernel: Int8Kernel | undefined, weights: Q8Weights | undefined) {
  return kernel === 'saturates' && weights === 'int8';
}

export interface Int8Verdict {
  kernel: Int8Kernel;
  /** One sentence a user reads next to the q8 choice. */
  reason: string;
}

/** Which int8 kernel this CPU gets, and why. */
export function int8Verdict(cpu: CpuFeatures): Int8Verdict {
  const has = (flag: string) => cpu.flags.includes(flag);
  if (cpu.arch === 'arm64' || cpu.arch === 'arm') {
    return { kernel: 'exact', reason: 'ARM int8 kernels add in 32 bits: q8 ranks as fp32 does' };
  }
  if (cpu.arch !== 'x64' && cpu.arch !== 'ia32') {
    return { kernel: 'unknown', reason: `no int8 measurements for ${cpu.arch} CPUs` };
  }
  if (cpu.source === 'none') {
    return {
      kernel: 'unknown',
      reason:
        'this OS does not say whether the CPU has VNNI; without it q8 (int8) models can rank ' +
        'differently from fp32',
    };
  }
  const vnni = VNNI_FLAGS.find(has);
  if (vnni) {
    return { kernel: 'exact', reason: `this CPU has ${vnni}: q8 ranks as fp32 does` };
  }
  const fast = VPMADDUBSW_FLAGS.filter(has);
  if (fast.length > 0) {
    return {
      kernel: 'saturates',
      reason:
        `this CPU has ${fast.join(' and ')} but no VNNI: ONNX Runtime's int8 kernel saturates ` +
        'here on full-range int8 weights, so such q8 files rank noticeably differently from ' +
        'fp32 (7-bit and uint8 files do not); use fp32',
    };
  }
  // Older x86: MLAS's SSE2 kernel widens to 16 bits (exact), but its Windows build takes the
  // SSE4.1 kernel, which uses PMADDUBSW as AVX2 does.
  return {
    kernel: 'unknown',
    reason:
      'on this older x86 CPU, whether q8 (int8) ranks as fp32 depends on the build; fp32 is safe',
  };
}
