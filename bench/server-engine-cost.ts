/**
 * The engine's own cost of one server request, in process: the `rerank:run` handler (engine,
 * strategy, result shaping) with the request the server would build from the same body, and no
 * HTTP, JSON or logging around it. What a served request costs beyond this is the server's
 * overhead.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkRerankInput } from '../shared/rerank/validation';
import type { PipelineConfig } from '../shared/pipeline/config';
import { createServices } from '../electron/composition/compose';

const FRESH = 1_000;

/** CPU µs per call of the handler, over `calls` calls after `warmUp` unmeasured ones. */
export async function engineMicrosPerRequest(
  config: PipelineConfig,
  fields: { query: string; documents: string[]; topN?: number },
  calls = 5_000,
  warmUp = 1_000,
): Promise<number> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rerank-engine-cost-'));
  const services = createServices({ host: 'server', dataDir: dir, env: {}, historyDir: false });
  // Fresh strings for every call, as a server has (each body parsed anew): text the engine
  // saw a moment ago may be cheaper to read again (V8 caches string hashes and flat forms).
  const text = JSON.stringify(fields);
  const inputs = Array.from({ length: FRESH }, () => {
    const checked = checkRerankInput(JSON.parse(text) as typeof fields);
    if (!checked.ok) throw new Error(checked.error.message);
    return checked.value;
  });
  let next = 0;
  const run = async () => {
    const result = await services.handlers['rerank:run']({
      runId: randomUUID(),
      columns: [{ id: config.name, config }],
      instruction: undefined,
      ...inputs[next++ % FRESH]!,
    });
    if (!result.ok || result.value.columns[0]!.status !== 'ok') throw new Error('run failed');
  };
  try {
    for (let i = 0; i < warmUp; i++) await run();
    const before = process.cpuUsage();
    for (let i = 0; i < calls; i++) await run();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / calls;
  } finally {
    await services.close();
    await rm(dir, { recursive: true, force: true });
  }
}
