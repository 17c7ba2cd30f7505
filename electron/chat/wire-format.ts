/**
 * The two chat wire formats, as pure functions: the request each backend expects and how to
 * read its answer and its error bodies.
 *
 * OpenAI Chat Completions (and the servers that copy it: Ollama, vLLM, LM Studio):
 *   POST {base}/chat/completions, `Authorization: Bearer <key>`,
 *   body {model, messages, temperature, max_tokens, logprobs?, top_logprobs?, response_format?};
 *   answer {choices: [{message: {content, refusal}, finish_reason, logprobs: {content: [{token,
 *   logprob, top_logprobs: [{token, logprob}]}]}}], usage: {prompt_tokens, completion_tokens,
 *   total_tokens}}; errors {error: {message, type, param, code}}.
 * Anthropic Messages (anthropic-version 2023-06-01):
 *   POST {base}/v1/messages, `x-api-key: <key>`, body {model, max_tokens, system?, messages
 *   (user/assistant only), temperature}; answer {content: [{type: 'text', text}], stop_reason,
 *   usage: {input_tokens, output_tokens}}; errors {type: 'error', error: {type, message}}.
 */
import type { CurlAuth, Usage } from '../../shared/contract/schemas';
import { providerMessage } from '../transport/provider-message';
import type { ChatAnswer, ChatRequest, LlmBackend, LlmEndpoint, TokenLogprob } from './types';

export const ANTHROPIC_VERSION = '2023-06-01';

const MAX_DETAIL_CHARS = 300;

export interface BuiltRequest {
  url: string;
  /** Without credentials: the caller adds those (see {@link credentialHeaders}). */
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** Asked for and not available from this backend. */
  warnings: string[];
}

/** `base` is the endpoint's base URL without trailing slashes. */
export function buildRequest(base: string, endpoint: LlmEndpoint, request: ChatRequest) {
  return endpoint.backend === 'anthropic'
    ? buildAnthropic(base, endpoint, request)
    : buildOpenAi(base, endpoint, request);
}

function buildOpenAi(base: string, endpoint: LlmEndpoint, request: ChatRequest): BuiltRequest {
  const body: Record<string, unknown> = {
    model: endpoint.model,
    messages: request.messages.map(({ role, content }) => ({ role, content })),
    temperature: request.temperature,
  };
  // OpenAI deprecated `max_tokens` and its reasoning models refuse it; the servers that copy its
  // API (Ollama, vLLM, LM Studio, …) know `max_tokens` and not always the new name.
  body[isOpenAi(base) ? 'max_completion_tokens' : 'max_tokens'] = request.maxTokens;
  if (request.topLogprobs !== undefined) {
    body.logprobs = true;
    body.top_logprobs = request.topLogprobs;
  }
  if (request.json) body.response_format = { type: 'json_object' };
  return {
    url: `${base}/chat/completions`,
    headers: { 'content-type': 'application/json' },
    body,
    warnings: [],
  };
}

