/**
 * A loopback provider simulator for tests: one HTTP server on 127.0.0.1 that speaks every rerank
 * provider's wire format (each under `/<provider>`), strictly, with the provider's own error
 * shapes, plus scripted failures for transport tests. What was checked against which source is
 * written at the top of each file in `providers/` ("via PROVIDERS.md" marks facts taken from
 * the shared PROVIDERS.md notes' verified entries rather than re-read here); everything under "Not
 * verified (chosen)" is this simulator's best guess and may differ from the real service.
 */
import { startSimulatorServer } from './server';
import type { ProviderSimulator, SimulatorOptions } from './types';

export type {
  ProviderSimulator,
  RecordedRequest,
  ScriptedResponse,
  SimProvider,
  SimulatorOptions,
} from './types';
export { simulatedLogit } from './scoring';

/** Starts a simulator on a free port of 127.0.0.1; `close()` it when done. */
export function startProviderSimulator(options?: SimulatorOptions): Promise<ProviderSimulator> {
  return startSimulatorServer(options);
}
