/** How every benchmark prints its document: the machine it ran on first, then its figures. */
import { cpus } from 'node:os';

export function printBenchmark(name: string, figures: Record<string, unknown>): void {
  const document = {
    benchmark: name,
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    ...figures,
  };
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
}
