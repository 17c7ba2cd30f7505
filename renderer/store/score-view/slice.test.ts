import { describe, expect, it } from 'vitest';
import { scoreViewModel } from '../../components/score-view';
import { createAppStore } from '../store';
import { webHostClient } from '../../../testkit/renderer/web-host-client';
import { DEFAULT_SCORE_VIEW, parseThreshold } from './slice';

describe('parseThreshold', () => {
  it('reads numbers, blank as no threshold, and the minus sign the app prints', () => {
    expect(parseThreshold('')).toEqual({ ok: true, value: undefined });
    expect(parseThreshold('   ')).toEqual({ ok: true, value: undefined });
    expect(parseThreshold(' 0.5 ')).toEqual({ ok: true, value: 0.5 });
    expect(parseThreshold('.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseThreshold('5.')).toEqual({ ok: true, value: 5 });
    expect(parseThreshold('-1.25')).toEqual({ ok: true, value: -1.25 });
    expect(parseThreshold('\u22123.2')).toEqual({ ok: true, value: -3.2 });
    expect(parseThreshold('1e-3')).toEqual({ ok: true, value: 0.001 });
  });

  it('refuses anything else, saying what was typed', () => {
    for (const text of ['abc', '-', '0,5', '1.2.3', '0x10', 'Infinity', '1e400', '5 7']) {
      const parsed = parseThreshold(text);
      expect(parsed.ok, text).toBe(false);
    }
    expect(parseThreshold(' 0,5 ')).toEqual({
      ok: false,
      error: {
        code: 'invalid_request',
        message: '"0,5" is not a number: type a score such as 0.5 or -1.2, or leave it blank',
      },
    });
  });
});

describe('score view slice', () => {
  it('keeps a view per column, refuses bad thresholds, is never sent, and goes with its column', async () => {
    const { client, requests } = await webHostClient();
    const store = createAppStore(client);
    const state = () => store.getState();
    const [first, bm25] = state().columns.map((c) => c.id) as [string, string];
    expect(state().scoreViews).toEqual({});
    expect(DEFAULT_SCORE_VIEW).toEqual({ scale: 'raw' });

    state().setScoreScale(bm25, 'minmax');
    expect(state().setScoreThreshold(bm25, '0.5')).toEqual({ ok: true, value: 0.5 });
    expect(state().scoreViews).toEqual({ [bm25]: { scale: 'minmax', threshold: 0.5 } });

    // A refused threshold leaves the view as it was.
    const refused = state().setScoreThreshold(bm25, '0.5x');
    expect(refused).toMatchObject({ ok: false, error: { message: /"0\.5x" is not a number/ } });
    expect(state().scoreViews[bm25]).toEqual({ scale: 'minmax', threshold: 0.5 });

    // Changing the scale keeps the threshold; blank clears it and keeps the scale.
    state().setScoreScale(bm25, 'rank');
    expect(state().scoreViews[bm25]).toEqual({ scale: 'rank', threshold: 0.5 });
    expect(state().setScoreThreshold(bm25, '')).toEqual({ ok: true, value: undefined });
    expect(state().scoreViews[bm25]).toEqual({ scale: 'rank' });
    expect(state().scoreViews[first]).toBeUndefined();

    // On a real ranking: half of the min-max scores of BM25 fall under 0.5 or not, as computed.
    state().setScoreScale(bm25, 'minmax');
    state().setScoreThreshold(bm25, '0.5');
    await state().run();
    const result = state().columnRuns[bm25]!.result!;
    expect(result.status).toBe('ok');
    const model = scoreViewModel(result, state().scoreViews[bm25]!);
    expect(model.scores[0]).toEqual({ score: 1, below: false });
    expect(model.belowCount).toBe(model.scores.filter((s) => s.score < 0.5).length);
    expect(model.belowCount).toBeGreaterThan(0);
    // The view is not part of the pipeline: the run request carries only id and config.
    const run = requests.find((r) => r.name === 'rerank:run')!.request as {
      columns: Record<string, unknown>[];
    };
    expect(run.columns.map((c) => Object.keys(c).sort())).toEqual([
      ['config', 'id'],
      ['config', 'id'],
    ]);
    expect(JSON.stringify(run)).not.toMatch(/threshold|minmax/);

    // Other column edits keep the views; removing the column forgets its view.
    state().setScoreScale(first, 'zscore');
    state().addColumn();
    expect(Object.keys(state().scoreViews).sort()).toEqual([first, bm25].sort());
    state().removeColumn(bm25);
    expect(state().scoreViews).toEqual({ [first]: { scale: 'zscore' } });
  });
});
