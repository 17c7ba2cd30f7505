/** What a failed undici `request` means for the retry policy, and how to say it to people. */
import type { TransportTimeouts } from './types';

/** An attempt that ended without an HTTP response. */
export interface AttemptError {
  type: 'error';
  kind: 'network' | 'timeout' | 'cancelled' | 'response-too-large';
  /** For the failure message, after the provider's name: "timed out after 100 ms". */
  detail: string;
  /** False when another attempt would fail the same way. */
  retry: boolean;
}

interface ErrorLike {
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  errors?: unknown;
}

const asErrorLike = (value: unknown): ErrorLike =>
  typeof value === 'object' && value !== null ? value : {};

/**
 * Refusals to build the request (an invalid header value, say a key pasted with a line
 * break): nothing was sent, and every attempt would be refused alike.
 */
const NOT_SENT = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
  'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_ARG_VALUE',
  'ERR_INVALID_CHAR',
  'ERR_INVALID_HTTP_TOKEN',
  'ERR_INVALID_URL',
]);

/** Sorts a failed request into cancelled, timeout and network, and says what happened. */
export function classifyRequestError(
  error: unknown,
  callerSignal: AbortSignal,
  timeoutSignal: AbortSignal,
  timeouts: TransportTimeouts,
): AttemptError {
  if (callerSignal.aborted) {
    return { type: 'error', kind: 'cancelled', detail: 'cancelled', retry: false };
  }
  if (timeoutSignal.aborted) {
    const detail = `timed out after ${timeouts.totalMs} ms`;
    return { type: 'error', kind: 'timeout', detail, retry: true };
  }
  // Some errors arrive wrapped (`{ cause }`); the code that says what happened is inside.
  const outer = asErrorLike(error);
  const cause = asErrorLike(outer.cause ?? error);
  const code = typeof cause.code === 'string' ? cause.code : undefined;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    const detail = `did not accept a connection within ${timeouts.connectMs} ms`;
    return { type: 'error', kind: 'timeout', detail, retry: true };
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return {
      type: 'error',
      kind: 'timeout',
      detail: 'timed out waiting for the server',
      retry: true,
    };
  }
  const detail = describe(cause) || describe(outer) || 'unknown network error';
  if (code !== undefined && NOT_SENT.has(code)) {
    return {
      type: 'error',
      kind: 'network',
      detail: `could not send the request: ${detail}`,
      retry: false,
    };
  }
  return { type: 'error', kind: 'network', detail: `could not be reached: ${detail}`, retry: true };
}

function describe(error: ErrorLike): string {
  const message = typeof error.message === 'string' ? error.message : '';
  const code = typeof error.code === 'string' ? error.code : '';
  // Happy-eyeballs connects fail with an AggregateError whose own message is empty.
  const inner = Array.isArray(error.errors) ? describe(asErrorLike(error.errors[0])) : '';
  const text = message || inner;
  if (!text) return code;
  return code && !text.includes(code) ? `${text} (${code})` : text;
}
