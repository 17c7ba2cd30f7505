/**
 * Admission control for the server: at most `concurrency` reranks run at once and at most
 * `queue` wait; past that a request is refused at once (429 with Retry-After) rather than
 * piling up memory and latency until everything times out.
 */

export interface Admission {
  /** Resolves with a release function when the request may run; undefined when full. */
  enter(): Promise<() => void> | undefined;
  /** Running plus waiting. */
  readonly load: number;
  /** Resolves when nothing is running or waiting. */
  idle(): Promise<void>;
}

export function createAdmission(concurrency: number, queue: number): Admission {
  let running = 0;
  const waiting: (() => void)[] = [];
  let idleWaiters: (() => void)[] = [];

  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else {
      running--;
      if (running === 0) {
        for (const resolve of idleWaiters) resolve();
        idleWaiters = [];
      }
    }
  };
  const once = () => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      release();
    };
  };

  return {
    enter() {
      if (running < concurrency) {
        running++;
        return Promise.resolve(once());
      }
      if (waiting.length >= queue) return undefined;
      return new Promise((resolve) => waiting.push(() => resolve(once())));
    },
    get load() {
      return running + waiting.length;
    },
    idle() {
      return running === 0
        ? Promise.resolve()
        : new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
