/**
 * Shared set-up of the local model tests: a fresh data folder with models written by the
 * test, services whose inference worker is the built `out/node/inference-worker.mjs` in a
 * worker thread, and a helper that runs one column through the contract. Call
 * `useLocalModelHarness()` at the top of a test file; `services` is a live binding.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { RerankRunAnswer } from '../../shared/contract';
import { dispatch } from '../../shared/contract/dispatch';
import type { PipelineConfig } from '../../shared/pipeline/config';
import { createServices, type Services } from '../../electron/composition/compose';
import { workerThread } from '../../electron/inference/client';

const workerFile = path.resolve('out/node/inference-worker.mjs');

export let services: Services;
let runs = 0;

/**
 * Services over a new data folder whose `models/` folder `writeModels` fills before they
 * start; both are gone after the file's tests. Returns that models folder.
 */
export function useLocalModelHarness(writeModels: (modelsDir: string) => void): string {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-local-'));
  const modelsDir = path.join(dataDir, 'models');
  beforeAll(() => {
    if (!existsSync(workerFile))
      throw new Error(`${workerFile} is missing: run \`npm run build\` first`);
    writeModels(modelsDir);
    services = createServices({
      host: 'test',
      dataDir,
      env: {},
      inferenceWorker: workerThread(workerFile),
    });
  });
  afterAll(async () => {
    await services.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return modelsDir;
}

/** One column run through `rerank:run`; a refused request throws its message. */
export async function column(
  config: PipelineConfig,
  documents: string[],
  query = 'heart health exercise',
  instruction?: string,
) {
  const result = await dispatch(services.handlers, 'rerank:run', {
    runId: `local-${++runs}`,
    query,
    ...(instruction ? { instruction } : {}),
    documents,
    columns: [{ id: 'c', config }],
  });
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as RerankRunAnswer).columns[0]!;
}
