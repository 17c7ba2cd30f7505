import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { LOCAL_MODEL_RANGES } from '../../../shared/pipeline/local-model';
import { SAMPLE_DOCUMENTS } from '../../sample';
import { createAppStore } from '../store';
import { writeTinyModel } from '../../../testkit/renderer/models';
import { webHostClient } from '../../../testkit/renderer/web-host-client';
import { formatConfigJson, pipelineKindOf } from './config-text';

const TINY = 'tests/tiny';
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** A store on a real web host; `models` are written into its data folder before it starts. */
async function setup(models: Record<string, number> = { [TINY]: 7 }) {
  const { client } = await webHostClient({
    prepareDataDir: async (dir) => {
      for (const [id, seed] of Object.entries(models)) {
        await writeTinyModel(path.join(dir, 'models', ...id.split('/')), { seed });
      }
    },
  });
  const store = createAppStore(client);
  const id = store.getState().columns[1]!.id;
  const column = () => store.getState().columns.find((c) => c.id === id)!;
  const result = (columnId = id) => store.getState().columnRuns[columnId]?.result;
  return { store, id, column, result };
}

describe('local model columns', () => {
  it('get the first installed model once the list arrives, and rank with logits', async () => {
    const { store, id, column, result } = await setup();
    expect(store.getState().modelsLoaded).toBe(false);
    store.getState().setColumnPreset(id, 'local-model');
    expect(pipelineKindOf(column().config)).toBe('local-model');
    // Not known yet: the column starts without a model and gets the first one when it is.
    expect(column().config.model).toBeUndefined();
    await vi.waitFor(() => expect(column().config.model).toBe(TINY), { interval: 20 });
    expect(column().config).toEqual({
      version: 1,
      name: TINY,
      strategy: 'dedicated-model',
      provider: 'local',
      model: TINY,
      params: { dtype: 'fp32', maxLength: 512, batchSize: 8, threads: 4 },
    });

    await store.getState().run();
    const ranked = result();
    expect(ranked).toMatchObject({ status: 'ok', scoreKind: 'logit', warnings: [] });
    expect(ranked!.results.map((r) => r.index).sort()).toEqual(SAMPLE_DOCUMENTS.map((_, i) => i));
    const raw = ranked!.results.map((r) => r.rawScore);
    expect(raw).toEqual([...raw].sort((a, b) => b - a));
    for (const r of ranked!.results) expect(r.score).toBeCloseTo(sigmoid(r.rawScore), 12);

    // Known now: another column gets the model at once.
    const other = store.getState().addColumn()!;
    store.getState().setColumnPreset(other, 'local-model');
    expect(store.getState().columns.at(-1)!.config.model).toBe(TINY);
    await store.getState().run();
    expect(result(other)?.results).toEqual(result()?.results);
  });

  it('refuse numbers outside the host ranges; the host agrees at both edges', async () => {
    const { store, id, column, result } = await setup();
    await store.getState().ensureModels();
    store.getState().setColumnPreset(id, 'local-model');
    const before = column().config;
    const refusals = {
      maxLength: ['8193', '15', '512.5', '', 'abc'],
      batchSize: ['0', '513', '-1'],
      threads: ['0', '65', '1e3'],
    } as const;
    for (const [name, texts] of Object.entries(refusals)) {
      const { min, max } = LOCAL_MODEL_RANGES[name as keyof typeof refusals];
      const label = { maxLength: 'max length', batchSize: 'batch size', threads: 'threads' }[name];
      for (const text of texts) {
        expect(store.getState().setLocalParam(id, name as keyof typeof refusals, text)).toEqual({
          ok: false,
          error: {
            code: 'invalid_request',
            message: `${label} must be a whole number from ${min} to ${max}`,
          },
        });
      }
    }
    expect(column().config).toBe(before);

    // The edges are accepted here and by the host: one column at the top, one at the bottom.
    for (const [name, { max }] of Object.entries(LOCAL_MODEL_RANGES)) {
      expect(store.getState().setLocalParam(id, name as 'threads', ` ${max}`).ok).toBe(true);
    }
    const low = store.getState().duplicateColumn(id)!;
    for (const [name, { min }] of Object.entries(LOCAL_MODEL_RANGES)) {
      expect(store.getState().setLocalParam(low, name as 'threads', String(min)).ok).toBe(true);
    }
    expect(column().config.params).toEqual({
      dtype: 'fp32',
      maxLength: 8192,
      batchSize: 512,
      threads: 64,
    });
    // Just outside, set as a whole config (as Edit config could): the host refuses each.
    const outside = Object.entries(LOCAL_MODEL_RANGES).flatMap(([name, { min, max }]) =>
      [min - 1, max + 1].map((value) => {
        const added = store.getState().addColumn()!;
        store.getState().setColumnConfig(added, {
          ...column().config,
          params: { ...column().config.params, [name]: value },
        });
        return { added, name };
      }),
    );
    await store.getState().run();
    expect(result()?.status).toBe('ok');
    expect(result(low)?.status).toBe('ok');
    // maxLength 16 cuts documents, and the column says which.
    expect(result(low)?.warnings[0]).toMatch(
      /^document \d+ was cut to 16 tokens \(\d+ not read\)$/,
    );
    for (const { added, name } of outside) {
      expect(result(added)?.error?.message).toMatch(new RegExp(`^local model: params\\.${name}`));
    }
  });

  it('keep a variant the new model has, and a name the user gave', async () => {
    const { store, id, column } = await setup({ [TINY]: 7, 'tests/other': 11 });
    await store.getState().ensureModels();
    store.getState().setColumnPreset(id, 'local-model');
    expect(column().config).toMatchObject({ name: 'tests/other', model: 'tests/other' });
    expect(store.getState().setLocalDtype(id, 'q8').ok).toBe(true);
    expect(store.getState().setLocalParam(id, 'threads', '2').ok).toBe(true);
    const revision = column().revision;

    // tests/tiny has no q8: the column takes fp32; the name followed the model.
    expect(store.getState().setLocalModel(id, TINY).ok).toBe(true);
    expect(column().config).toMatchObject({
      name: TINY,
      model: TINY,
      params: { dtype: 'fp32', threads: 2 },
    });
    expect(column().revision).toBe(revision);

    const named = JSON.parse(formatConfigJson(column().config)) as Record<string, unknown>;
    expect(
      store.getState().applyColumnConfigText(id, JSON.stringify({ ...named, name: 'mine' })),
    ).toMatchObject({ ok: true });
    expect(store.getState().setLocalModel(id, 'tests/other').ok).toBe(true);
    expect(column().config).toMatchObject({ name: 'mine', model: 'tests/other' });
  });

  it('without an installed model, start without one and let the host say what is missing', async () => {
    const { store, id, column, result } = await setup({});
    store.getState().setColumnPreset(id, 'local-model');
    await vi.waitFor(() => expect(store.getState().modelsLoaded).toBe(true), { interval: 20 });
    expect(store.getState().installedModels).toEqual([]);
    expect(column().config).toMatchObject({ name: 'Local model', provider: 'local' });
    expect(column().config.model).toBeUndefined();
    await store.getState().run();
    expect(result()?.status).toBe('error');
    expect(result()?.error?.message).toMatch(/^a local model column needs a model/);
  });
});
