/**
 * The one HTTP transport every provider adapter goes through: timeouts, cancel, retries with
 * backoff, Retry-After, per-provider rate and concurrency limits, and a wire record of every
 * attempt with credentials masked. Adapters never touch the network themselves.
 */
import type { EncodedBody } from './body';
import type { WireExchange } from '../../shared/contract/schemas';

export interface TransportTimeouts {
  /** Time to establish the TCP/TLS connection. Default 10 s. */
  connectMs: number;
  /** Time for the whole attempt: connect, send, wait, read the body. Default 60 s. */
  totalMs: number;
}

export interface RetryPolicy {
  /** Retries after the first attempt (default 3, never more than 3). */
  maxRetries: number;
  /** Full-jitter exponential backoff: sleep = random(0, min(capMs, baseMs · 2^retry)). */
  baseDelayMs: number;
  capDelayMs: number;
  /** A Retry-After longer than this fails the call with the provider's message. Default 60 s. */
  maxRetryAfterMs: number;
}

export interface RateLimit {
  /** Requests per minute; 0 means no limit. */
  requestsPerMinute: number;
  /** Requests in flight at once. */
  concurrency: number;
}

export interface TransportRequest {
  /** Which provider this is for: names the limiter and appears in errors. */
  provider: string;
  /** Limiter bucket: requests with the same key share one rate and concurrency limit. */
  limiterKey: string;
  rateLimit: RateLimit;
  method: 'POST' | 'GET';
  url: string;
  headers: Record<string, string>;
  /** JSON text, or the same already encoded (see {@link EncodedBody}). */
  body: string | EncodedBody;
  timeouts?: Partial<TransportTimeouts>;
  retry?: Partial<RetryPolicy>;
  signal: AbortSignal;
  /**
   * Called before every attempt with the final URL, headers and body; returns headers to add.
   * SigV4 signs here, because a signature carries the time and must be fresh per attempt.
   */
  sign?: (request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body: string;
  }) => Promise<Record<string, string>>;
  /** Values that must never appear in the wire record (keys, tokens, secrets). */
  secrets: readonly string[];
  /**
   * How the request body is redacted for the wire record. `known-values` masks only the
   * `secrets` above: for bodies built from schema-checked, secret-free settings plus user
   * documents, where the pattern passes cost milliseconds per large body and find nothing.
   * Default `full`.
   */
  requestBodyRedaction?: 'full' | 'known-values';
}

export interface TransportSuccess {
  ok: true;
  status: number;
  headers: Record<string, string>;
  /** The response body text (parse it with the adapter). */
  body: string;
  attempts: number;
  wire: WireExchange[];
}

export type TransportFailureKind =
  /** An HTTP status the policy does not retry (4xx), or retries ran out (429/5xx). */
  | 'http'
  /** Could not connect, connection reset, DNS failure: retried, then this. */
  | 'network'
  | 'timeout'
  | 'cancelled'
  /** Retry-After asked for longer than the policy allows. */
  | 'retry-after-too-long'
  /** The response body was over the transport's cap; not retried (it would be again). */
  | 'response-too-large';

export interface TransportFailure {
  ok: false;
  kind: TransportFailureKind;
  /** For people: names the provider and what happened; no secret ever. */
  message: string;
  status?: number;
  /** The response body of the last attempt, for the adapter to extract the provider's message. */
  body?: string;
  attempts: number;
  wire: WireExchange[];
}

export type TransportResult = TransportSuccess | TransportFailure;

export interface Transport {
  send(request: TransportRequest): Promise<TransportResult>;
}
