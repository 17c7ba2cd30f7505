import { describe, expect, it } from 'vitest';
import { Limiter, Semaphore, TokenBucket, type Clock } from './rate-limit';

/** Virtual time: sleeps resolve only when the test advances the clock. */
function virtualClock() {
  let time = 0;
  const timers: { at: number; resolve: () => void }[] = [];
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => time,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        signal.throwIfAborted();
        sleeps.push(ms);
        const timer = { at: time + ms, resolve };
        timers.push(timer);
        signal.addEventListener(
          'abort',
          () => {
            timers.splice(timers.indexOf(timer), 1);
            reject(signal.reason as Error);
          },
          { once: true },
        );
      }),
  };
  const advance = async (ms: number) => {
    time += ms;
    for (const timer of timers.filter((t) => t.at <= time)) {
      timers.splice(timers.indexOf(timer), 1);
      timer.resolve();
    }
    await settle();
  };
  return { clock, sleeps, advance };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Tracks whether a promise has settled yet, without awaiting it. */
function track<T>(promise: Promise<T>) {
  const state = { done: false, failed: false, value: undefined as T | undefined };
  promise.then(
    (value) => Object.assign(state, { done: true, value }),
    () => Object.assign(state, { done: true, failed: true }),
  );
  return state;
}

const never = new AbortController().signal;

describe('TokenBucket', () => {
  it('does not limit at 0 requests per minute', async () => {
    const { clock, sleeps } = virtualClock();
    const bucket = new TokenBucket(0, clock);
    for (let i = 0; i < 100; i += 1) await bucket.acquire(never);
    expect(sleeps).toEqual([]);
  });

  it('spaces requests evenly once the one-second burst is spent', async () => {
    const { clock, sleeps, advance } = virtualClock();
    const bucket = new TokenBucket(60, clock);
    const [a, b, c] = [0, 1, 2].map(() => track(bucket.acquire(never)));
    await settle();
    expect([a?.done, b?.done, c?.done]).toEqual([true, false, false]);
    expect(sleeps).toEqual([1000, 2000]);
    await advance(1000);
    expect([b?.done, c?.done]).toEqual([true, false]);
    await advance(1000);
    expect(c?.done).toBe(true);
  });

  it('allows a burst of one second’s worth', async () => {
    const { clock, sleeps } = virtualClock();
    const bucket = new TokenBucket(600, clock);
    for (let i = 0; i < 10; i += 1) await bucket.acquire(never);
    expect(sleeps).toEqual([]);
    void bucket.acquire(never);
    expect(sleeps).toEqual([100]);
  });

  it('refills continuously', async () => {
    const { clock, sleeps, advance } = virtualClock();
    const bucket = new TokenBucket(60, clock);
    await bucket.acquire(never);
    await advance(400);
    void bucket.acquire(never);
    expect(sleeps).toEqual([600]);
  });

  it('gives a cancelled waiter’s token back', async () => {
    const { clock, sleeps, advance } = virtualClock();
    const bucket = new TokenBucket(60, clock);
    await bucket.acquire(never);
    const controller = new AbortController();
    const waiting = track(bucket.acquire(controller.signal));
    controller.abort(new Error('cancelled'));
    await settle();
    expect(waiting).toMatchObject({ done: true, failed: true });
    await advance(1000);
    await bucket.acquire(never);
    expect(sleeps).toEqual([1000]);
  });

  it('rejects at once when already cancelled', async () => {
    const { clock } = virtualClock();
    await expect(new TokenBucket(60, clock).acquire(AbortSignal.abort())).rejects.toThrow();
  });
});

describe('Semaphore', () => {
  it('admits up to the limit and serves waiters first come, first served', async () => {
    const semaphore = new Semaphore(2);
    const order: number[] = [];
    const first = await semaphore.acquire(never);
    const second = await semaphore.acquire(never);
    const waiters = [3, 4, 5].map((n) =>
      semaphore.acquire(never).then((release) => {
        order.push(n);
        return release;
      }),
    );
    await settle();
    expect(order).toEqual([]);
    expect(semaphore.waiting).toBe(3);
    first();
    first(); // a second release of the same slot is ignored
    await settle();
    expect(order).toEqual([3]);
    second();
    (await waiters[0])?.();
    await settle();
    expect(order).toEqual([3, 4, 5]);
    expect(semaphore.inUse).toBe(2);
  });

  it('drops a cancelled waiter without giving it a slot', async () => {
    const semaphore = new Semaphore(1);
    const release = await semaphore.acquire(never);
    const controller = new AbortController();
    const cancelled = semaphore.acquire(controller.signal);
    const next = track(semaphore.acquire(never));
    controller.abort(new Error('cancelled'));
    await expect(cancelled).rejects.toThrow('cancelled');
    release();
    await settle();
    expect(next.done).toBe(true);
    expect(semaphore.inUse).toBe(1);
    expect(semaphore.waiting).toBe(0);
  });

  it('wakes waiters when the limit is raised; non-positive means unlimited', async () => {
    const semaphore = new Semaphore(1);
    await semaphore.acquire(never);
    const waiter = track(semaphore.acquire(never));
    semaphore.setMax(0);
    await settle();
    expect(waiter.done).toBe(true);
    await semaphore.acquire(never);
    expect(semaphore.inUse).toBe(3);
  });
});

describe('Limiter', () => {
  it('frees the concurrency slot when the wait for a token is cancelled', async () => {
    const { clock } = virtualClock();
    const limiter = new Limiter({ requestsPerMinute: 60, concurrency: 2 }, clock);
    const release = await limiter.acquire(never);
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    release();
    // Both slots are free again: two requests can take them (the rate limit aside).
    limiter.update({ requestsPerMinute: 0, concurrency: 2 });
    const both = [track(limiter.acquire(never)), track(limiter.acquire(never))];
    await settle();
    expect(both.map((state) => state.done)).toEqual([true, true]);
  });

  it('adopts a changed rate', async () => {
    const { clock, sleeps } = virtualClock();
    const limiter = new Limiter({ requestsPerMinute: 60, concurrency: 4 }, clock);
    (await limiter.acquire(never))();
    limiter.update({ requestsPerMinute: 120, concurrency: 4 });
    void limiter.acquire(never);
    await settle();
    expect(sleeps).toEqual([500]);
  });
});
