/**
 * Reading the CPU from the OS, and the int8 verdict it gives, checked against ONNX Runtime's
 * own answer on whatever CPU runs this test (AVX2-only, AVX-512 VNNI, ARM64 …).
 */
import { describe, expect, it } from 'vitest';
import { int8Verdict, type CpuFeatures } from '../../shared/models/int8-kernel';
import { probeInt8Kernel } from '../../testkit/models/int8-probe';
import { cpuFeatures, parseCpuinfo, parseSysctl } from './cpu-features';

// /proc/cpuinfo as these machines print it (flag lines shortened to the flags' neighbourhood).
const AMD_EPYC_AVX2 = `processor\t: 0
vendor_id\t: AuthenticAMD
model name\t: AMD EPYC
flags\t\t: fpu vme sse4_2 avx f16c bmi1 avx2 smep bmi2 rdseed adx sha_ni clwb

processor\t: 1
model name\t: AMD EPYC
flags\t\t: fpu vme avx512_vnni
`;
const XEON_VNNI = `processor\t: 0
model name\t: Intel(R) Xeon(R) Platinum 8481C CPU @ 2.70GHz
flags\t\t: fpu avx2 avx512f avx512dq avx512bw avx512vl avx512_vnni avx512_bf16 amx_bf16 amx_int8
`;
const SKYLAKE_X = `model name\t: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz
flags\t\t: fpu avx2 avx512f avx512bw avx512vl
`;
const GRAVITON3 = `processor\t: 0
BogoMIPS\t: 2100.00
Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt fcma lrcpc dcpop sha3 sm3 sm4 asimddp sha512 sve asimdfhm dit uscat ilrcpc flagm ssbs paca pacg dcpodp svei8mm svebf16 i8mm bf16 dgh rng
CPU implementer\t: 0x41
`;

describe('parseCpuinfo', () => {
  it('reads the first processor only, and keeps the int8 flags', () => {
    const cpu = parseCpuinfo(AMD_EPYC_AVX2, 'x64');
    expect(cpu).toEqual({ arch: 'x64', model: 'AMD EPYC', flags: ['avx2'], source: 'cpuinfo' });
    expect(int8Verdict(cpu).kernel).toBe('saturates');
    expect(int8Verdict(cpu).reason).toMatch(/avx2 but no VNNI/);
  });

  it('VNNI and AMX give the exact kernel; AVX-512 without VNNI saturates', () => {
    const sapphire = parseCpuinfo(XEON_VNNI, 'x64');
    expect(sapphire.flags).toEqual(['avx2', 'avx512bw', 'avx512_vnni', 'amx_int8']);
    expect(int8Verdict(sapphire).kernel).toBe('exact');
    expect(int8Verdict(parseCpuinfo(SKYLAKE_X, 'x64')).kernel).toBe('saturates');
  });

  it('ARM64 Features, dot product included, is exact', () => {
    const graviton = parseCpuinfo(GRAVITON3, 'arm64');
    expect(graviton.flags).toEqual(['asimddp', 'i8mm']);
    expect(int8Verdict(graviton).kernel).toBe('exact');
  });

  it('without a flags line the verdict is unknown, not a guess', () => {
    const cpu = parseCpuinfo('processor\t: 0\nmodel name\t: Some CPU\n', 'x64');
    expect(cpu.source).toBe('none');
    expect(int8Verdict(cpu).kernel).toBe('unknown');
  });
});

describe('parseSysctl', () => {
  it('an Ice Lake Mac has AVX-512 VNNI; an Apple silicon Mac has dot product', () => {
    const iceLake = parseSysctl(
      'machdep.cpu.brand_string: Intel(R) Core(TM) i7-1068NG7 CPU @ 2.30GHz\n' +
        'machdep.cpu.features: FPU VME SSE4.2 AVX1.0\n' +
        'machdep.cpu.leaf7_features: RDWRFSGS BMI1 AVX2 SMEP AVX512F AVX512BW AVX512VNNI\n',
      'x64',
    );
    expect(iceLake.flags).toEqual(['avx2', 'avx512bw', 'avx512_vnni']);
    expect(int8Verdict(iceLake).kernel).toBe('exact');
    const m2 = parseSysctl(
      'machdep.cpu.brand_string: Apple M2\nhw.optional.arm.FEAT_DotProd: 1\nhw.optional.arm.FEAT_I8MM: 1\n',
      'arm64',
    );
    expect(m2).toMatchObject({ model: 'Apple M2', flags: ['asimddp', 'i8mm'], source: 'sysctl' });
  });

  it('a Haswell Mac saturates', () => {
    const haswell = parseSysctl('machdep.cpu.leaf7_features: BMI1 AVX2 BMI2\n', 'x64');
    expect(int8Verdict(haswell).kernel).toBe('saturates');
  });
});

describe('this machine', () => {
  it('the verdict from the OS is what ONNX Runtime does here', async () => {
    const cpu: CpuFeatures = cpuFeatures();
    const { kernel } = int8Verdict(cpu);
    const answer = await probeInt8Kernel();
    const exact =
      answer.matMulInteger === answer.exact.matMulInteger &&
      Math.abs(answer.dynamicQuantizeMatMul - answer.exact.dynamicQuantizeMatMul) < 1;
    const context = `${cpu.model} [${cpu.flags.join(' ')}] via ${cpu.source}: ${JSON.stringify(answer)}`;
    // An OS that does not tell (Windows) gets no claim to check; every other CPU must match.
    if (kernel !== 'unknown') expect(kernel, context).toBe(exact ? 'exact' : 'saturates');
    // Saturation shows in both ops or neither: they run the same kernel.
    const saturatedMatMul = answer.matMulInteger < answer.exact.matMulInteger;
    const saturatedFused = answer.dynamicQuantizeMatMul < answer.exact.dynamicQuantizeMatMul - 1;
    expect(saturatedFused, context).toBe(saturatedMatMul);
  });
});
