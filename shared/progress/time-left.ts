/**
 * Time left on a long job, from the rate its work has been done at: bytes of a download,
 * tokens of a local-model run, documents of a provider run, queries of an evaluation. One
 * estimator for all of them, pure: the caller passes the clock reading with each observation,
 * so tests feed it controlled times and the hosts feed it `performance.now()`.
 *
 * The rate is smoothed (an exponentially weighted moving average whose weight halves every
 * `halfLifeMs` of elapsed time), not the instantaneous one: a download's chunks and a provider's
 * concurrent batches arrive in bursts, and an estimate that jumps with each burst is worse than
 * none. Weighting by elapsed time rather than by observation keeps the smoothing the same
 * whether progress is reported ten times a second or once a minute.
 */

/** What the estimator knows after the observations so far. Plain data. */
export interface RateState {
  /** When the first observation was made (the caller's clock, milliseconds). */
  readonly startedAt: number;
  readonly startDone: number;
  readonly lastAt: number;
  /** Units done at the last observation. */
  readonly done: number;
  /** Units per millisecond, smoothed; undefined until work has been seen to advance. */
  readonly ratePerMs?: number;
}

export interface RateOptions {
  /** The weight of a past rate halves after this much time. */
  halfLifeMs: number;
}

/**
 * Ten seconds: long enough to ride over a burst of concurrent batches or a stalled TCP
 * window, short enough that a download that changes speed is believed within half a minute.
 */
export const DEFAULT_RATE_OPTIONS: RateOptions = { halfLifeMs: 10_000 };

/** The state before any work is done: the clock starts at `at`, with `done` units done. */
export function startRate(at: number, done = 0): RateState {
  return { startedAt: at, startDone: done, lastAt: at, done };
}

/**
 * The state after observing `done` units done at time `at`. The first advance sets the rate to
 * the average since the start; each later one moves it toward the rate since the previous
 * observation by `1 - 2^(-Δt / halfLife)`. An observation with no time elapsed, or with less
 * done than before (a restarted file, say), only records the new count.
 */
export function observeRate(
  state: RateState,
  at: number,
  done: number,
  options: RateOptions = DEFAULT_RATE_OPTIONS,
): RateState {
  const elapsed = at - state.lastAt;
  if (elapsed <= 0 || done < state.done)
    return { ...state, done, lastAt: Math.max(at, state.lastAt) };
  const sample = (done - state.done) / elapsed;
  if (state.ratePerMs === undefined) {
    const advanced = done - state.startDone;
    if (advanced <= 0) return { ...state, lastAt: at, done };
    return { ...state, lastAt: at, done, ratePerMs: advanced / (at - state.startedAt) };
  }
  const weight = 1 - Math.pow(2, -elapsed / options.halfLifeMs);
  return {
    ...state,
    lastAt: at,
    done,
    ratePerMs: state.ratePerMs + weight * (sample - state.ratePerMs),
  };
}

/**
 * Milliseconds left to reach `total` units at the smoothed rate, or undefined while no rate is
 * known. Zero once the work is done.
 */
export function timeLeftMs(state: RateState, total: number): number | undefined {
  const remaining = total - state.done;
  if (remaining <= 0) return 0;
  return remainingAtRate(remaining, state.ratePerMs);
}

/** `units` of work at `ratePerMs` units per millisecond; undefined for no or a zero rate. */
export function remainingAtRate(units: number, ratePerMs: number | undefined): number | undefined {
  if (ratePerMs === undefined || !(ratePerMs > 0) || !Number.isFinite(ratePerMs)) return undefined;
  return Math.max(0, units) / ratePerMs;
}

/**
 * A tracker for one job: the estimator with the clock and the total bound in, for code that
 * reports progress as it goes. `observe` returns the time left after this observation.
 */
export interface TimeLeftTracker {
  observe(done: number, total: number): number | undefined;
  /** Units per second, smoothed; undefined until known. */
  ratePerSecond(): number | undefined;
}

export function trackTimeLeft(
  now: () => number,
  options: RateOptions = DEFAULT_RATE_OPTIONS,
): TimeLeftTracker {
  let state: RateState | undefined;
  return {
    observe(done, total) {
      state = state ? observeRate(state, now(), done, options) : startRate(now(), done);
      return timeLeftMs(state, total);
    },
    ratePerSecond: () => (state?.ratePerMs === undefined ? undefined : state.ratePerMs * 1000),
  };
}

/**
 * "about 2 min left", as a status line shows it: seconds to the nearest five under a minute,
 * minutes under an hour and a half, hours beyond. Under ten seconds it says "a few seconds".
 */
export function formatTimeLeft(ms: number): string {
  const { value, unit } = roundTimeLeft(ms);
  if (unit === 'few') return 'a few seconds left';
  return `about ${value} ${unit === 'second' ? 's' : unit === 'minute' ? 'min' : 'h'} left`;
}

/** The same in words for an accessible label: "About 2 minutes left". */
export function timeLeftLabel(ms: number): string {
  const { value, unit } = roundTimeLeft(ms);
  if (unit === 'few') return 'A few seconds left';
  return `About ${value} ${unit}${value === 1 ? '' : 's'} left`;
}

function roundTimeLeft(ms: number): { value: number; unit: 'few' | 'second' | 'minute' | 'hour' } {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 10) return { value: 0, unit: 'few' };
  if (seconds < 57.5) return { value: Math.round(seconds / 5) * 5, unit: 'second' };
  if (seconds < 90 * 60) return { value: Math.max(1, Math.round(seconds / 60)), unit: 'minute' };
  return { value: Math.round(seconds / 3600), unit: 'hour' };
}
