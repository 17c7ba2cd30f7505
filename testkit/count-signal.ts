/**
 * A count a test can wait on instead of polling or sleeping: the loopback servers call
 * `changed()` when they record a request, and a test awaits `reached(n)` before it acts.
 */
export interface CountSignal {
  /** Call after the count may have grown. */
  changed: () => void;
  /** Resolves once the count is at least `n` (at once if it is already). Safe to pass around. */
  reached: (n: number) => Promise<void>;
}

/** `current` reads the count (e.g. a recorded-requests array's length, which a reset clears). */
export function countSignal(current: () => number): CountSignal {
  const waiting: { n: number; resolve: () => void }[] = [];
  return {
    changed: () => {
      for (let i = waiting.length - 1; i >= 0; i--) {
        if (current() >= waiting[i]!.n) waiting.splice(i, 1)[0]!.resolve();
      }
    },
    reached: (n) =>
      new Promise((resolve) => {
        if (current() >= n) resolve();
        else waiting.push({ n, resolve });
      }),
  };
}
