/**
 * The eval:* operations in-process, for the evaluation tests: real services on a fresh data
 * folder (a real history file), called through `dispatch` as every host calls them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { dispatch } from '../../shared/contract/dispatch';
import { createServices } from '../../electron/composition/compose';

/** Services for one test file, closed and removed after it; `events` collects eval:progress. */
export function evaluationHarness() {
  const dir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-eval-'));
  const services = createServices({ host: 'test', dataDir: dir });
  // Sets are written under the data folder: a folder the user chose, as a dialog grants it.
  services.grants.grant(dir, 'folder');
  afterAll(async () => {
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const events: unknown[] = [];
  services.events.subscribe((event, payload) => {
    if (event === 'eval:progress') events.push(payload);
  });
  /** The operation's value; a refusal throws with its code and message. */
  async function call<T>(name: string, request: unknown): Promise<T> {
    const result = await dispatch(services.handlers, name, request);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value as T;
  }
  return { dir, services, events, call };
}

/** The BM25 config the evaluation tests rank with. */
export const BM25 = { version: 1, name: 'bm25', strategy: 'heuristic' };
