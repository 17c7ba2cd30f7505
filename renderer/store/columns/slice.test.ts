import { describe, expect, it } from 'vitest';
import { BM25_CONFIG, type PipelineConfig } from '../../../shared/pipeline/config';
import { SAMPLE_DOCUMENTS } from '../../sample';
import { createAppStore } from '../store';
import { webHostClient } from '../../../testkit/renderer/web-host-client';
import { formatConfigJson, pipelineKindOf } from './config-text';

/** A store over a real web host with a clean environment, so no provider has a key. */
async function newStore() {
  return createAppStore((await webHostClient()).client);
}

const BM25_RANKING = [2, 6, 4, 0, 1, 3, 5, 7];

async function setup() {
  const store = await newStore();
  const id = store.getState().columns[1]!.id;
  const column = () => store.getState().columns.find((c) => c.id === id)!;
  const run = (columnId = id) => store.getState().columnRuns[columnId];
  return { store, id, column, run };
}

describe('column pipeline editing', () => {
  it('switches a column to a rerank API and back, bumping the revision each time', async () => {
    const { store, id, column } = await setup();
    expect(pipelineKindOf(column().config)).toBe('bm25');
    store.getState().setColumnPreset(id, 'dedicated-model');
    expect(column().config).toEqual({
      version: 1,
      name: 'Cohere',
      strategy: 'dedicated-model',
      provider: 'cohere',
    });
    expect(column().revision).toBe(1);
    expect(pipelineKindOf(column().config)).toBe('dedicated-model');
    store.getState().setColumnPreset(id, 'input-order');
    expect(pipelineKindOf(column().config)).toBe('input-order');
    expect(column().revision).toBe(2);
  });

  it('edits model, base URL and params as typed, refusing what would be invalid', async () => {
    const { store, id, column } = await setup();
    const state = () => store.getState();
    state().setColumnPreset(id, 'dedicated-model');
    const revision = column().revision;

    expect(state().setColumnModel(id, 'rerank-english-v3.0').ok).toBe(true);
    expect(state().setColumnBaseUrl(id, 'http://127.0.0.1:9').ok).toBe(true);
    expect(state().setColumnParamsText(id, '{ "maxRetries": 0, "apiVersion": "v1" }').ok).toBe(
      true,
    );
    const configured = column().config;
    expect(configured).toMatchObject({
      model: 'rerank-english-v3.0',
      baseUrl: 'http://127.0.0.1:9',
      params: { maxRetries: 0, apiVersion: 'v1' },
    });

    expect(state().setColumnBaseUrl(id, 'http://')).toEqual({
      ok: false,
      error: {
        code: 'invalid_request',
        message: 'base URL must be a full http:// or https:// URL',
      },
    });
    expect(state().setColumnParamsText(id, '{ "maxRetries": 0,\n  }')).toMatchObject({
      ok: false,
      error: { message: 'not valid JSON: property name expected at line 2, column 3' },
    });
    expect(state().setColumnParamsText(id, '[1]')).toMatchObject({
      ok: false,
      error: { message: 'parameters must be a JSON object (got array)' },
    });
    expect(state().setColumnParamsText(id, '{"apiKey": "sk-1"}')).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/pipeline configs never hold keys/) as unknown },
    });
    // Nothing refused reached the config, and field edits leave the revision alone.
    expect(column().config).toBe(configured);
    expect(column().revision).toBe(revision);

    // Blank fields are removed rather than sent empty.
    state().setColumnModel(id, '  ');
    state().setColumnBaseUrl(id, '');
    state().setColumnParamsText(id, '');
    expect(column().config).toEqual({
      version: 1,
      name: 'Cohere',
      strategy: 'dedicated-model',
      provider: 'cohere',
    });
  });

  it('choosing a provider names the column after it and drops provider-specific fields', async () => {
    const { store, id, column } = await setup();
    store.getState().setColumnPreset(id, 'dedicated-model');
    store.getState().setColumnModel(id, 'rerank-v3.5');
    store.getState().setColumnParamsText(id, '{"batchSize": 10}');
    store.getState().setColumnProvider(id, 'tei');
    expect(column().config).toEqual({
      version: 1,
      name: 'Hugging Face TEI',
      strategy: 'dedicated-model',
      provider: 'tei',
    });
  });

  it('validates BM25 parameters in the store', async () => {
    const { store, id, column } = await setup();
    expect(store.getState().setBm25Param(id, 'b', '0').ok).toBe(true);
    expect(column().config.params).toEqual({ method: 'bm25', k1: 1.2, b: 0 });
    expect(store.getState().setBm25Param(id, 'k1', '11')).toMatchObject({
      ok: false,
      error: { message: 'k1 must be a number from 0 to 10' },
    });
    expect(store.getState().setBm25Param(id, 'k1', '')).toMatchObject({ ok: false });
    expect(column().config.params).toEqual({ method: 'bm25', k1: 1.2, b: 0 });
  });

  it('applies a whole config typed as JSON, or says why not and keeps the old one', async () => {
    const { store, id, column, run } = await setup();
    const topTwo: PipelineConfig = { ...BM25_CONFIG, name: 'bm25 top 2', topN: 2 };
    const before = column().config;
    expect(store.getState().applyColumnConfigText(id, '{"version": 1,')).toMatchObject({
      ok: false,
      error: { message: 'not valid JSON: property name expected at line 1, column 15' },
    });
    expect(
      store.getState().applyColumnConfigText(id, '{"version":1,"name":"x","strategy":"magic"}'),
    ).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^strategy: /) as unknown },
    });
    expect(
      store.getState().applyColumnConfigText(id, '{"version":2,"name":"x","strategy":"heuristic"}'),
    ).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(column().config).toBe(before);
    expect(column().revision).toBe(0);

    expect(store.getState().applyColumnConfigText(id, formatConfigJson(topTwo))).toEqual({
      ok: true,
      value: topTwo,
    });
    expect(column().config).toEqual(topTwo);
    expect(column().revision).toBe(1);
    await store.getState().run();
    expect(run()?.result?.results.map((r) => r.index)).toEqual(BM25_RANKING.slice(0, 2));
  });
});

