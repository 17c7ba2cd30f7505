/** Types of the loopback chat simulator (public API, re-exported by `index.ts`). */
import type { ChatMessage, LlmBackend, TokenLogprob } from '../../electron/chat/types';

/** What the "brain" sees of a chat request, the same for both APIs. */
export interface BrainRequest {
  backend: LlmBackend;
  model: string;
  /** In order; Anthropic's top-level `system` comes first as a system message. */
  messages: ChatMessage[];
  /** As sent, or the APIs' default of 1. */
  temperature: number;
  /** OpenAI route with `logprobs: true`: alternatives asked for per position. */
  topLogprobs?: number;
  /** OpenAI route with `response_format: {type: 'json_object'}`. */
  json?: boolean;
  /**
   * The request's headers as received (lower-case names), for brains that play a backend
   * echoing what it was sent, credentials included.
   */
  headers: Record<string, string>;
}

/** The answer text, optionally with log-probabilities (OpenAI route only). */
export type BrainAnswer = string | { text: string; logprobs?: TokenLogprob[] };

export type Brain = (request: BrainRequest) => BrainAnswer | Promise<BrainAnswer>;

export interface ChatSimulatorOptions {
  /** Decides every normal answer. Default: echoes the last user message. */
  respond?: Brain;
  /** Keys each API requires (401 in its own error format otherwise); default: none. */
  keys?: { openai?: string; anthropic?: string };
}

/** One request as the simulator received it (routes under `/openai` and `/anthropic`). */
export interface RecordedChatRequest {
  backend: LlmBackend;
  method: string;
  /** Path as sent, prefix included, e.g. `/openai/v1/chat/completions`. */
  path: string;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when it is not JSON. */
  body: unknown;
  rawBody: string;
}

/**
 * A canned answer that replaces normal behaviour (and validation, and auth) for one request.
 * A string `body` is sent verbatim (a body that is not JSON), anything else as JSON.
 */
export type ScriptedChatResponse =
  | { status: number; headers?: Record<string, string>; body?: unknown; delayMs?: number }
  /** Waits, then answers normally. */
  | { delayMs: number }
  /** Never answers; `close()` drops the connection. */
  | { hang: true }
  /** Drops the connection without an answer (a network error for the client). */
  | { destroy: true };

export interface ChatSimulator {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** `${url}/openai/v1`: an OpenAI-compatible base URL. */
  readonly openaiBaseUrl: string;
  /** `${url}/anthropic`: an Anthropic base URL. */
  readonly anthropicBaseUrl: string;
  readonly requests: RecordedChatRequest[];
  /** Resolves once `count` requests are recorded (since the last reset), answered or not. */
  received(count: number): Promise<void>;
  /** Queues answers for the next requests to either route, first in first out. */
  script(...responses: ScriptedChatResponse[]): void;
  /** Clears recorded requests and queued scripts. */
  reset(): void;
  /** Stops listening and drops open connections (hanging requests included). */
  close(): Promise<void>;
}

/** A route's answer: JSON `body`, or verbatim `text`. */
export interface SimReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  text?: string;
}

/** What a route handler gets of a request. */
export interface RouteContext {
  headers: Record<string, string>;
  /** Parsed JSON, or undefined when the body is not JSON. */
  body: unknown;
  key: string | undefined;
  respond: Brain;
  /** Increases per answer, for ids. */
  serial: number;
}
