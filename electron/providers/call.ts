/**
 * One batch of documents to one provider: build the request, add credentials (./auth.ts), send
 * it through the shared transport (following Bedrock's pages and vLLM's legacy path) and parse
 * the answer. Results keep their positions in the batch: the caller (the dedicated-model
 * strategy, the key test) maps them back to its own indices.
 */
import type { WireExchange } from '../../shared/contract/schemas';
import type { Usage } from '../../shared/contract/schemas';
import type { RerankDocument } from '../../shared/rerank/documents';
import { redactText } from '../../shared/security/redact';
import { EncodedBody } from '../transport/body';
import type { Transport, TransportFailure } from '../transport/types';
import { authFor, type AttachedAuth } from './auth';
import type { ResolvedCall } from './resolve';
import type { AdapterCall, AdapterRequest } from './types';

/** Bedrock pages; a server that never stops paging must not loop forever. */
const MAX_PAGES = 100;

export interface BatchOutcome {
  /** `index` is the position in the batch (the adapter checked it is in range). */
  results: { index: number; rawScore: number }[];
  usage: Usage[];
  wire: WireExchange[];
  calls: number;
  retries: number;
}

export class BatchFailure extends Error {
  constructor(
    message: string,
    readonly wire: WireExchange[],
    readonly calls: number,
    readonly retries: number,
    /** Set when the transport gave up; `cancelled` when a sibling batch's failure stopped this one. */
    readonly kind?: TransportFailure['kind'],
  ) {
    super(message);
  }
}

export interface BatchInput {
  query: string;
  instruction?: string;
  documents: readonly RerankDocument[];
  topN?: number;
  maxTokensPerDoc?: number;
}

/**
 * A batch with its first request built and serialised before anything is sent: those bytes
 * are what the result cache keys on, and what goes on the wire.
 */
export interface PreparedBatch {
  call: AdapterCall;
  request: AdapterRequest;
  body: EncodedBody;
}

export function prepareBatch(resolved: ResolvedCall, input: BatchInput): PreparedBatch {
  const call: AdapterCall = {
    query: input.query,
    instruction: resolved.sendsInstruction ? input.instruction : undefined,
    documents: input.documents,
    topN: input.topN,
    model: resolved.model,
    baseUrl: resolved.baseUrl,
    maxTokensPerDoc: resolved.sendsMaxTokensPerDoc ? input.maxTokensPerDoc : undefined,
  };
  const request = resolved.adapter.buildRequest(call, resolved.params);
  return { call, request, body: new EncodedBody(JSON.stringify(request.body)) };
}

/**
 * The parts of a batch that decide its result, for the cache: provider and score reading,
 * endpoint, protocol headers and body. Credentials are added later and are not among them.
 */
export function callKeyParts(
  resolved: ResolvedCall,
  batch: PreparedBatch,
): (string | Uint8Array)[] {
  return [
    resolved.provider,
    resolved.scoreKind,
    batch.request.url,
    JSON.stringify(batch.request.headers),
    batch.body.bytes,
  ];
}

export async function runBatch(
  transport: Transport,
  resolved: ResolvedCall,
  batch: PreparedBatch,
  signal: AbortSignal,
): Promise<BatchOutcome> {
  const { call } = batch;
  const auth = authFor(resolved);
  const outcome: BatchOutcome = { results: [], usage: [], wire: [], calls: 0, retries: 0 };
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const request = nextToken
      ? resolved.adapter.buildRequest(call, resolved.params, nextToken)
      : batch.request;
    const body = request === batch.request ? batch.body : JSON.stringify(request.body);
    const answer = await send(transport, resolved, request, body, auth, signal, outcome);
    const parsed = resolved.adapter.parseResponse(answer, call, resolved.params);
    // A parse error may quote the body (a record id, a field): redacted as the wire record is.
    if (!parsed.ok) {
      const message = redactText(parsed.error.message, auth.secrets);
      throw new BatchFailure(message, outcome.wire, outcome.calls, outcome.retries);
    }
    // A loop, not a spread: a batch may hold more results than a call may take arguments.
    for (const result of parsed.value.results) outcome.results.push(result);
    if (parsed.value.usage) outcome.usage.push(parsed.value.usage);
    nextToken = parsed.value.nextToken;
    if (!nextToken) return outcome;
  }
  throw new BatchFailure(
    `${resolved.provider} kept paging past ${MAX_PAGES} pages`,
    outcome.wire,
    outcome.calls,
    outcome.retries,
  );
}

async function send(
  transport: Transport,
  resolved: ResolvedCall,
  request: AdapterRequest,
  body: string | EncodedBody,
  auth: AttachedAuth,
  signal: AbortSignal,
  outcome: BatchOutcome,
): Promise<unknown> {
  let url = request.url;
  for (;;) {
    const result = await transport.send({
      provider: resolved.provider,
      limiterKey: `${resolved.provider} ${new URL(url).origin}`,
      rateLimit: resolved.rateLimit,
      method: 'POST',
      url,
      headers: { ...request.headers, ...auth.headers },
      body,
      timeouts: resolved.timeouts,
      retry: resolved.retry,
      signal,
      sign: auth.sign,
      secrets: auth.secrets,
      // Adapters build bodies from schema-checked settings (config params may hold no
      // credential fields) and the user's documents: only a known key value could be in them.
      requestBodyRedaction: 'known-values',
    });
    outcome.calls += result.attempts;
    outcome.retries += result.attempts - 1;
    outcome.wire.push(...result.wire.map((exchange) => ({ ...exchange, curlAuth: auth.curl })));
    if (result.ok) {
      try {
        return JSON.parse(result.body) as unknown;
      } catch {
        throw new BatchFailure(
          `${resolved.provider} answered ${result.status} with a body that is not JSON`,
          outcome.wire,
          outcome.calls,
          outcome.retries,
        );
      }
    }
    const alternative =
      statusOf(result) && resolved.adapter.fallbackUrl?.({ ...request, url }, result.status!);
    if (alternative && alternative !== url) {
      url = alternative;
      continue;
    }
    throw new BatchFailure(
      result.message,
      outcome.wire,
      outcome.calls,
      outcome.retries,
      result.kind,
    );
  }
}

function statusOf(result: TransportFailure): boolean {
  return result.kind === 'http' && result.status !== undefined;
}
