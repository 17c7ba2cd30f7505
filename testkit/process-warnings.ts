/**
 * The warnings Node emits while `work` runs (a leak warning, a deprecation), collected from
 * the process's 'warning' event; Node emits them on a later tick, so the collection ends only
 * after an immediate has passed.
 */
import { setImmediate as afterIO } from 'node:timers/promises';

export async function warningsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const note = (warning: Error) => seen.push(`${warning.name}: ${warning.message}`);
  process.on('warning', note);
  try {
    await work();
    await afterIO();
    await afterIO();
  } finally {
    process.off('warning', note);
  }
  return seen;
}
