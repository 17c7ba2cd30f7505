/**
 * The HTTP implementation of {@link Transport} on undici.
 *
 * Behaviour in short (README-level decisions, kept next to the code that makes them):
 * - Retried: network errors, timeouts, 408, 429 and 5xx; at most 3 retries. A total timeout is
 *   retried like a network error because rerank calls are read-only and the usual cause is a
 *   cold or overloaded endpoint; the caller can cancel at any time.
 * - Never retried: other 4xx, 3xx (redirects are not followed: a SigV4 signature or a key must
 *   not silently travel to another URL), and requests that could not be built.
 * - Retry-After overrides the backoff; one longer than the policy allows ends the call at once.
 * - Every attempt takes a rate token and a concurrency slot; the slot is free during backoff.
 * - A `sign` hook that throws is an adapter bug: the exception propagates (the slot is freed).
 * - A response body over {@link DEFAULT_MAX_RESPONSE_BYTES} (or the configured cap) is not read
 *   into memory: the attempt fails at once, naming the cap, and is not retried. Any base URL a
 *   user types is a server that could answer gigabytes.
 */
import { STATUS_CODES } from 'node:http';
import { Agent, request as undiciRequest } from 'undici';
import type { WireExchange } from '../../shared/contract/schemas';
import { redactHeaders, redactText } from '../../shared/security/redact';
import {
  backoffDelayMs,
  isRetryableStatus,
  resolveRetryPolicy,
  resolveTimeouts,
  retryAfterMs,
} from './policy';
import { classifyRequestError, type AttemptError } from './request-errors';
import { providerMessage } from './provider-message';
import { abortableSleep, Limiter, type Sleep } from './rate-limit';
import type {
  Transport,
  TransportFailure,
  TransportFailureKind,
  TransportRequest,
  TransportResult,
  TransportTimeouts,
} from './types';
import { formatBytes } from '../../shared/util/unicode';
import { headersToRecord, mergeHeaders, wireBody } from './wire';
import { encodeBody, type EncodedBody } from './body';

export interface HttpTransportOptions {
  /** Epoch milliseconds; durations, Retry-After dates and rate limits read it. */
  now?: () => number;
  /** In [0, 1); drives the backoff jitter. */
  random?: () => number;
  /** Must reject when the signal aborts. */
  sleep?: Sleep;
  /** Bodies in the wire record are cut to this many UTF-8 bytes. Default 256 KiB. */
  maxWireBodyBytes?: number;
  /** Response bodies over this many bytes fail the call. Default {@link DEFAULT_MAX_RESPONSE_BYTES}. */
  maxResponseBytes?: number;
}

/**
 * 16 MiB: a rerank of 10,000 documents returned with their text, or an LLM's longest answer,
 * is a few MiB at most; the cap only stops a server that never stops sending.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** The environment variable hosts read the cap from, in MiB. */
export const MAX_RESPONSE_ENV = 'RERANK_STUDIO_MAX_RESPONSE_MB';

/**
 * The cap from {@link MAX_RESPONSE_ENV}, or the default when unset. Throws a message naming the
 * variable when it is set to something that is not a positive number.
 */
export function maxResponseBytesFromEnv(env: Readonly<Record<string, string | undefined>>): number {
  const value = env[MAX_RESPONSE_ENV]?.trim();
  if (value === undefined || value === '') return DEFAULT_MAX_RESPONSE_BYTES;
  const mb = Number(value);
  if (!(mb > 0 && mb <= 4096)) {
    throw new RangeError(
      `${MAX_RESPONSE_ENV} must be a number of MiB above 0, at most 4096 (got "${value}")`,
    );
  }
  return Math.round(mb * 1024 * 1024);
}

class ResponseTooLarge extends Error {}

/**
 * Reads a body up to `cap` bytes. A declared Content-Length over it fails before reading; a
 * body that grows past it (chunked, or lying about its length) fails as soon as it does, and
 * the connection is dropped rather than drained.
 */
