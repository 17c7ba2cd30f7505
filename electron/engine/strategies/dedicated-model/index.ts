/**
 * The `dedicated-model` strategy: a hosted or self-hosted rerank API. Resolving the provider
 * and sending one batch live in electron/providers/ (resolve.ts, call.ts); this file batches,
 * caches and scores. Documents beyond the provider's per-request cap are split into batches
 * that run concurrently (within the provider's limits), are mapped back to the caller's
 * indices and merged by score; top N is applied after the merge, so for pointwise rerankers
 * the result equals one big call.
 *
 * Each batch is cached on its own, keyed on the bytes it sends: a batch goes out as soon as
 * it is built and found missing, rather than after every batch is built, and editing one
 * document of 10,000 sends only the batch that holds it again.
 */
import type { Usage } from '../../../../shared/contract/schemas';
import { performance } from 'node:perf_hooks';
import { billColumn, sumUsage } from '../../../../shared/providers/pricing';
import type { RerankDocument } from '../../../../shared/rerank/documents';
import { cacheKey, type ResultCache } from '../../result-cache';
import type { SecretStore } from '../../../secrets/secret-store';
import type { Transport } from '../../../transport/types';
import {
  StrategyError,
  type ScoredDocument,
  type StrategyInput,
  type StrategyOutput,
  type StrategyRunner,
} from '../../strategy';
import {
  BatchFailure,
  callKeyParts,
  prepareBatch,
  runBatch,
  type BatchOutcome,
} from '../../../providers/call';
import { resolveCall, type ResolvedCall } from '../../../providers/resolve';

/** What the cache keeps of a batch: its scores by position in the batch, and its usage. */
export interface CachedBatch {
  results: BatchOutcome['results'];
  usage: Usage[];
}

export interface DedicatedModelDeps {
  transport: Transport;
  secrets: SecretStore;
  cache: ResultCache<CachedBatch>;
  env: Readonly<Record<string, string | undefined>>;
}

