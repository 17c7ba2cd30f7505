/**
 * Types of the loopback provider simulator: the public API (re-exported by `index.ts`) and the
 * small internal contract every provider module implements.
 */
import { RERANK_PROVIDERS, type RerankProvider } from '../../shared/providers/catalog';

/**
 * Every provider the simulator speaks, each under its own URL prefix `/<provider>`: exactly the
 * product's catalog, so a provider added there without a simulator module breaks the build.
 */
export type SimProvider = RerankProvider;
export const SIM_PROVIDERS: readonly SimProvider[] = RERANK_PROVIDERS;

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
}

export interface SimulatorOptions {
  /**
   * Expected credential per provider; defaults: `sim-<provider>-key` (e.g. 'sim-cohere-key').
   * tei/infinity/vllm/sglang/llama-cpp/nvidia/cohere-compatible require no auth unless a key is given; setting
   * one of them to undefined keeps it open.
   */
  keys?: Partial<Record<SimProvider, string | undefined>>;
  /** AWS credentials Bedrock signatures are verified with. */
  aws?: AwsCredentials;
  /** Per-request document caps; defaults come from `shared/providers/catalog.ts`. */
  caps?: Partial<Record<SimProvider, number>>;
  /** Bedrock: results per page before a nextToken is returned (default 1000). */
  bedrockPageSize?: number;
  /**
   * Model time added to every normal answer, in ms (default 0). A real provider serves
   * concurrent requests on separate hardware; a fixed per-request latency models that, where
   * this single-threaded simulator's own scoring time would not.
   */
  latencyMs?: number;
  /**
   * How the self-hosted engines were launched. vLLM by default renders no template for Qwen3
   * (the client must write it into `query` and `documents`); `vllmChatTemplate: 'qwen3'` is
   * `vllm serve … --chat-template qwen3_reranker.jinja`.
   */
  engines?: EngineLaunch;
}

export interface EngineLaunch {
  vllmChatTemplate?: 'qwen3';
  /** llama-server with PR #20009 and a GGUF carrying `rerank_instruct`: reads `instruction`. */
  llamaCppRerankInstruct?: boolean;
}

/** One request as the simulator received it. */
export interface RecordedRequest {
  provider: SimProvider;
  method: string;
  /** Path and query string as sent, including the provider prefix. */
  path: string;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  body: unknown;
  rawBody: string;
  receivedAt: number;
}

/**
 * A canned answer that replaces the provider's normal behaviour for one request. A `body`
 * function answers from the request as received: a backend that echoes what it was sent (the
 * key in its headers included), as a compromised or misconfigured gateway may.
 */
export type ScriptedResponse =
  | {
      status: number;
      headers?: Record<string, string>;
      /** JSON, a string sent as it is, or `(received: RecordedRequest) => either`. */
      body?: unknown;
      delayMs?: number;
    }
  | { delayMs: number }
  /**
   * Held until `until` settles, then answered normally: an upstream that is busy for exactly
   * as long as a test needs, instead of for a guessed number of milliseconds.
   */
  | { until: Promise<unknown> }
  | { hang: true }
  | { destroy: true };

export interface ProviderSimulator {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** Base URL to give an adapter for this provider, e.g. `${url}/cohere`. */
  baseUrl(provider: SimProvider): string;
  /**
   * Queue answers for the next requests to this provider (optionally only those whose path ends
   * with `pathSuffix`), FIFO; when the queue is empty, normal behaviour resumes.
   */
  script(provider: SimProvider, responses: ScriptedResponse[], pathSuffix?: string): void;
  /** Make vLLM answer 404 (or the given status) on /v1/rerank until reset. */
  vllmLegacyOnly(status?: 404 | 405 | 501): void;
  readonly requests: RecordedRequest[];
  /** Resolves once `count` requests are recorded (since the last reset), answered or not. */
  received(count: number): Promise<void>;
  /** Clears requests, scripts, and vllmLegacyOnly. */
  reset(): void;
  /** Stops listening and destroys open sockets (hanging requests included). */
  close(): Promise<void>;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  keys: Record<SimProvider, string | undefined>;
  aws: AwsCredentials;
  caps: Record<SimProvider, number>;
  bedrockPageSize: number;
  latencyMs: number;
  engines: EngineLaunch;
}

/** What a provider module sees of a request. */
export interface SimContext {
  provider: SimProvider;
  method: string;
  /** Path below the provider prefix, without the query string (e.g. `/v2/rerank`). */
  path: string;
  /** Full path as sent, prefix and query included (what a SigV4 signer signed). */
  fullPath: string;
  /** Raw query string without the leading '?'. */
  query: string;
  headers: Record<string, string>;
  rawBody: string;
  /** Parsed JSON, or undefined when the body is empty or not JSON (see `jsonError`). */
  body: unknown;
  jsonError?: string;
  options: ResolvedOptions;
  /** Credential this provider expects; undefined means no auth is required. */
  key: string | undefined;
  cap: number;
}

/** A provider's answer: JSON `body`, plain `text`, or neither (empty body). */
export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  text?: string;
}

/** Answers a request, or returns undefined when the path is not one this provider serves. */
export type ProviderHandler = (
  ctx: SimContext,
) => SimResponse | undefined | Promise<SimResponse | undefined>;
