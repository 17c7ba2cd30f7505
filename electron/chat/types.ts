/**
 * Types of the LLM chat client: one chat turn to an OpenAI-compatible server (OpenAI, Ollama,
 * vLLM, LM Studio, …) or to Anthropic's Messages API, through the shared HTTP transport.
 */
import type { Usage, WireExchange } from '../../shared/contract/schemas';
import type { AppError } from '../../shared/util/result';
import type { RateLimit, RetryPolicy, TransportTimeouts } from '../transport/types';

export type LlmBackend = 'openai-compatible' | 'anthropic';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface LlmEndpoint {
  backend: LlmBackend;
  /**
   * OpenAI-compatible: the base including the version path, e.g. https://api.openai.com/v1,
   * http://127.0.0.1:11434/v1 (Ollama), http://127.0.0.1:1234/v1 (LM Studio); requests go to
   * `${baseUrl}/chat/completions`. Anthropic: https://api.anthropic.com; requests go to
   * `${baseUrl}/v1/messages`. Trailing slashes are tolerated.
   */
  baseUrl: string;
  model: string;
  /** Optional for local servers (Ollama, vLLM, LM Studio). */
  apiKey?: string;
  rateLimit: RateLimit;
  timeouts?: Partial<TransportTimeouts>;
  retry?: Partial<RetryPolicy>;
}

export interface ChatRequest {
  /**
   * System messages: OpenAI-compatible keeps them as messages; Anthropic moves them to the
   * top-level `system` string (joined with blank lines).
   */
  messages: ChatMessage[];
  temperature: number;
  maxTokens: number;
  /**
   * Ask for log-probabilities of the output tokens with this many alternatives per position
   * (OpenAI `logprobs: true, top_logprobs: n`). Anthropic has none: ignored, and the answer's
   * `warnings` say so.
   */
  topLogprobs?: number;
  /** Ask for a JSON object answer where the backend supports it (OpenAI `response_format`). */
  json?: boolean;
  signal: AbortSignal;
}

export interface TokenLogprob {
  token: string;
  logprob: number;
  top: { token: string; logprob: number }[];
}

export interface ChatAnswer {
  text: string;
  logprobs?: TokenLogprob[];
  /** As the backend said it: `stop`, `length`, `end_turn`, `max_tokens`, … */
  finishReason?: string;
  usage: Usage;
  /** What was asked for and not delivered, e.g. log-probabilities from Anthropic. */
  warnings?: string[];
}

export type ChatResult =
  | { ok: true; answer: ChatAnswer; wire: WireExchange[]; calls: number; retries: number }
  | { ok: false; error: AppError; wire: WireExchange[]; calls: number; retries: number };
