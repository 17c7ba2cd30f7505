/**
 * A provider adapter is data plus two pure functions (STYLE.md §11): it builds the HTTP
 * request for one batch of documents and parses the answer. Auth, retries, rate limits,
 * chunking, caching and cost are shared and live elsewhere; adding a provider is one file.
 */
import type { z } from 'zod';
import type { Usage } from '../../shared/contract/schemas';
import type { ProviderDescriptor } from '../../shared/providers/catalog';
import type { RerankDocument } from '../../shared/rerank/documents';
import type { Result } from '../../shared/util/result';

/** One request's worth of work: a batch of the run's documents. */
export interface AdapterCall {
  query: string;
  instruction?: string;
  /** This batch, with the caller's original indices. */
  documents: readonly RerankDocument[];
  /** Set only when the whole candidate set fits in one request; otherwise every score is needed. */
  topN?: number;
  model: string;
  /** Resolved base URL, without a trailing slash. */
  baseUrl: string;
  maxTokensPerDoc?: number;
}

export interface AdapterRequest {
  url: string;
  /** Content headers and protocol headers; never credentials (./auth.ts adds those). */
  headers: Record<string, string>;
  body: unknown;
}

export interface AdapterResult {
  /** `index` is the position within the batch; the caller maps it back. */
  results: { index: number; rawScore: number }[];
  usage?: Usage;
  /** Bedrock pages long answers; ./call.ts asks again with this token. */
  nextToken?: string;
}

export interface ProviderAdapter<P = unknown> {
  descriptor: ProviderDescriptor;
  /** The provider's own settings in a config's `params` (strict: unknown fields are refused). */
  params: z.ZodType<P>;
  /** Defaults from the environment where a platform defines them (Heroku's RERANK_URL). */
  envDefaults?(env: Readonly<Record<string, string | undefined>>): {
    baseUrl?: string;
    model?: string;
  };
  /** Fills settings the environment decides (Bedrock's region from AWS_REGION). */
  resolveParams?(params: P, env: Readonly<Record<string, string | undefined>>): P;
  buildRequest(call: AdapterCall, params: P, nextToken?: string): AdapterRequest;
  parseResponse(body: unknown, call: AdapterCall, params: P): Result<AdapterResult>;
  /** What the scores mean with these settings (TEI with raw_scores returns logits). */
  scoreKind?(params: P, model: string): 'probability' | 'logit';
  /** A URL to retry the same request at when the server answers `status` (vLLM's /rerank). */
  fallbackUrl?(request: AdapterRequest, status: number): string | undefined;
  /**
   * Whether the instruction reaches this model with these settings: the same decision the
   * column shows (shared/pipeline/instruction.ts), so it is never sent to be ignored.
   */
  sendsInstruction?(params: P, model: string): boolean;
  /** Why this engine cannot serve `model` (TEI with an LLM reranker), or undefined. */
  refuseModel?(model: string): string | undefined;
  /** Whether `maxTokensPerDoc` is sent. */
  sendsMaxTokensPerDoc?: boolean;
  /** False for servers that host one model and take no `model` field (TEI). Default true. */
  requiresModel?: boolean;
}
