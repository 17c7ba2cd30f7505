/**
 * The CPU's model and its int8-relevant flags, as the OS reports them: /proc/cpuinfo on Linux
 * (x86 `flags`, ARM `Features`), `sysctl` on macOS (Intel `machdep.cpu.*features`, Apple
 * silicon `hw.optional.arm.FEAT_*`). Windows exposes no flag list to a process without native
 * code, so there the flags are unknown and the verdict says so. Read once per process.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { arch as osArch, cpus } from 'node:os';
import { INT8_FLAGS, type CpuFeatures } from '../../shared/models/int8-kernel';

const relevant = (flags: Iterable<string>) => {
  const present = new Set(flags);
  return INT8_FLAGS.filter((flag) => present.has(flag));
};

/** The first processor's `model name` and flags from a /proc/cpuinfo text. */
export function parseCpuinfo(text: string, arch: string): CpuFeatures {
  let model = '';
  let flags: string[] | undefined;
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) {
      // A blank line ends the first processor's block once its flags were read.
      if (flags && model) break;
      continue;
    }
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (!model && (key === 'model name' || key === 'Model' || key === 'Hardware')) model = value;
    if (!flags && (key === 'flags' || key === 'Features')) flags = value.split(/\s+/);
  }
  return {
    arch,
    model: model || (cpus()[0]?.model ?? 'unknown'),
    flags: relevant(flags ?? []),
    source: flags ? 'cpuinfo' : 'none',
  };
}

/**
 * macOS: Intel lists `AVX2` in `machdep.cpu.leaf7_features` and `AVX512VNNI` there too (Ice
 * Lake); Apple silicon answers `hw.optional.arm.FEAT_DotProd: 1` and `FEAT_I8MM: 1`.
 */
export function parseSysctl(text: string, arch: string): CpuFeatures {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) values.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const intel = `${values.get('machdep.cpu.features') ?? ''} ${
    values.get('machdep.cpu.leaf7_features') ?? ''
  }`
    .toUpperCase()
    .split(/\s+/);
  const flags: string[] = [];
  if (intel.includes('AVX2')) flags.push('avx2');
  if (intel.includes('AVX512BW')) flags.push('avx512bw');
  if (intel.includes('AVX512VNNI')) flags.push('avx512_vnni');
  if (intel.includes('AVXVNNI')) flags.push('avx_vnni');
  if (values.get('hw.optional.arm.FEAT_DotProd') === '1') flags.push('asimddp');
  if (values.get('hw.optional.arm.FEAT_I8MM') === '1') flags.push('i8mm');
  return {
    arch,
    model: values.get('machdep.cpu.brand_string') ?? cpus()[0]?.model ?? 'unknown',
    flags: relevant(flags),
    source: values.size > 0 ? 'sysctl' : 'none',
  };
}

const SYSCTL_KEYS = [
  'machdep.cpu.brand_string',
  'machdep.cpu.features',
  'machdep.cpu.leaf7_features',
  'hw.optional.arm.FEAT_DotProd',
  'hw.optional.arm.FEAT_I8MM',
];

function read(): CpuFeatures {
  const arch = osArch();
  try {
    if (process.platform === 'linux')
      return parseCpuinfo(readFileSync('/proc/cpuinfo', 'utf8'), arch);
    if (process.platform === 'darwin') {
      // Keys this Mac does not have make sysctl exit 1 after printing the others (-i ignores them).
      const text = execFileSync('sysctl', ['-i', ...SYSCTL_KEYS], {
        encoding: 'utf8',
        timeout: 2000,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      return parseSysctl(text, arch);
    }
  } catch {
    // Unreadable (a sandbox, a container without /proc): the verdict becomes "unknown".
  }
  return { arch, model: cpus()[0]?.model ?? 'unknown', flags: [], source: 'none' };
}

let cached: CpuFeatures | undefined;

/** This machine's CPU, read on first use. */
export function cpuFeatures(): CpuFeatures {
  return (cached ??= read());
}
