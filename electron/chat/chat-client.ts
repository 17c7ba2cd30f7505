/**
 * One chat turn to an LLM through the shared transport, so it gets the same timeouts,
 * retries, rate limits, cancel and masked wire records as every rerank call.
 *
 * Failures come back as data ({@link ChatResult}): transport failures keep the transport's
 * message (code `upstream`, or `cancelled`), HTTP errors carry the provider's own
 * explanation and the status, and a 200 that cannot be read says which backend and what was
 * missing. The key travels only as a header: it is a transport `secret`, so the wire record
 * and every message mask it.
 */
import type { CurlAuth, WireExchange } from '../../shared/contract/schemas';
import { redactText } from '../../shared/security/redact';
import type { AppError, ErrorCode } from '../../shared/util/result';
import { noteSecrets } from '../secrets/log-redaction';
import type { Transport, TransportFailure } from '../transport/types';
import type { ChatRequest, ChatResult, LlmEndpoint } from './types';
import { buildRequest, credentialHeaders, errorDetail, parseAnswer } from './wire-format';

export interface ChatClient {
  chat(endpoint: LlmEndpoint, request: ChatRequest): Promise<ChatResult>;
}

export function createChatClient(transport: Transport): ChatClient {
  return { chat: (endpoint, request) => chat(transport, endpoint, request) };
}

interface Exchange {
  wire: WireExchange[];
  calls: number;
  retries: number;
}

async function chat(
  transport: Transport,
  endpoint: LlmEndpoint,
  request: ChatRequest,
): Promise<ChatResult> {
  const secrets = endpoint.apiKey ? [endpoint.apiKey] : [];
  noteSecrets(secrets);
  const fail = (code: ErrorCode, message: string, exchange: Exchange): ChatResult => ({
    ok: false,
    error: { code, message: redactText(message, secrets) },
    ...exchange,
  });
  const nothingSent: Exchange = { wire: [], calls: 0, retries: 0 };

  const invalid = checkInput(endpoint, request);
  if (invalid !== undefined) return fail('invalid_request', invalid, nothingSent);
  const base = baseOf(endpoint);
  const label = `${endpoint.backend} ${endpoint.model} at ${new URL(base).host}`;

  const built = buildRequest(base, endpoint, request);
  const credential = credentialHeaders(endpoint.backend, endpoint.apiKey);
  const result = await transport.send({
    provider: label,
    limiterKey: `llm ${endpoint.backend} ${new URL(built.url).origin}`,
    rateLimit: endpoint.rateLimit,
    method: 'POST',
    url: built.url,
    headers: { ...built.headers, ...credential.headers },
    body: JSON.stringify(built.body),
    timeouts: endpoint.timeouts,
    retry: endpoint.retry,
    signal: request.signal,
    secrets,
    // The body is built from the request's own fields and the caller's messages; no
    // credential field is in it, so only a known key value (pasted into a prompt) can be.
    requestBodyRedaction: 'known-values',
  });
  const exchange: Exchange = {
    wire: withCurlAuth(result.wire, credential.curl),
    calls: result.attempts,
    retries: Math.max(0, result.attempts - 1),
  };
  if (!result.ok) {
    const error = transportError(label, result);
    return fail(error.code, error.message, exchange);
  }

  let json: unknown;
  try {
    json = JSON.parse(result.body);
  } catch {
    return fail(
      'upstream',
      `${label} answered ${result.status} with a body that is not JSON`,
      exchange,
    );
  }
  const parsed = parseAnswer(endpoint.backend, json, request);
  if (!parsed.ok) return fail('upstream', `${label} ${parsed.problem}`, exchange);
  // The answer is the backend's text: it can hold anything the backend was sent, the key in
  // its headers included (a proxy echoing the request, a model told to repeat it). Strategies
  // quote answers in messages that are shown, sent and saved, so it is redacted here, as the
  // wire inspector redacts the response body.
  const warnings = [
    ...built.warnings,
    ...(parsed.answer.warnings ?? []).map((warning) => redactText(warning, secrets)),
  ];
  const answer = { ...parsed.answer, text: redactText(parsed.answer.text, secrets) };
  if (warnings.length > 0) answer.warnings = warnings;
  return { ok: true, answer, ...exchange };
}

/** What is wrong with the endpoint or the request before anything is sent, if anything. */
function checkInput(endpoint: LlmEndpoint, request: ChatRequest): string | undefined {
  let protocol: string | undefined;
  try {
    protocol = new URL(baseOf(endpoint)).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    return `the ${endpoint.backend} LLM endpoint's base URL is not an http(s) URL: "${endpoint.baseUrl}"`;
  }
  if (endpoint.model.trim() === '') return `the ${endpoint.backend} LLM endpoint names no model`;
  if (request.messages.length === 0) return 'the chat request has no messages';
  if (
    endpoint.backend === 'anthropic' &&
    request.messages.every((message) => message.role === 'system')
  ) {
    return 'the chat request has only system messages; anthropic needs a user message';
  }
  return undefined;
}

/** The base URL without surrounding blanks and trailing slashes. */
const baseOf = (endpoint: LlmEndpoint): string => endpoint.baseUrl.trim().replace(/\/+$/, '');

function transportError(label: string, failure: TransportFailure): AppError {
  if (failure.kind === 'cancelled') return { code: 'cancelled', message: failure.message };
  if (failure.kind === 'http' && failure.status !== undefined) {
    const detail = failure.body ? errorDetail(failure.body) : undefined;
    if (detail !== undefined) {
      const attempts = failure.attempts > 1 ? ` (${failure.attempts} attempts)` : '';
      return {
        code: 'upstream',
        message: `${label} answered ${failure.status}: ${detail}${attempts}`,
      };
    }
  }
  // Timeouts, network errors, a Retry-After too long: the transport's message says it well.
  return { code: 'upstream', message: failure.message };
}

function withCurlAuth(wire: WireExchange[], curl: CurlAuth | undefined): WireExchange[] {
  return curl ? wire.map((exchange) => ({ ...exchange, curlAuth: curl })) : wire;
}