/** A batch's share of the column: its documents and what scored them. */
interface BatchPart extends BatchOutcome {
  documents: readonly RerankDocument[];
  cached: boolean;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export function createDedicatedModelRunner(deps: DedicatedModelDeps): StrategyRunner {
  return {
    scoreKind: 'probability',
    async score(input) {
      const resolved = await resolveCall(input.config, deps.secrets, deps.env);
      if (!resolved.ok) throw new StrategyError(resolved.error);
      const call = resolved.value;
      const warnings = notSent(call, input);
      const started = performance.now();
      const parts = await scoreBatches(deps, call, input);
      // A price per hour charges the time this column kept the server busy.
      const elapsedMs = performance.now() - started;

      const scores: ScoredDocument[] = [];
      for (const part of parts) {
        for (const { index, rawScore } of part.results) {
          const score = call.scoreKind === 'logit' ? sigmoid(rawScore) : rawScore;
          scores.push({ index: part.documents[index]!.index, rawScore, score });
        }
      }
      const sent = parts.filter((part) => !part.cached);
      if (sent.length === 0) {
        return {
          scores,
          warnings,
          scoreKind: call.scoreKind,
          meta: { cached: true, calls: 0, retries: 0, wire: [] },
        };
      }
      if (sent.length < parts.length) {
        const reused = parts.length - sent.length;
        warnings.push(`${reused} of ${parts.length} batches were served from the cache`);
      }
      const usage = sumUsage(sent.flatMap((part) => part.usage));
      const { cost } = billColumn({
        provider: call.provider,
        model: call.model,
        userPrice: call.pricing,
        usage,
        calls: sent.map((part) => ({
          queryChars: input.query.length,
          documentChars: part.documents.map((d) => d.text.length),
        })),
        elapsedMs,
        maxDocumentTokens: call.sendsMaxTokensPerDoc ? input.config.maxTokensPerDoc : undefined,
      });
      return {
        scores,
        warnings,
        scoreKind: call.scoreKind,
        meta: {
          calls: sum(sent, 'calls'),
          retries: sum(sent, 'retries'),
          usage,
          cost,
          wire: sent.flatMap((part) => part.wire),
        },
      } satisfies StrategyOutput;
    },
  };
}

/**
 * Builds, looks up and sends every batch; the first failure cancels the others and fails the
 * column. Batches are built one at a time, each sent before the next is built.
 */
async function scoreBatches(
  deps: DedicatedModelDeps,
  call: ResolvedCall,
  input: StrategyInput,
): Promise<BatchPart[]> {
  const batches: (typeof input.documents)[] = [];
  for (let start = 0; start < input.documents.length; start += call.batchSize) {
    batches.push(input.documents.slice(start, start + call.batchSize));
  }
  // Top N can be delegated only to a single call; across batches every score is needed.
  const topN = batches.length === 1 ? input.topN : undefined;
  const controller = new AbortController();
  const stop = () => controller.abort(input.signal.reason);
  input.signal.addEventListener('abort', stop, { once: true });
  const started: Promise<BatchPart>[] = [];
  // Progress only where there is more than one batch to wait for: documents scored so far.
  const total = input.documents.length;
  let scored = 0;
  const report = batches.length > 1 ? input.onProgress : undefined;
  const scoredBatch = (part: BatchPart) => {
    scored += part.documents.length;
    report?.({ unit: 'documents', done: scored, total });
    return part;
  };
  report?.({ unit: 'documents', done: 0, total });
  try {
    for (const documents of batches) {
      // Let the batch just started reach the socket before building the next one.
      if (started.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (controller.signal.aborted) break;
      const batch = prepareBatch(call, {
        query: input.query,
        instruction: input.instruction,
        documents,
        topN,
        maxTokensPerDoc: input.config.maxTokensPerDoc,
      });
      const key = cacheKey(callKeyParts(call, batch));
      const hit = input.bypassCache ? undefined : deps.cache.get(key);
      if (hit) {
        const reused = { ...hit, documents, cached: true, wire: [], calls: 0, retries: 0 };
        started.push(Promise.resolve(scoredBatch(reused)));
        continue;
      }
      const running = runBatch(deps.transport, call, batch, controller.signal).then(
        (outcome) => {
          deps.cache.set(key, { results: outcome.results, usage: outcome.usage });
          return scoredBatch({ ...outcome, documents, cached: false });
        },
        (error: unknown) => {
          controller.abort(error);
          throw error;
        },
      );
      // Settled below; this only keeps an early failure from being reported as unhandled.
      running.catch(() => undefined);
      started.push(running);
    }
    const settled = await Promise.allSettled(started);
    const meta = { wire: [] as BatchOutcome['wire'], calls: 0, retries: 0 };
    let failure: BatchFailure | undefined;
    for (const outcome of settled) {
      const reason: unknown = outcome.status === 'rejected' ? outcome.reason : undefined;
      const part =
        outcome.status === 'fulfilled'
          ? outcome.value
          : reason instanceof BatchFailure
            ? reason
            : undefined;
      if (part) {
        meta.wire.push(...part.wire);
        meta.calls += part.calls;
        meta.retries += part.retries;
      }
      if (outcome.status === 'fulfilled') continue;
      // Not ours: a bug, reported as such by the engine.
      if (!(reason instanceof BatchFailure)) throw reason;
      // The batch that failed first is the story; the ones it cancelled are not.
      if (!failure || failure.kind === 'cancelled') failure = reason;
    }
    if (failure) {
      const batchNote = batches.length > 1 ? ` (one of ${batches.length} batches)` : '';
      throw new StrategyError(
        { code: 'upstream', message: `${failure.message}${batchNote}` },
        meta,
      );
    }
    // Cancelled between batches: some were never started.
    if (started.length < batches.length) throw new StrategyError(cancelled(), meta);
    return settled.map((s) => (s as PromiseFulfilledResult<BatchPart>).value);
  } finally {
    input.signal.removeEventListener('abort', stop);
  }
}

const cancelled = () => ({ code: 'cancelled' as const, message: 'cancelled' });

function sum(parts: BatchOutcome[], field: 'calls' | 'retries'): number {
  return parts.reduce((n, o) => n + o[field], 0);
}

function notSent(call: ResolvedCall, input: StrategyInput): string[] {
  const warnings: string[] = [];
  if (input.instruction && !call.sendsInstruction) {
    warnings.push(
      call.descriptor.supportsInstruction
        ? `${call.descriptor.label} with ${call.model} does not take an instruction here; it was not sent`
        : `${call.descriptor.label} does not take an instruction; it was not sent`,
    );
  }
  if (input.config.maxTokensPerDoc && !call.sendsMaxTokensPerDoc) {
    warnings.push(`${call.descriptor.label} does not take maxTokensPerDoc; it was not sent`);
  }
  return warnings;
}
