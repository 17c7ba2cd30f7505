/**
 * For store tests that need a provider: the loopback provider simulator (testkit/), loaded by
 * URL like the web host script, so the renderer's type program stays free of Node code. Its
 * types are plain data and come along as types only.
 */
import { onTestFinished } from 'vitest';
import type { ProviderSimulator, SimulatorOptions } from '../provider-simulator/types';
export type { ProviderSimulator } from '../provider-simulator/types';

/** Starts the simulator on 127.0.0.1 for this test; closed when the test ends. */
export async function startProviderSimulator(
  options: SimulatorOptions = {},
): Promise<ProviderSimulator> {
  const url = new URL('../provider-simulator/index.ts', import.meta.url);
  const module = (await import(url.href)) as {
    startProviderSimulator(o: SimulatorOptions): Promise<ProviderSimulator>;
  };
  const simulator = await module.startProviderSimulator(options);
  onTestFinished(() => simulator.close());
  return simulator;
}
