import { describe, expect, it } from 'vitest';
import {
  formatTimeLeft,
  observeRate,
  remainingAtRate,
  startRate,
  timeLeftLabel,
  timeLeftMs,
  trackTimeLeft,
} from './time-left';

const halfLife = { halfLifeMs: 1000 };

describe('the time-left estimator', () => {
  it('knows no rate until work advances, then starts from the average since the start', () => {
    let state = startRate(0);
    expect(timeLeftMs(state, 5000)).toBeUndefined();
    state = observeRate(state, 500, 0, halfLife);
    expect(timeLeftMs(state, 5000)).toBeUndefined();
    state = observeRate(state, 1000, 1000, halfLife);
    // 1000 units in 1000 ms: 1 per ms, 4000 left.
    expect(state.ratePerMs).toBe(1);
    expect(timeLeftMs(state, 5000)).toBe(4000);
  });

  it('moves the rate toward the latest by the weight elapsed time gives it', () => {
    let state = observeRate(startRate(0), 1000, 1000, halfLife);
    // One half-life later at 2 per ms: the rate moves half way, to 1.5.
    state = observeRate(state, 2000, 3000, halfLife);
    expect(state.ratePerMs).toBeCloseTo(1.5, 12);
    expect(timeLeftMs(state, 5000)).toBeCloseTo(2000 / 1.5, 9);
  });

  it('smooths the same however often progress is reported', () => {
    const first = observeRate(startRate(0), 1000, 1000, halfLife);
    const once = observeRate(first, 3000, 1000 + 2 * 2000, halfLife);
    let often = first;
    for (let t = 1500; t <= 3000; t += 500)
      often = observeRate(often, t, 1000 + 2 * (t - 1000), halfLife);
    expect(often.ratePerMs).toBeCloseTo(once.ratePerMs!, 12);
    // Two half-lives at 2/ms from 1/ms: 1 + (1 - 1/4) * 1.
    expect(once.ratePerMs).toBeCloseTo(1.75, 12);
  });

  it('ignores observations with no time elapsed and counts that went back', () => {
    const state = observeRate(startRate(0), 1000, 1000, halfLife);
    expect(observeRate(state, 1000, 1500, halfLife).ratePerMs).toBe(1);
    const restarted = observeRate(state, 1200, 400, halfLife);
    expect(restarted).toMatchObject({ ratePerMs: 1, done: 400 });
    expect(timeLeftMs(restarted, 1400)).toBe(1000);
  });

  it('says zero once the work is done, and nothing for a zero rate', () => {
    const state = observeRate(startRate(0), 1000, 1000, halfLife);
    expect(timeLeftMs(state, 1000)).toBe(0);
    expect(timeLeftMs(state, 800)).toBe(0);
    expect(remainingAtRate(100, 0)).toBeUndefined();
    expect(remainingAtRate(100, Number.NaN)).toBeUndefined();
    expect(remainingAtRate(100, 4)).toBe(25);
  });

  it('tracks a job on an injected clock, starting the clock at the first observation', () => {
    let now = 10_000;
    const tracker = trackTimeLeft(() => now, halfLife);
    expect(tracker.observe(0, 300)).toBeUndefined();
    now += 2000;
    expect(tracker.observe(100, 300)).toBe(4000);
    expect(tracker.ratePerSecond()).toBe(50);
  });
});

describe('time left in words', () => {
  it.each([
    [0, 'a few seconds left', 'A few seconds left'],
    [9_999, 'a few seconds left', 'A few seconds left'],
    [42_000, 'about 40 s left', 'About 40 seconds left'],
    [58_000, 'about 1 min left', 'About 1 minute left'],
    [125_000, 'about 2 min left', 'About 2 minutes left'],
    [89 * 60_000, 'about 89 min left', 'About 89 minutes left'],
    [3 * 3600_000, 'about 3 h left', 'About 3 hours left'],
  ])('%d ms reads "%s"', (ms, text, label) => {
    expect(formatTimeLeft(ms)).toBe(text);
    expect(timeLeftLabel(ms)).toBe(label);
  });
});
