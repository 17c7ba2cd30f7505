/** Run-time estimates for slow local models, against a real web host with a tiny Qwen3 model. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../store';
import { writeTinyQwen3 } from '../../../testkit/renderer/models';
import { webHostClient } from '../../../testkit/renderer/web-host-client';
import { describeEstimate } from './slice';

const QWEN3 = 'tests/qwen3';

describe('estimate slice', () => {
  it('estimates a local column from a few documents scored for real, and says when it cannot', async () => {
    const { client, requests } = await webHostClient({
      prepareDataDir: (dir) => writeTinyQwen3(path.join(dir, 'models', ...QWEN3.split('/'))),
    });
    const store = createAppStore(client);
    const state = () => store.getState();
    state().setQuery('heart health exercise');
    state().clearDocuments();
    for (let i = 0; i < 20; i++)
      state().addDocument(`heart health studies ${'exercise '.repeat(i)}`);
    state().addColumn();
    const column = state().columns.at(-1)!;
    state().setColumnConfig(column.id, {
      version: 1,
      name: 'qwen3',
      strategy: 'dedicated-model',
      provider: 'local',
      model: QWEN3,
    });
    expect(state().columns.at(-1)!.config).toMatchObject({ provider: 'local', model: QWEN3 });

    const pending = state().estimateColumn(column.id);
    expect(state().runEstimates[column.id]).toEqual({ status: 'estimating' });
    expect(await pending).toEqual({ ok: true, value: undefined });
    const estimate = state().runEstimates[column.id]!;
    expect(estimate).toMatchObject({ status: 'ready', documents: 20, probedDocuments: 6 });
    expect(describeEstimate(estimate)).toMatch(/^About \d+ s for 20 documents on this machine/);
    expect(requests.at(-1)).toMatchObject({
      name: 'models:estimate',
      request: { config: { model: QWEN3 } },
    });

    state().setQuery('');
    await state().estimateColumn(column.id);
    expect(state().runEstimates[column.id]).toEqual({
      status: 'failed',
      message: 'type a query and add documents first: the estimate scores a few of them',
    });
  });
});
