/**
 * A provider run that needs many batches reports the documents scored as each batch comes back,
 * with the time left; a run of one batch reports none (there is nothing to wait through).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../../shared/contract';
import {
  providerConfig,
  run,
  services,
  useSimulatorHarness,
} from '../../../../testkit/harness/dedicated-model';

useSimulatorHarness();

type Step = Extract<EventPayload<'run:progress'>, { type: 'column-progress' }>;
let steps: Step[] = [];
beforeEach(() => {
  steps = [];
  return services.events.subscribe((event, payload) => {
    const progress = payload as EventPayload<'run:progress'>;
    if (event === 'run:progress' && progress.type === 'column-progress') steps.push(progress);
  });
});

const many = Array.from({ length: 95 }, (_, i) => `document ${i} about heart health, number ${i}`);

describe('a provider run over many batches', () => {
  it('reports documents scored per batch, in order, with the time left once a batch is back', async () => {
    const [column] = (
      await run([providerConfig('cohere', { params: { batchSize: 10 } })], { documents: many })
    ).columns;
    expect(column!.status).toBe('ok');
    // Before the first batch, then one per batch of ten.
    expect(steps).toHaveLength(11);
    expect(steps.every((s) => s.unit === 'documents' && s.total === 95)).toBe(true);
    expect(steps[0]).toMatchObject({ done: 0 });
    expect(steps[0]!.etaMs).toBeUndefined();
    const left = steps.map((s) => s.total - s.done);
    for (let i = 1; i < left.length; i++) expect(left[i]).toBeLessThan(left[i - 1]!);
    expect(steps.at(-1)).toMatchObject({ done: 95, etaMs: 0 });
    expect(steps.slice(1).every((s) => typeof s.etaMs === 'number')).toBe(true);
  });

  it('counts batches served from the cache too', async () => {
    const config = providerConfig('cohere', { params: { batchSize: 50 } });
    await run([config], { documents: many, bypassCache: false });
    steps = [];
    await run([config], { documents: many, bypassCache: false });
    expect(steps.map((s) => s.done)).toEqual([0, 50, 95]);
  });

  it('reports nothing for a run of one batch', async () => {
    await run([providerConfig('cohere')], { documents: many });
    expect(steps).toEqual([]);
  });
});
