/**
 * The run slice against a real web host (and, for a provider column, the loopback provider
 * simulator): what one click on Run sends, how results arrive, cancel, and what a failed
 * request leaves on screen.
 */
import { describe, expect, it, vi } from 'vitest';
import { MAX_DOCUMENTS, MAX_INSTRUCTION_CHARS } from '../../../shared/rerank/limits';
import { runCommand } from '../../commands/registry';
import { SAMPLE_DOCUMENTS } from '../../sample';
import { createAppStore, type AppStore } from '../store';
import {
  startProviderSimulator,
  type ProviderSimulator,
} from '../../../testkit/renderer/providers';
import { webHostClient, type TestClient } from '../../../testkit/renderer/web-host-client';

/** The simulator's default Cohere key (testkit/provider-simulator/types.ts). */
const SIM_COHERE_KEY = 'sim-cohere-key';

const statuses = (store: AppStore) =>
  store.getState().columns.map((c) => store.getState().columnRuns[c.id]?.status);

/** A store whose first column calls Cohere at the simulator; the second stays bm25. */
async function providerStore(
  simulator: ProviderSimulator,
): Promise<{ store: AppStore; host: TestClient }> {
  const host = await webHostClient({ env: { COHERE_API_KEY: SIM_COHERE_KEY } });
  const store = createAppStore(host.client);
  const id = store.getState().columns[0]!.id;
  store.getState().setColumnPreset(id, 'dedicated-model');
  expect(store.getState().setColumnBaseUrl(id, simulator.baseUrl('cohere')).ok).toBe(true);
  expect(store.getState().setColumnParamsText(id, '{ "maxRetries": 0 }').ok).toBe(true);
  return { store, host };
}

