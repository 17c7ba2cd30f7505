/**
 * The budget against a real web host: a run over budget is refused before any call and waits
 * on the user's yes; the yes sends it again without the limit.
 */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../store';
import { webHostClient } from '../../../testkit/renderer/web-host-client';

/** A server of one's own, priced by the user at $1,000 per 1,000 calls ($1 a call). Nothing
 * listens on port 1, so a call that is sent fails, which shows it was sent. */
const PRICED_SERVER = {
  version: 1 as const,
  name: 'my tei',
  strategy: 'dedicated-model' as const,
  provider: 'tei' as const,
  baseUrl: 'http://127.0.0.1:1',
  params: { pricing: { usdPerThousandCalls: 1000 }, maxRetries: 0 },
};

describe('budget slice', () => {
  it('asks before a run over budget, sends nothing until yes, then spends', async () => {
    const { client, requests } = await webHostClient();
    const store = createAppStore(client);
    const state = () => store.getState();
    const id = state().columns[0]!.id;
    state().setColumnConfig(id, PRICED_SERVER);
    state().setBudget(0.5);

    await state().run();
    const runs = () => requests.filter((r) => r.name === 'rerank:run');
    expect(runs()).toHaveLength(1);
    expect(runs()[0]!.request).toMatchObject({ budgetUsd: 0.5 });
    // One call of the sample documents: 1 × $1,000 / 1,000 = $1.00, over $0.50.
    expect(state().budgetPrompt?.action).toBe('run');
    expect(state().budgetPrompt?.message).toMatch(
      /^estimated cost \$1\.00 is over the budget of \$0\.50; nothing was sent\. my tei: 1 calls? × \$1,000\.00\/1,000 \(your price\)/,
    );
    expect(state().requestError).toBeUndefined();
    expect(state().columnRuns[id]).toBeUndefined();

    await state().confirmOverBudget();
    expect(runs()).toHaveLength(2);
    expect(runs()[1]!.request).not.toHaveProperty('budgetUsd');
    expect(state().budgetPrompt).toBeUndefined();
    // Sent this time: the unreachable server failed the column.
    expect(state().columnRuns[id]?.status).toBe('error');
  });

  it('never asks within the budget or without one', async () => {
    const { client, requests } = await webHostClient();
    const store = createAppStore(client);
    const state = () => store.getState();
    state().setColumnConfig(state().columns[0]!.id, PRICED_SERVER);
    state().setBudget(5);
    await state().run();
    state().setBudget(undefined);
    await state().run();
    expect(state().budgetPrompt).toBeUndefined();
    const sent = requests.filter((r) => r.name === 'rerank:run').map((r) => r.request);
    expect(sent[0]).toMatchObject({ budgetUsd: 5 });
    expect(sent[1]).not.toHaveProperty('budgetUsd');
  });
});
