/**
 * Long CPU work in the host process is sliced so the event loop keeps serving IPC/HTTP and a
 * cancel request is noticed between slices.
 */
import { setImmediate as yieldOnce } from 'node:timers/promises';

export async function yieldToEventLoop(signal?: AbortSignal): Promise<void> {
  await yieldOnce();
  signal?.throwIfAborted();
}

/** Maps `items` in slices of `sliceSize`, yielding between slices. */
export async function mapInSlices<T, R>(
  items: readonly T[],
  fn: (item: T, index: number) => R,
  signal: AbortSignal,
  sliceSize = 500,
): Promise<R[]> {
  const out: R[] = [];
  for (let start = 0; start < items.length; start += sliceSize) {
    const end = Math.min(items.length, start + sliceSize);
    for (let i = start; i < end; i++) out.push(fn(items[i]!, i));
    if (end < items.length) await yieldToEventLoop(signal);
  }
  return out;
}

/** Rejects with the signal's reason as soon as it aborts, whatever `promise` is doing. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(String(reason));
}
