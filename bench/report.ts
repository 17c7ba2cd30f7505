/** How every benchmark prints its document: the machine it ran on first, then its figures. */
import { cpus } from 'node:os';
import { int8Verdict } from '../shared/models/int8-kernel';
import { cpuFeatures } from '../electron/platform/cpu-features';

export function printBenchmark(name: string, figures: Record<string, unknown>): void {
  const document = {
    benchmark: name,
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? 'unknown',
    // The flags that pick ONNX Runtime's int8 kernel, and what they mean for q8 here.
    cpuFlags: cpuFeatures().flags,
    int8Kernel: int8Verdict(cpuFeatures()).kernel,
    cores: cpus().length,
    node: process.version,
    ...figures,
  };
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
}
