/**
 * `rerank:run` answers the app with a summary: each column's result (wire bodies included)
 * crosses the bridge once, as a `run:progress` event. Against the built web host, so the
 * answer is measured as it crossed HTTP and the events come over the real SSE stream.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { RerankRunSummary, type EventPayload } from '../../../shared/contract';
import { SAMPLE_DOCUMENTS } from '../../sample';
import { createAppStore } from '../store';
import { webHostClient } from '../../../testkit/renderer/web-host-client';
import { LOST_COLUMN_MESSAGE } from './missed-columns';

interface ProviderSimulator {
  baseUrl(provider: 'cohere-compatible'): string;
  readonly requests: unknown[];
  close(): Promise<void>;
}

/** Loaded by URL, so the renderer's type program stays free of Node code. */
async function startSimulator(): Promise<ProviderSimulator> {
  const simulators = (await import(
    new URL('../../../testkit/provider-simulator/index.ts', import.meta.url).href
  )) as { startProviderSimulator(): Promise<ProviderSimulator> };
  const simulator = await simulators.startProviderSimulator();
  onTestFinished(() => simulator.close());
  return simulator;
}

/** The sample's two columns, the second one calling a Cohere-compatible API (no key needed). */
async function providerStore(options: Parameters<typeof webHostClient>[0] = {}) {
  const simulator = await startSimulator();
  const test = await webHostClient(options);
  const store = createAppStore(test.client);
  const [input, api] = store.getState().columns.map((c) => c.id) as [string, string];
  store.getState().setColumnPreset(api, 'dedicated-model');
  store.getState().setColumnProvider(api, 'cohere-compatible');
  store.getState().setColumnModel(api, 'rerank-english-v3.0');
  store.getState().setColumnBaseUrl(api, simulator.baseUrl('cohere-compatible'));
  const shown = (id: string) => store.getState().columnRuns[id];
  const runAnswers = () => test.answers.filter((a) => a.name === 'rerank:run');
  return { ...test, simulator, store, input, api, shown, runAnswers };
}

const loseFinishedColumn =
  (columnId: () => string) =>
  (event: string, payload: unknown): boolean =>
    event === 'run:progress' &&
    (payload as EventPayload<'run:progress'>).type === 'column-finished' &&
    (payload as { column: { columnId: string } }).column.columnId === columnId();

describe('the answer to a run', () => {
  it('carries no results or wire bodies, and the columns still show everything', async () => {
    const { store, input, api, shown, simulator, requests, runAnswers } = await providerStore();
    await store.getState().run();

    // Controls: the provider was called, and the column shows its ranking and wire exchange.
    expect(simulator.requests).toHaveLength(1);
    expect(shown(api)?.status).toBe('ok');
    expect(shown(api)?.result?.results).toHaveLength(SAMPLE_DOCUMENTS.length);
    expect(shown(api)?.result?.wire?.[0]?.responseBody).toContain('"relevance_score"');
    expect(shown(input)?.result?.results.map((r) => r.index)).toEqual(
      SAMPLE_DOCUMENTS.map((_, i) => i),
    );
    expect(store.getState()).toMatchObject({ runStatus: 'idle', lastRunStatus: 'completed' });
    expect(store.getState().runNotSaved).toBeUndefined();

    expect(requests.find((r) => r.name === 'rerank:run')?.request).toMatchObject({
      answer: 'summary',
    });
    const [answer] = runAnswers();
    const { value } = JSON.parse(answer!.text) as { value: unknown };
    // Strict: a field beyond the summary's (a ranking, a wire record) fails the parse.
    expect(RerankRunSummary.parse(value).columns).toEqual([
      { columnId: input, status: 'ok' },
      { columnId: api, status: 'ok' },
    ]);
    for (const text of ['relevance_score', '"results"', '"wire"', SAMPLE_DOCUMENTS[2]!]) {
      expect(answer!.text).not.toContain(text);
    }
  });

  it('waits for events the answer overtook, then shows them without asking the history', async () => {
    const { store, api, input, shown, requests } = await providerStore({ overtakeEvents: true });
    await store.getState().run();

    expect(shown(api)?.status).toBe('ok');
    expect(shown(api)?.result?.wire?.[0]?.responseBody).toContain('"relevance_score"');
    expect(shown(input)?.result?.results).toHaveLength(SAMPLE_DOCUMENTS.length);
    expect(requests.map((r) => r.name)).not.toContain('history:get');
  });

  it('fills a column whose event was lost from the run the host saved', async () => {
    let apiColumn = '';
    const { store, api, input, shown, requests, client, runAnswers } = await providerStore({
      loseEvent: loseFinishedColumn(() => apiColumn),
    });
    apiColumn = api;
    await store.getState().run();

    const runId = store.getState().snapshot!.runId;
    const saved = await client.call('history:get', { id: runId });
    if (!saved.ok) throw new Error(saved.error.message);
    expect(shown(api)).toEqual({ status: 'ok', result: saved.value.columns[1]!.result });
    expect(shown(api)?.result?.wire?.[0]?.responseBody).toContain('"relevance_score"');
    expect(shown(input)?.status).toBe('ok');
    expect(store.getState().runStatus).toBe('idle');
    // It came from the history, not from the answer.
    expect(requests.filter((r) => r.name === 'history:get')).toHaveLength(2);
    expect(runAnswers()[0]!.text).not.toContain('relevance_score');
  });

  it('says why when a lost column is not in the history either', async () => {
    let apiColumn = '';
    const { store, api, input, shown } = await providerStore({
      // A folder where the history file should be: the host cannot save the run.
      prepareDataDir: (dataDir) =>
        mkdirSync(path.join(dataDir, 'history.db', 'inside'), { recursive: true }),
      loseEvent: loseFinishedColumn(() => apiColumn),
    });
    apiColumn = api;
    await store.getState().run();

    expect(store.getState().runNotSaved).toMatch(/^Could not open the run history/);
    expect(store.getState().runStatus).toBe('idle');
    expect(shown(input)?.status).toBe('ok');
    expect(shown(api)).toMatchObject({
      status: 'error',
      result: { columnId: api, results: [], error: { message: LOST_COLUMN_MESSAGE } },
    });
  });
});