describe('run slice', () => {
  it('sends what the editor holds, and keeps what was ranked after later edits', async () => {
    const { client, requests } = await webHostClient();
    const store = createAppStore(client);
    const state = () => store.getState();
    expect(
      state().importDocuments('{"id": 7, "text": "zebra stripes", "metadata": {"y": 1}}', {
        mode: 'append',
      }),
    ).toEqual({ ok: true, value: 1 });
    state().setQuery('zebra');
    state().setInstruction('   ');
    state().setTopN(' 2 ');
    state().setBypassCache(true);

    await state().run();
    const sent = requests.find((r) => r.name === 'rerank:run')!.request as Record<string, unknown>;
    expect(sent).toMatchObject({
      query: 'zebra',
      topN: 2,
      bypassCache: true,
      columns: state().columns.map(({ id, config }) => ({ id, config })),
    });
    // A blank instruction is none; plain documents go as text, the others keep id and metadata.
    expect(sent.instruction).toBeUndefined();
    expect(sent.documents).toEqual([
      ...SAMPLE_DOCUMENTS,
      { text: 'zebra stripes', id: 7, metadata: { y: 1 } },
    ]);
    expect(state().runStatus).toBe('idle');
    expect(state().lastRunStatus).toBe('completed');
    expect(state().runLatencyMs).toBeGreaterThanOrEqual(0);
    expect(state().runWarnings).toEqual([]);
    const bm25 = state().columnRuns[state().columns[1]!.id]!;
    expect(bm25.status).toBe('ok');
    // Only the added document has the word: bm25 puts it first, top 2 are returned.
    expect(bm25.result!.results.map((r) => r.index)[0]).toBe(SAMPLE_DOCUMENTS.length);
    expect(bm25.result!.results).toHaveLength(2);

    // Edits after the run do not change what the results refer to.
    const snapshot = state().snapshot!;
    state().setQuery('tea');
    state().clearDocuments();
    expect(state().snapshot).toBe(snapshot);
    expect(snapshot.query).toBe('zebra');
    expect(snapshot.documents.at(-1)?.text).toBe('zebra stripes');
  });

  it('shows a column that failed beside the ones that worked, with the provider’s words', async () => {
    const simulator = await startProviderSimulator();
    const { store } = await providerStore(simulator);
    simulator.script('cohere', [{ status: 500, body: { message: 'the model is overloaded' } }]);
    await store.getState().run();
    expect(statuses(store)).toEqual(['error', 'ok']);
    const failed = store.getState().columnRuns[store.getState().columns[0]!.id]!.result!;
    expect(failed.error?.message).toContain('the model is overloaded');
    // A column's failure is not a failed request.
    expect(store.getState().requestError).toBeUndefined();
    expect(store.getState().lastRunStatus).toBe('completed');

    // The next run reaches the provider again and succeeds.
    await store.getState().run();
    expect(statuses(store)).toEqual(['ok', 'ok']);
    expect(simulator.requests.at(-1)?.headers.authorization).toBe(`Bearer ${SIM_COHERE_KEY}`);
  });

  it('fills a column as it finishes, cancels the one still waiting, and ends as cancelled', async () => {
    const simulator = await startProviderSimulator();
    const { store, host } = await providerStore(simulator);
    // The provider never answers; only cancel ends this run.
    simulator.script('cohere', [{ hang: true }]);
    const running = store.getState().run();
    await vi.waitFor(() => expect(simulator.requests).toHaveLength(1), { interval: 10 });
    // bm25 finished first: its result arrived as a progress event while the run goes on.
    await vi.waitFor(() => expect(statuses(store)).toEqual(['running', 'ok']), { interval: 10 });
    expect(store.getState().runStatus).toBe('running');

    await store.getState().cancel();
    expect(store.getState().runStatus).toBe('cancelling');
    expect(host.requests.at(-1)).toEqual({
      name: 'rerank:cancel',
      request: { runId: store.getState().snapshot!.runId },
    });
    await running;
    expect(store.getState().runStatus).toBe('idle');
    expect(store.getState().lastRunStatus).toBe('cancelled');
    expect(statuses(store)).toEqual(['cancelled', 'ok']);
    expect(store.getState().requestError).toBeUndefined();

    // Cancel with nothing running sends nothing.
    const sent = host.requests.length;
    await store.getState().cancel();
    expect(host.requests).toHaveLength(sent);
  });

  it('runs once at a time: a second Run, and events of other runs, change nothing', async () => {
    const { client, requests, releaseRuns, runParked, deliver } = await webHostClient({
      holdRuns: true,
    });
    const store = createAppStore(client);
    const runs = () => requests.filter((r) => r.name === 'rerank:run');
    const first = store.getState().run();
    await runParked();
    const runId = store.getState().snapshot!.runId;
    await store.getState().run();
    expect(runCommand(store, 'run')).toBe(false);
    expect(runs()).toHaveLength(1);
    expect(store.getState().snapshot!.runId).toBe(runId);

    // An event of another run (an earlier one finishing late) is not this run's.
    const bm25 = store.getState().columns[1]!.id;
    const stale = {
      columnId: bm25,
      name: 'bm25',
      status: 'ok' as const,
      results: [{ index: 0, score: 1, rawScore: 1 }],
      latencyMs: 1,
      warnings: [],
    };
    deliver('run:progress', { runId: 'an-earlier-run', type: 'column-finished', column: stale });
    expect(statuses(store)).toEqual(['running', 'running']);

    releaseRuns();
    await first;
    expect(statuses(store)).toEqual(['ok', 'ok']);
    const shown = store.getState().columnRuns[bm25];
    // This run's own event, arriving after it ended, changes nothing either.
    deliver('run:progress', { runId, type: 'column-finished', column: stale });
    expect(store.getState().columnRuns[bm25]).toBe(shown);

    // Once idle, Run runs again.
    const second = store.getState().run();
    await vi.waitFor(() => expect(runs()).toHaveLength(2), { interval: 10 });
    releaseRuns();
    await second;
    expect(store.getState().snapshot!.runId).not.toBe(runId);
  });

  it('keeps the previous results under a refused request, until the error is dismissed', async () => {
    const host = await webHostClient();
    const store = createAppStore(host.client);
    const state = () => store.getState();
    await state().run();
    const before = { columnRuns: state().columnRuns, snapshot: state().snapshot };

    // Too many documents (a paste cannot go over; typing one more can): the host's validator
    // says how many and the limit.
    const lines = Array.from({ length: MAX_DOCUMENTS }, (_, i) => `doc ${i}`).join('\n');
    expect(state().importDocuments(lines, { mode: 'replace' }).ok).toBe(true);
    state().addDocument('one more');
    await state().run();
    expect(state().requestError).toEqual({
      code: 'invalid_request',
      message: 'too many documents for rerank: 10001 (limit 10,000)',
      path: ['documents'],
    });
    expect(state().columnRuns).toBe(before.columnRuns);
    expect(state().snapshot).toBe(before.snapshot);
    expect(state().runStatus).toBe('idle');
    expect(state().documents).toHaveLength(10_001);
    state().dismissRequestError();
    expect(state().requestError).toBeUndefined();

    // An instruction over the limit: named, with the limit.
    state().importDocuments('one\ntwo', { mode: 'replace' });
    state().setInstruction('x'.repeat(MAX_INSTRUCTION_CHARS + 1));
    await state().run();
    expect(state().requestError?.message).toBe(
      `instruction: Too big: expected string to have <=${MAX_INSTRUCTION_CHARS} characters`,
    );
    expect(state().columnRuns).toBe(before.columnRuns);
    state().setInstruction('');

    // The host is gone: the same, with what happened.
    await host.stopHost();
    await state().run();
    expect(state().requestError?.message).toMatch(/^cannot reach the Rerank Studio host: /);
    expect(state().columnRuns).toBe(before.columnRuns);
    expect(state().snapshot).toBe(before.snapshot);
    expect(state().documents.map((d) => d.text)).toEqual(['one', 'two']);
  });

  it('says when Cancel cannot reach the host, and ends the run with what was there', async () => {
    const host = await webHostClient({ holdRuns: true });
    const store = createAppStore(host.client);
    const running = store.getState().run();
    await host.runParked();
    await host.stopHost();
    await store.getState().cancel();
    expect(store.getState().requestError?.message).toMatch(
      /^cannot reach the Rerank Studio host: /,
    );
    expect(store.getState().runStatus).toBe('cancelling');
    host.releaseRuns();
    await running;
    expect(store.getState().runStatus).toBe('idle');
    expect(store.getState().columnRuns).toEqual({});
  });

  it('says so when the host cannot be reached at all, and runs nothing', async () => {
    const host = await webHostClient();
    const store = createAppStore(host.client);
    await host.stopHost();
    // The event stream is tried a few times with a backoff before the run gives up.
    await store.getState().run();
    // Worded as a failed call is: the page's user did not ask for an event stream.
    expect(store.getState().requestError).toMatchObject({ code: 'internal' });
    expect(store.getState().requestError?.message).toMatch(
      /^cannot reach the Rerank Studio host: \S/,
    );
    expect(store.getState().columnRuns).toEqual({});
    expect(store.getState().snapshot).toBeUndefined();
    expect(store.getState().runStatus).toBe('idle');
    expect(host.requests.filter((r) => r.name === 'rerank:run')).toHaveLength(0);
  });
});
