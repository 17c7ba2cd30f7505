import { describe, expect, it } from 'vitest';
import { RunRegistry } from './run-registry';

describe('RunRegistry', () => {
  it('cancels a live run', () => {
    const runs = new RunRegistry();
    const controller = runs.start('r1')!;
    expect(runs.cancel('r1')).toBe(true);
    expect(controller.signal.aborted).toBe(true);
  });

  it('refuses a second live run with the same id, and frees the id when finished', () => {
    const runs = new RunRegistry();
    expect(runs.start('r1')).toBeDefined();
    expect(runs.start('r1')).toBeUndefined();
    runs.finish('r1');
    expect(runs.start('r1')).toBeDefined();
  });

  it('remembers a cancel that overtook its run, for a minute', () => {
    let now = 0;
    const runs = new RunRegistry(() => now);
    expect(runs.cancel('early')).toBe(false);
    expect(runs.start('early')!.signal.aborted).toBe(true);
    runs.finish('early');
    // Used up: the next run with that id is not cancelled.
    expect(runs.start('early')!.signal.aborted).toBe(false);

    runs.cancel('stale');
    now += 61_000;
    expect(runs.start('stale')!.signal.aborted).toBe(false);
  });
});