describe('rerank API columns against the real engine', () => {
  it('a provider without a key fails its column only', async () => {
    const { store, id, run } = await setup();
    store.getState().setColumnPreset(id, 'dedicated-model');
    store.getState().setColumnBaseUrl(id, 'http://127.0.0.1:9');
    store.getState().setColumnParamsText(id, '{"maxRetries": 0}');
    await store.getState().run();
    expect(store.getState().requestError).toBeUndefined();
    expect(run()?.status).toBe('error');
    expect(run()?.result?.error?.message).toMatch(/^No API key for cohere: set COHERE_API_KEY/);
    const other = store.getState().columns[0]!.id;
    expect(run(other)?.result?.results).toHaveLength(SAMPLE_DOCUMENTS.length);
  });

  it('falls back to BM25 and says which config produced the ranking', async () => {
    const { store, id, run } = await setup();
    const config: PipelineConfig = {
      version: 1,
      name: 'Cohere',
      strategy: 'dedicated-model',
      provider: 'cohere',
      fallbacks: [BM25_CONFIG],
    };
    expect(store.getState().applyColumnConfigText(id, JSON.stringify(config)).ok).toBe(true);
    await store.getState().run();
    const result = run()?.result;
    expect(run()?.status).toBe('ok');
    expect(result?.results.map((r) => r.index)).toEqual(BM25_RANKING);
    expect(result?.producedBy).toEqual({ name: 'bm25', fallback: 1 });
    expect(result?.scoreKind).toBe('bm25');
    expect(result?.warnings[0]).toMatch(/^"Cohere" \(cohere\) failed \(No API key for cohere/);
  });
});
