/**
 * The retry policy as pure functions: defaults, which outcomes are worth another attempt,
 * full-jitter backoff and Retry-After.
 */
import type { RetryPolicy, TransportTimeouts } from './types';

/** Callers may ask for fewer retries, never more: a rerank is one click, not a batch job. */
export const MAX_RETRIES = 3;

export const DEFAULT_TIMEOUTS: TransportTimeouts = { connectMs: 10_000, totalMs: 60_000 };

export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: MAX_RETRIES,
  baseDelayMs: 500,
  capDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

const nonNegative = (value: number | undefined, fallback: number): number =>
  value !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;

const positive = (value: number | undefined, fallback: number): number =>
  value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;

/** Fills in defaults and clamps `maxRetries` to 0–3. */
export function resolveRetryPolicy(retry: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    maxRetries: Math.min(
      MAX_RETRIES,
      Math.floor(nonNegative(retry.maxRetries, DEFAULT_RETRY.maxRetries)),
    ),
    baseDelayMs: nonNegative(retry.baseDelayMs, DEFAULT_RETRY.baseDelayMs),
    capDelayMs: nonNegative(retry.capDelayMs, DEFAULT_RETRY.capDelayMs),
    maxRetryAfterMs: nonNegative(retry.maxRetryAfterMs, DEFAULT_RETRY.maxRetryAfterMs),
  };
}

export function resolveTimeouts(timeouts: Partial<TransportTimeouts> = {}): TransportTimeouts {
  return {
    connectMs: positive(timeouts.connectMs, DEFAULT_TIMEOUTS.connectMs),
    totalMs: positive(timeouts.totalMs, DEFAULT_TIMEOUTS.totalMs),
  };
}

/**
 * 408, 429 and every 5xx may succeed on a later attempt; other 4xx will fail the same way
 * again (bad request, bad key, unknown model), so retrying them only burns quota.
 */
export function isRetryableStatus(status: number): boolean {
  // 501 Not Implemented and 505 HTTP Version Not Supported say the server will never do it:
  // retrying only delays the caller (vLLM's fallback to /rerank, for one).
  if (status === 501 || status === 505) return false;
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/** Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"). */
export function backoffDelayMs(retryIndex: number, policy: RetryPolicy, random: () => number) {
  const ceiling = Math.min(policy.capDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  return Math.max(0, Math.min(1, random())) * ceiling;
}

/**
 * How long the server asked us to wait, in ms, or `undefined` if it did not say (or said
 * something unparseable). Reads `Retry-After` (delta-seconds or HTTP-date) and, first, the
 * millisecond `retry-after-ms` that OpenAI-style APIs send.
 */
export function retryAfterMs(
  /** Lower-case names, as the transport records them. */
  headers: Readonly<Record<string, string>>,
  now: number,
): number | undefined {
  const ms = headers['retry-after-ms']?.trim();
  if (ms && /^\d+(?:\.\d+)?$/.test(ms)) return Number(ms);
  const value = headers['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
