/** Data shapes that cross a process boundary, shared by the operations and the events. */
import { z } from 'zod';
import { PipelineConfig } from '../pipeline/config';

export const AppErrorSchema = z.object({
  code: z.enum([
    'invalid_request',
    'unknown_operation',
    'not_found',
    'conflict',
    'cancelled',
    'unsupported',
    'over_budget',
    'upstream',
    'internal',
  ]),
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
});

/**
 * Any JSON object, typed as what the caller should send: for requests whose fields are checked
 * by a shared validator (in its own words) rather than by zod.
 */
export const jsonObject = <T>() =>
  z.custom<T>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    'request must be a JSON object',
  );

export const RunId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'runId must be 1–128 letters, digits, "-" or "_"');

export const ColumnSpec = z.object({
  /** Stable id chosen by the caller, so results can be matched to columns as they stream in. */
  id: z.string().min(1).max(64),
  config: PipelineConfig,
});
export type ColumnSpec = z.output<typeof ColumnSpec>;

/** What a column's native score means, so scores are never compared blindly across columns. */
export const ScoreKind = z.enum(['bm25', 'rank', 'probability', 'logit', 'grade', 'fused']);
export type ScoreKind = z.output<typeof ScoreKind>;

export const RankedResult = z.object({
  /** Position of the document in the caller's original list. */
  index: z.int().min(0),
  id: z.union([z.string(), z.number()]).optional(),
  /** Score used for ordering (higher is better). */
  score: z.number(),
  /** The reranker's native score, as it reported it. */
  rawScore: z.number(),
  /**
   * With `longDocuments`, the window that decided the score: `text.slice(start, end)` of the
   * document (UTF-16 offsets), the window's position and how many there were. Absent in runs
   * without it, and in every run saved before it existed.
   */
  passage: z
    .object({
      start: z.int().min(0),
      end: z.int().min(0),
      window: z.int().min(0),
      windows: z.int().min(1),
    })
    .optional(),
});
export type RankedResult = z.output<typeof RankedResult>;

export const ColumnStatus = z.enum(['ok', 'error', 'cancelled']);

/**
 * A document the column could not score (an LLM answer that did not parse, say). It is left
 * out of the ranking rather than given a made-up score.
 */
export const DocumentError = z.object({
  index: z.int().min(0),
  id: z.union([z.string(), z.number()]).optional(),
  message: z.string(),
});
export type DocumentError = z.output<typeof DocumentError>;

/**
 * How credentials travelled, so "copy as curl" can write them as environment variables
 * (`Bearer $COHERE_API_KEY`, curl's `--aws-sigv4`). Never a credential itself.
 */
export const CurlAuth = z.object({
  /** Lower-case header name → the shell expression for its value. */
  credentialHeaders: z.record(z.string(), z.string()).optional(),
  awsSigv4: z
    .object({ region: z.string(), service: z.string(), sessionToken: z.boolean() })
    .optional(),
});
export type CurlAuth = z.output<typeof CurlAuth>;

/**
 * One HTTP exchange with a provider, as the wire inspector shows it. Credentials are masked
 * (`••••last4`) before this object is built; bodies over the inspector's cap are cut.
 */
export const WireExchange = z.object({
  attempt: z.int().min(1),
  method: z.string(),
  url: z.string(),
  requestHeaders: z.record(z.string(), z.string()),
  requestBody: z.string(),
  status: z.int().optional(),
  responseHeaders: z.record(z.string(), z.string()).optional(),
  responseBody: z.string().optional(),
  /** Network failure, timeout or cancel, when there was no response. */
  error: z.string().optional(),
  durationMs: z.number().min(0),
  /** True if a body was cut to the inspector's size cap. */
  truncated: z.boolean().optional(),
  /** Present for provider calls: the curl command is built on demand from the exchange. */
  curlAuth: CurlAuth.optional(),
});
export type WireExchange = z.output<typeof WireExchange>;

/** What the provider said it used, summed over the calls of a column. */
export const Usage = z.object({
  /** Cohere's (and Cohere-shaped APIs') billed search units. */
  searchUnits: z.number().optional(),
  /** Pinecone's rerank units (older history may hold them as searchUnits). */
  rerankUnits: z.number().optional(),
  inputTokens: z.number().optional(),
  outputTokens: z.number().optional(),
  totalTokens: z.number().optional(),
  /** Cost the provider reported itself (DeepInfra), in USD. */
  reportedCostUsd: z.number().optional(),
});
export type Usage = z.output<typeof Usage>;

/** Which price a cost used: the dated list price (with its source), the user's, or the provider's report. */
export const PriceOrigin = z.object({
  origin: z.enum(['list', 'user', 'reported']),
  /** List prices: the day the table was read, and the page. */
  asOf: z.string().optional(),
  source: z.string().optional(),
});
export type PriceOrigin = z.output<typeof PriceOrigin>;

export const Cost = z.object({
  usd: z.number().min(0),
  /** `per-search` covers every provider unit counted by documents (search units, queries, rerank units). */
  basis: z.enum(['per-search', 'per-token', 'reported', 'per-call', 'per-hour']),
  /** How the figure was reached, e.g. "10 estimated queries × $2.00/1,000 (list price read …)". */
  detail: z.string(),
  /** Absent in history saved before prices were sourced. */
  price: PriceOrigin.optional(),
});
export type Cost = z.output<typeof Cost>;

/** Which config actually produced a column's ranking (the primary or one of its fallbacks). */
export const ProducedBy = z.object({
  name: z.string(),
  provider: z.string().optional(),
  model: z.string().optional(),
  /** 0 for the primary config, n for the n-th fallback. */
  fallback: z.int().min(0),
});

export const ColumnResult = z.object({
  columnId: z.string(),
  name: z.string(),
  status: ColumnStatus,
  scoreKind: ScoreKind.optional(),
  results: z.array(RankedResult),
  latencyMs: z.number().min(0),
  warnings: z.array(z.string()),
  error: AppErrorSchema.optional(),
  documentErrors: z.array(DocumentError).optional(),
  producedBy: ProducedBy.optional(),
  /** Served from the result cache instead of calling the provider. */
  cached: z.boolean().optional(),
  /** HTTP calls made (batches × attempts), and how many of them were retries. */
  calls: z.int().min(0).optional(),
  retries: z.int().min(0).optional(),
  usage: Usage.optional(),
  cost: Cost.optional(),
  wire: z.array(WireExchange).optional(),
});
export type ColumnResult = z.output<typeof ColumnResult>;
