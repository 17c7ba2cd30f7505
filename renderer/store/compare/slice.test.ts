import { describe, expect, it } from 'vitest';
import { createAppStore } from '../store';
import { webHostClient } from '../../../testkit/renderer/web-host-client';
import { comparisonInputs, parseCompareNumber } from './slice';

describe('the comparison’s store', () => {
  it("compares the current run's finished columns, keyed by document index", async () => {
    const store = createAppStore((await webHostClient()).client);
    const state = () => store.getState();
    expect(comparisonInputs(state()).rankings).toEqual([]);
    state().setQuery('exercise heart');
    await state().run();
    const inputs = comparisonInputs(state());
    expect(inputs.rankings.map((r) => r.label)).toEqual(['1 · input order', '2 · bm25']);
    const inputOrder = inputs.rankings[0]!.keys;
    expect(inputOrder).toEqual(state().documents.map((_, i) => `0:${i}`));
    expect(inputs.documents.get('0:3')).toEqual({
      text: state().documents[3]!.text,
      label: '#3',
    });
  });

  it('loads two saved runs, the older as A, and matches their documents by text', async () => {
    const store = createAppStore((await webHostClient()).client);
    const state = () => store.getState();
    state().clearDocuments();
    state().addDocument('alpha river');
    state().addDocument('beta stone');
    state().setQuery('river');
    await state().run();
    state().moveDocument(state().documents[1]!.key, -1); // beta, alpha
    state().addDocument('gamma river river');
    await state().run();

    state().openHistory();
    await state().searchHistory({ text: '' });
    const [newer, older] = state().historyRuns.map((r) => r.id);
    expect((await state().compareHistoryRuns(newer!, older!)).ok).toBe(true);
    expect(state().compareOpen).toBe(true);
    expect(state().historyOpen).toBe(false);
    const inputs = comparisonInputs(state());
    expect(inputs.matched).toEqual({ matched: 2, of: 3 });
    expect(inputs.rankings.map((r) => r.label)).toEqual([
      'A · 1 · input order',
      'A · 2 · bm25',
      'B · 1 · input order',
      'B · 2 · bm25',
    ]);
    // Run B's input order in run A's keys: beta (A#1), alpha (A#0), then gamma of its own.
    expect(inputs.rankings[2]!.keys).toEqual(['0:1', '0:0', '1:2']);
    expect(inputs.documents.get('0:1')!.label).toBe('A#1 B#0');
    expect(inputs.documents.get('1:2')).toEqual({ text: 'gamma river river', label: 'B#2' });

    const same = await state().compareHistoryRuns(newer!, newer!);
    expect(!same.ok && same.error.message).toBe('choose two different runs to compare');
    const missing = await state().compareHistoryRuns(newer!, 'no-such-run');
    expect(missing.ok).toBe(false);
  });

  it('refuses settings out of range with the range, keeping the old value', async () => {
    const store = createAppStore((await webHostClient()).client);
    expect(store.getState().setCompareNumber('p', '0.8').ok).toBe(true);
    const refused = store.getState().setCompareNumber('p', '1');
    expect(!refused.ok && refused.error.message).toBe('RBO p must be from 0.01 to 0.99');
    expect(store.getState().compareSettings.p).toBe(0.8);
    const fraction = parseCompareNumber('k', '2.5');
    expect(!fraction.ok && fraction.error.message).toBe(
      'Top-k must be a whole number from 1 to 1000',
    );
    expect(parseCompareNumber('depth', '').ok).toBe(false);
  });
});
