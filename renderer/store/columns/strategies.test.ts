import { describe, expect, it } from 'vitest';
import { BM25_CONFIG, INPUT_ORDER_CONFIG } from '../../../shared/pipeline/config';
import { createAppStore } from '../store';
import { webHostClient } from '../../../testkit/renderer/web-host-client';

/** A store over a real web host (clean environment): input order and BM25 columns. */
async function setup() {
  const store = createAppStore((await webHostClient()).client);
  const [first, second] = store.getState().columns.map((c) => c.id) as [string, string];
  const fusionId = store.getState().addColumn()!;
  const column = (id: string) => store.getState().columns.find((c) => c.id === id)!;
  return { store, first, second, fusionId, column, state: () => store.getState() };
}

describe('fusion columns', () => {
  it('start as an RRF of the other columns, following their edits', async () => {
    const { state, first, second, fusionId, column } = await setup();
    state().setColumnPreset(fusionId, 'fusion');
    expect(column(fusionId).config).toEqual({
      version: 1,
      name: 'Fusion',
      strategy: 'fusion',
      params: { method: 'rrf', members: [INPUT_ORDER_CONFIG, BM25_CONFIG] },
    });
    expect(column(fusionId).linked).toEqual([first, second]);

    expect(state().setBm25Param(second, 'k1', '2').ok).toBe(true);
    const members = column(fusionId).config.params?.members as { params?: unknown }[];
    expect(members[1]!.params).toEqual({ method: 'bm25', k1: 2, b: 0.75 });

    // The source goes; the member stays as it last was, no longer linked.
    state().removeColumn(second);
    expect(column(fusionId).linked).toEqual([first, undefined]);
    expect((column(fusionId).config.params?.members as unknown[])[1]).toEqual(members[1]);
  });

  it('edits weights, members and method, refusing what would be invalid', async () => {
    const { state, first, fusionId, column } = await setup();
    state().setColumnPreset(fusionId, 'fusion');
    expect(state().setFusionWeight(fusionId, 1, '2.5').ok).toBe(true);
    expect(column(fusionId).config.params?.weights).toEqual([1, 2.5]);
    const refused = state().setFusionWeight(fusionId, 0, '-1');
    expect(refused.ok ? '' : refused.error.message).toBe('a weight must be a number ≥ 0');

    expect(state().addFusionMember(fusionId, first).ok).toBe(true);
    expect(column(fusionId).config.params?.weights).toEqual([1, 2.5, 1]);
    state().removeFusionMember(fusionId, 0);
    expect(column(fusionId).config.params?.weights).toEqual([2.5, 1]);
    expect(column(fusionId).linked).toHaveLength(2);
    const tooFew = state().removeFusionMember(fusionId, 0);
    expect(tooFew.ok ? '' : tooFew.error.message).toContain('at least 2 members');

    expect(state().setColumnParam(fusionId, 'method', 'combmnz').ok).toBe(true);
    expect(state().setColumnParam(fusionId, 'method', 'median').ok).toBe(false);
    expect(column(fusionId).config.params?.method).toBe('combmnz');
  });

  it('runs against the host and shows the fused order', async () => {
    const { store, state, fusionId } = await setup();
    state().setColumnPreset(fusionId, 'fusion');
    await state().run();
    const result = store.getState().columnRuns[fusionId]?.result;
    expect(result?.error?.message).toBeUndefined();
    expect(result?.status).toBe('ok');
    expect(result?.scoreKind).toBe('fused');
    expect(result?.results.length).toBe(state().documents.length);
  });
});

describe('LLM columns', () => {
  it('switch backend keeping their settings, and refuse bad numbers', async () => {
    const { state, fusionId: id, column } = await setup();
    state().setColumnPreset(id, 'llm-listwise');
    expect(column(id).config).toMatchObject({
      strategy: 'llm-listwise',
      provider: 'openai-compatible',
    });
    expect(state().setColumnModel(id, 'llama3.1:8b').ok).toBe(true);
    expect(state().setColumnNumberParam(id, 'window', '30').ok).toBe(true);
    state().setLlmProvider(id, 'anthropic');
    expect(column(id).config).toEqual({
      version: 1,
      name: 'LLM listwise',
      strategy: 'llm-listwise',
      provider: 'anthropic',
      params: { window: 30 },
    });
    const refused = state().setColumnNumberParam(id, 'step', '40');
    expect(refused.ok ? '' : refused.error.message).toContain('step must not exceed window');
    expect(state().setColumnNumberParam(id, 'window', 'abc').ok).toBe(false);
    expect(column(id).config.params).toEqual({ window: 30 });
  });
});