async function readCapped(
  body: AsyncIterable<Buffer> & { destroy(error?: Error): unknown },
  declared: string | string[] | undefined,
  cap: number,
): Promise<string> {
  const length = Number(Array.isArray(declared) ? declared[0] : declared);
  if (Number.isFinite(length) && length > cap) {
    body.destroy();
    throw new ResponseTooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > cap) {
      body.destroy();
      throw new ResponseTooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/** A {@link Transport} that owns connection pools. */
export interface HttpTransport extends Transport {
  /** Closes pooled connections (shutdown, tests). In-flight requests are not waited for. */
  close(): Promise<void>;
}

type Attempt =
  | {
      type: 'response';
      status: number;
      statusText: string;
      headers: Record<string, string>;
      body: string;
    }
  | AttemptError;

/** Creates a transport; limiters and connection pools live as long as it does. */
export function createHttpTransport(options: HttpTransportOptions = {}): HttpTransport {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  const maxWireBodyBytes = options.maxWireBodyBytes ?? 256 * 1024;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const agents = new Map<number, Agent>();
  const limiters = new Map<string, Limiter>();

  const agentFor = (connectMs: number): Agent => {
    let agent = agents.get(connectMs);
    if (!agent) {
      agent = new Agent({ connect: { timeout: connectMs } });
      agents.set(connectMs, agent);
    }
    return agent;
  };

  const limiterFor = (request: TransportRequest): Limiter => {
    const existing = limiters.get(request.limiterKey);
    if (existing) {
      existing.update(request.rateLimit);
      return existing;
    }
    const limiter = new Limiter(request.rateLimit, { now, sleep });
    limiters.set(request.limiterKey, limiter);
    return limiter;
  };

  async function attemptOnce(
    request: TransportRequest,
    encoded: EncodedBody,
    attempt: number,
    timeouts: TransportTimeouts,
  ): Promise<{ outcome: Attempt; record: WireExchange }> {
    // A GET carries no body; the signature must cover exactly what is sent.
    const body = request.method === 'GET' ? '' : encoded.text;
    const signed = request.sign
      ? await request.sign({
          method: request.method,
          url: request.url,
          headers: { ...request.headers },
          body,
        })
      : {};
    const headers = mergeHeaders(request.headers, signed);
    const requestBody = wireBody(
      body,
      request.secrets,
      maxWireBodyBytes,
      request.requestBodyRedaction,
      request.method === 'GET' ? 0 : encoded.bytes.length,
    );
    const record: WireExchange = {
      attempt,
      method: request.method,
      url: redactText(request.url, request.secrets),
      requestHeaders: redactHeaders(headers, request.secrets),
      requestBody: requestBody.text,
      durationMs: 0,
    };
    const timeoutSignal = AbortSignal.timeout(timeouts.totalMs);
    const started = now();
    let outcome: Attempt;
    let status: number | undefined;
    try {
      // undici's `request`, not `fetch`: no WHATWG stream and Request/Response objects
      // between us and the socket, about 1 ms less per 1,000-document call. It follows no
      // redirects, as a signed or keyed request must not.
      const response = await undiciRequest(request.url, {
        method: request.method,
        headers,
        body: request.method === 'GET' ? undefined : encoded.bytes,
        signal: AbortSignal.any([request.signal, timeoutSignal]),
        dispatcher: agentFor(timeouts.connectMs),
      });
      status = response.statusCode;
      record.status = status;
      record.responseHeaders = redactHeaders(headersToRecord(response.headers), request.secrets);
      const text = await readCapped(
        response.body,
        response.headers['content-length'],
        maxResponseBytes,
      );
      const responseHeaders = headersToRecord(response.headers);
      outcome = {
        type: 'response',
        status: response.statusCode,
        statusText: STATUS_CODES[response.statusCode] ?? '',
        headers: responseHeaders,
        body: text,
      };
      const responseBody = wireBody(text, request.secrets, maxWireBodyBytes);
      record.status = response.statusCode;
      record.responseHeaders = redactHeaders(responseHeaders, request.secrets);
      record.responseBody = responseBody.text;
      if (requestBody.truncated || responseBody.truncated) record.truncated = true;
    } catch (error) {
      outcome =
        error instanceof ResponseTooLarge
          ? {
              type: 'error',
              kind: 'response-too-large',
              detail: `answered ${status} with a body over the ${formatBytes(maxResponseBytes)} cap on responses; it was not read (${MAX_RESPONSE_ENV} sets the cap)`,
              retry: false,
            }
          : classifyRequestError(error, request.signal, timeoutSignal, timeouts);
      record.error = redactText(outcome.detail, request.secrets);
      if (requestBody.truncated) record.truncated = true;
    }
    record.durationMs = Math.max(0, now() - started);
    return { outcome, record };
  }

  async function send(request: TransportRequest): Promise<TransportResult> {
    const policy = resolveRetryPolicy(request.retry);
    const timeouts = resolveTimeouts(request.timeouts);
    const wire: WireExchange[] = [];
    const fail = (
      kind: TransportFailureKind,
      message: string,
      extra: Partial<TransportFailure> = {},
    ) =>
      ({
        ok: false,
        kind,
        message: redactText(`${request.provider} ${message}`, request.secrets),
        attempts: wire.length,
        wire,
        ...extra,
      }) satisfies TransportFailure;
    const cancelled = () => fail('cancelled', 'request was cancelled');

    if (!isHttpUrl(request.url)) return fail('network', `has an invalid URL: ${request.url}`);
    const limiter = limiterFor(request);
    const encoded = encodeBody(request.body);

    for (let attempt = 1; ; attempt += 1) {
      let release: () => void;
      try {
        release = await limiter.acquire(request.signal);
      } catch (error) {
        if (request.signal.aborted) return cancelled();
        throw error;
      }
      let result: Awaited<ReturnType<typeof attemptOnce>>;
      try {
        result = await attemptOnce(request, encoded, attempt, timeouts);
      } finally {
        release();
      }
      const { outcome, record } = result;
      wire.push(record);
      const retriesLeft = attempt <= policy.maxRetries;
      const after = attempt > 1 ? ` (${attempt} attempts)` : '';

      if (outcome.type === 'error') {
        if (outcome.kind === 'cancelled') return cancelled();
        if (!outcome.retry || !retriesLeft) return fail(outcome.kind, `${outcome.detail}${after}`);
      } else if (outcome.status >= 200 && outcome.status <= 299) {
        return {
          ok: true,
          status: outcome.status,
          headers: outcome.headers,
          body: outcome.body,
          attempts: attempt,
          wire,
        };
      } else {
        const explanation = providerMessage(outcome.body) ?? outcome.statusText;
        const answered = `answered ${outcome.status}${explanation ? `: ${explanation}` : ''}`;
        const details = { status: outcome.status, body: redactText(outcome.body, request.secrets) };
        if (!isRetryableStatus(outcome.status) || !retriesLeft) {
          return fail('http', `${answered}${after}`, details);
        }
        const waitMs = retryAfterMs(outcome.headers, now());
        if (waitMs !== undefined && waitMs > policy.maxRetryAfterMs) {
          const asked = `asked to retry after ${seconds(waitMs)}, more than the ${seconds(policy.maxRetryAfterMs)} allowed`;
          return fail('retry-after-too-long', `${answered} (${asked})`, details);
        }
        if (waitMs !== undefined) {
          if (!(await pause(waitMs, request.signal))) return cancelled();
          continue;
        }
      }
      if (!(await pause(backoffDelayMs(attempt - 1, policy, random), request.signal))) {
        return cancelled();
      }
    }
  }

  /** False if the caller cancelled during the pause. */
  async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
    try {
      await sleep(ms, signal);
    } catch (error) {
      if (signal.aborted) return false;
      throw error;
    }
    return !signal.aborted;
  }

  return {
    send,
    async close() {
      const open = [...agents.values()];
      agents.clear();
      await Promise.all(open.map((agent) => agent.close()));
    },
  };
}

function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
