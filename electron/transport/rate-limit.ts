/**
 * Per-provider request limits: a token bucket for requests per minute and a FIFO semaphore
 * for requests in flight. Both waits are abortable, and both take their clock from the
 * caller so tests run in virtual time.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { RateLimit } from './types';

/** Rejects with the signal's reason when it aborts first. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export interface Clock {
  now: () => number;
  sleep: Sleep;
}

/** The real clock's sleep: a timer that the signal cancels. */
export const abortableSleep: Sleep = (ms, signal) => delay(ms, undefined, { signal });

/**
 * Requests per minute, refilled continuously. The bucket holds one second's worth (at least
 * one request) so a burst never exceeds what a per-second enforcement of the same limit would
 * accept, while steady traffic gets the full rate.
 *
 * A caller reserves a token on arrival (the count may go negative) and sleeps until its token
 * has accrued, which keeps waiters in arrival order without a queue. A cancelled waiter hands
 * its reservation back.
 */
export class TokenBucket {
  private tokens = 0;
  private capacity = 0;
  private perMs = 0;
  private last: number;

  constructor(
    requestsPerMinute: number,
    private readonly clock: Clock,
  ) {
    this.last = clock.now();
    this.setRate(requestsPerMinute);
    this.tokens = this.capacity;
  }

  /** Changes the rate in place; waiters already sleeping keep their reservation. */
  setRate(requestsPerMinute: number): void {
    this.refill();
    const rpm = Number.isFinite(requestsPerMinute) ? Math.max(0, requestsPerMinute) : 0;
    this.perMs = rpm / 60_000;
    this.capacity = Math.max(1, rpm / 60);
    this.tokens = Math.min(this.tokens, this.capacity);
  }

  /** Resolves when a request may start; 0 requests per minute means no limit. */
  async acquire(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    if (this.perMs === 0) return;
    this.refill();
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    try {
      await this.clock.sleep(Math.ceil(-this.tokens / this.perMs), signal);
      signal.throwIfAborted();
    } catch (error) {
      this.tokens += 1;
      throw error;
    }
  }

  private refill(): void {
    const now = this.clock.now();
    if (this.perMs > 0) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
    }
    this.last = now;
  }
}

/** At most `max` holders at once; waiters are served first come, first served. */
export class Semaphore {
  private active = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(private max: number) {}

  get inUse(): number {
    return this.active;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Changes the limit; raising it wakes waiters at once. Non-positive means unlimited. */
  setMax(max: number): void {
    this.max = max;
    this.pump();
  }

  /** Resolves with a release function (safe to call twice) once a slot is free. */
  async acquire(signal: AbortSignal): Promise<() => void> {
    signal.throwIfAborted();
    if (this.waiters.length === 0 && this.hasRoom()) {
      this.active += 1;
      return this.releaser();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal.removeEventListener('abort', onAbort);
        resolve(this.releaser());
      };
      const onAbort = () => {
        const index = this.waiters.indexOf(grant);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(grant);
    });
  }

  private hasRoom(): boolean {
    return !(this.max > 0) || this.active < this.max;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.pump();
    };
  }

  private pump(): void {
    while (this.waiters.length > 0 && this.hasRoom()) {
      this.active += 1;
      this.waiters.shift()?.();
    }
  }
}

/**
 * One provider's limits. A request first takes a concurrency slot, then a rate token, so the
 * token is spent the moment the request can actually go out.
 */
export class Limiter {
  private readonly bucket: TokenBucket;
  private readonly semaphore: Semaphore;
  private limit: RateLimit;

  constructor(limit: RateLimit, clock: Clock) {
    this.limit = { ...limit };
    this.bucket = new TokenBucket(limit.requestsPerMinute, clock);
    this.semaphore = new Semaphore(limit.concurrency);
  }

  /** Adopts new limits when the user changed them since the limiter was created. */
  update(limit: RateLimit): void {
    if (limit.requestsPerMinute !== this.limit.requestsPerMinute) {
      this.bucket.setRate(limit.requestsPerMinute);
    }
    if (limit.concurrency !== this.limit.concurrency) this.semaphore.setMax(limit.concurrency);
    this.limit = { ...limit };
  }

  /** Waits for a slot and a token; the returned function frees the slot. */
  async acquire(signal: AbortSignal): Promise<() => void> {
    const release = await this.semaphore.acquire(signal);
    try {
      await this.bucket.acquire(signal);
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }
}