function isOpenAi(base: string): boolean {
  try {
    return new URL(base).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}

function buildAnthropic(base: string, endpoint: LlmEndpoint, request: ChatRequest): BuiltRequest {
  const system = request.messages
    .filter((message) => message.role === 'system')
    .map((message) => message.content)
    .join('\n\n');
  const body: Record<string, unknown> = { model: endpoint.model, max_tokens: request.maxTokens };
  if (system !== '') body.system = system;
  body.messages = request.messages
    .filter((message) => message.role !== 'system')
    .map(({ role, content }) => ({ role, content }));
  body.temperature = request.temperature;
  const warnings =
    request.topLogprobs !== undefined
      ? ['anthropic returns no log-probabilities; topLogprobs was ignored']
      : [];
  // A base that already ends in the version path (a common paste) must not get it twice.
  const root = base.endsWith('/v1') ? base.slice(0, -'/v1'.length) : base;
  return {
    url: `${root}/v1/messages`,
    headers: { 'content-type': 'application/json', 'anthropic-version': ANTHROPIC_VERSION },
    body,
    warnings,
  };
}

/** The credential header for a key, and how "Copy as curl" writes it. */
export function credentialHeaders(
  backend: LlmBackend,
  apiKey: string | undefined,
): { headers: Record<string, string>; curl: CurlAuth | undefined } {
  if (!apiKey) return { headers: {}, curl: undefined };
  return backend === 'anthropic'
    ? {
        headers: { 'x-api-key': apiKey },
        curl: { credentialHeaders: { 'x-api-key': '$ANTHROPIC_API_KEY' } },
      }
    : {
        headers: { authorization: `Bearer ${apiKey}` },
        curl: { credentialHeaders: { authorization: 'Bearer $OPENAI_API_KEY' } },
      };
}

/** What the answer was read as, or why it could not be: a phrase following the endpoint's name. */
export type ParsedAnswer = { ok: true; answer: ChatAnswer } | { ok: false; problem: string };

export function parseAnswer(
  backend: LlmBackend,
  json: unknown,
  request: ChatRequest,
): ParsedAnswer {
  if (!isRecord(json)) return { ok: false, problem: 'answered with JSON that is not an object' };
  const error = errorIn(json);
  if (error !== undefined) return { ok: false, problem: `answered with an error: ${error}` };
  return backend === 'anthropic' ? parseAnthropic(json) : parseOpenAi(json, request);
}

function parseOpenAi(json: Record<string, unknown>, request: ChatRequest): ParsedAnswer {
  const choice: unknown = Array.isArray(json.choices) ? json.choices[0] : undefined;
  if (!isRecord(choice)) return { ok: false, problem: 'answered without choices[0]' };
  const message = choice.message;
  if (!isRecord(message)) return { ok: false, problem: 'answered without choices[0].message' };
  const finishReason = nonEmpty(choice.finish_reason);
  const finished = finishReason ? ` (finish_reason: ${finishReason})` : '';
  const refusal = nonEmpty(message.refusal);
  if (refusal !== undefined) {
    return { ok: false, problem: `declined to answer: ${clip(refusal)}` };
  }
  const text = contentText(message.content);
  if (text === undefined) {
    return { ok: false, problem: `answered without choices[0].message.content${finished}` };
  }
  if (text.trim() === '') return { ok: false, problem: `answered with empty content${finished}` };

  const answer: ChatAnswer = { text, usage: openAiUsage(json.usage) };
  if (finishReason !== undefined) answer.finishReason = finishReason;
  if (request.topLogprobs !== undefined) {
    const logprobs = isRecord(choice.logprobs) ? tokenLogprobs(choice.logprobs.content) : [];
    if (logprobs.length > 0) answer.logprobs = logprobs;
    else answer.warnings = ['the server returned no log-probabilities for the answer'];
  }
  return { ok: true, answer };
}

function parseAnthropic(json: Record<string, unknown>): ParsedAnswer {
  if (!Array.isArray(json.content))
    return { ok: false, problem: 'answered without a content array' };
  const stopReason = nonEmpty(json.stop_reason);
  const stopped = stopReason ? ` (stop_reason: ${stopReason})` : '';
  const texts = (json.content as unknown[])
    .filter((block) => isRecord(block) && block.type === 'text' && typeof block.text === 'string')
    .map((block) => (block as { text: string }).text);
  const text = texts.join('');
  if (stopReason === 'refusal') {
    return { ok: false, problem: `declined to answer${text.trim() ? `: ${clip(text)}` : stopped}` };
  }
  if (texts.length === 0) {
    return { ok: false, problem: `answered without a text block in content${stopped}` };
  }
  if (text.trim() === '') return { ok: false, problem: `answered with empty text${stopped}` };
  const answer: ChatAnswer = { text, usage: anthropicUsage(json.usage) };
  if (stopReason !== undefined) answer.finishReason = stopReason;
  return { ok: true, answer };
}

/** The provider's explanation in an error body, or undefined when it gives none. */
export function errorDetail(body: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return providerMessage(body);
  }
  return (isRecord(json) ? errorIn(json) : undefined) ?? providerMessage(body);
}

/** OpenAI `{error: {message, code}}`, Anthropic `{type: 'error', error: {type, message}}`. */
function errorIn(json: Record<string, unknown>): string | undefined {
  const error = json.error;
  if (typeof error === 'string') return nonEmpty(error) !== undefined ? clip(error) : undefined;
  if (!isRecord(error)) return undefined;
  const message = nonEmpty(error.message);
  if (message === undefined) return undefined;
  // Anthropic's type says what kind of failure it was (overloaded_error, authentication_error).
  const kind = json.type === 'error' ? nonEmpty(error.type) : undefined;
  return clip(kind ? `${kind}: ${message}` : message);
}

/** A string, or the text parts of a content-part array (some compatible servers send one). */
function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const parts = content
    .filter((part) => isRecord(part) && typeof part.text === 'string')
    .map((part) => (part as { text: string }).text);
  return parts.length > 0 ? parts.join('') : undefined;
}

function tokenLogprobs(content: unknown): TokenLogprob[] {
  if (!Array.isArray(content)) return [];
  const out: TokenLogprob[] = [];
  for (const entry of content as unknown[]) {
    const pair = tokenAndLogprob(entry);
    if (!pair || !isRecord(entry)) continue;
    const top = Array.isArray(entry.top_logprobs)
      ? (entry.top_logprobs as unknown[]).flatMap((alt) => tokenAndLogprob(alt) ?? [])
      : [];
    out.push({ ...pair, top });
  }
  return out;
}

function tokenAndLogprob(value: unknown): { token: string; logprob: number } | undefined {
  if (!isRecord(value) || typeof value.token !== 'string') return undefined;
  const logprob = value.logprob;
  return typeof logprob === 'number' && !Number.isNaN(logprob)
    ? { token: value.token, logprob }
    : undefined;
}

function openAiUsage(usage: unknown): Usage {
  if (!isRecord(usage)) return {};
  return tokens(
    count(usage.prompt_tokens),
    count(usage.completion_tokens),
    count(usage.total_tokens),
  );
}

function anthropicUsage(usage: unknown): Usage {
  if (!isRecord(usage)) return {};
  return tokens(count(usage.input_tokens), count(usage.output_tokens), undefined);
}

function tokens(input?: number, output?: number, total?: number): Usage {
  const usage: Usage = {};
  if (input !== undefined) usage.inputTokens = input;
  if (output !== undefined) usage.outputTokens = output;
  const sum = total ?? (input !== undefined && output !== undefined ? input + output : undefined);
  if (sum !== undefined) usage.totalTokens = sum;
  return usage;
}

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const nonEmpty = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_DETAIL_CHARS ? `${oneLine.slice(0, MAX_DETAIL_CHARS)}…` : oneLine;
}
