/**
 * The provider simulator in its own thread, so its request handling does not share the event
 * loop whose overhead the benchmark measures.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startProviderSimulator, type SimulatorOptions } from '../testkit/provider-simulator';

const simulator = await startProviderSimulator(workerData as SimulatorOptions);
parentPort?.postMessage({ url: simulator.url, cohere: simulator.baseUrl('cohere') });
