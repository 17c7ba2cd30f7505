/**
 * The `dedicated-model` strategy: a hosted or self-hosted rerank API. Documents beyond the
 * provider's per-request cap are split into batches that run concurrently (within the
 * provider's limits), are mapped back to the caller's indices and merged by score; top N is
 * applied after the merge, so for pointwise rerankers the result equals one big call.
 */
import { sumUsage, estimateCost } from '../../../../shared/providers/pricing';
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
  type PreparedBatch,
} from './call';
import { resolveCall, type ResolvedCall } from './resolve';

export interface DedicatedModelDeps {
  transport: Transport;
  secrets: SecretStore;
  cache: ResultCache<StrategyOutput>;
  env: Readonly<Record<string, string | undefined>>;
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

      const batches: (typeof input.documents)[] = [];
      for (let start = 0; start < input.documents.length; start += call.batchSize) {
        batches.push(input.documents.slice(start, start + call.batchSize));
      }
      // Top N can be delegated only to a single call; across batches every score is needed.
      const topN = batches.length === 1 ? input.topN : undefined;

      const prepared = batches.map((documents) =>
        prepareBatch(call, {
          query: input.query,
          instruction: input.instruction,
          documents,
          topN,
          maxTokensPerDoc: input.config.maxTokensPerDoc,
        }),
      );
      // Keyed on the bytes that will be sent: hashing them costs far less than serialising
      // the documents a second time, and anything that changes the request changes the key.
      const key = cacheKey(callKeyParts(call, prepared));
      const hit = input.bypassCache ? undefined : deps.cache.get(key);
      if (hit) {
        return {
          ...hit,
          warnings: [...warnings],
          meta: { ...hit.meta, cached: true, calls: 0, retries: 0, cost: undefined, wire: [] },
        };
      }

      const outcomes = await runAll(deps.transport, call, prepared, input.signal);
      const scores: ScoredDocument[] = outcomes.flatMap((o) =>
        o.results.map(({ index, rawScore }) => ({
          index,
          rawScore,
          score: call.scoreKind === 'logit' ? sigmoid(rawScore) : rawScore,
        })),
      );
      const usage = sumUsage(outcomes.flatMap((o) => o.usage));
      const cost = estimateCost({
        pricing: call.descriptor.pricing,
        usage,
        requestSizes: batches.map((b) => b.length),
        charactersSent: batches.reduce(
          (sum, b) => sum + b.reduce((n, d) => n + d.text.length + input.query.length, 0),
          0,
        ),
      });
      const output: StrategyOutput = {
        scores,
        warnings,
        scoreKind: call.scoreKind,
        meta: {
          calls: sum(outcomes, 'calls'),
          retries: sum(outcomes, 'retries'),
          usage,
          cost,
          wire: outcomes.flatMap((o) => o.wire),
        },
      };
      deps.cache.set(key, output);
      return output;
    },
  };
}

/** Runs every batch; the first failure cancels the others and fails the column. */
async function runAll(
  transport: Transport,
  call: ResolvedCall,
  batches: readonly PreparedBatch[],
  signal: AbortSignal,
): Promise<BatchOutcome[]> {
  const controller = new AbortController();
  const stop = () => controller.abort(signal.reason);
  signal.addEventListener('abort', stop, { once: true });
  try {
    const settled = await Promise.allSettled(
      batches.map((batch) =>
        runBatch(transport, call, batch, controller.signal).catch((error: unknown) => {
          controller.abort(error);
          throw error;
        }),
      ),
    );
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
    if (!failure) return settled.map((s) => (s as PromiseFulfilledResult<BatchOutcome>).value);
    const batchNote = batches.length > 1 ? ` (one of ${batches.length} batches)` : '';
    throw new StrategyError({ code: 'upstream', message: `${failure.message}${batchNote}` }, meta);
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

function sum(outcomes: BatchOutcome[], field: 'calls' | 'retries'): number {
  return outcomes.reduce((n, o) => n + o[field], 0);
}

function notSent(call: ResolvedCall, input: StrategyInput): string[] {
  const warnings: string[] = [];
  if (input.instruction && !call.sendsInstruction) {
    warnings.push(`${call.descriptor.label} does not take an instruction; it was not sent`);
  }
  if (input.config.maxTokensPerDoc && !call.sendsMaxTokensPerDoc) {
    warnings.push(`${call.descriptor.label} does not take maxTokensPerDoc; it was not sent`);
  }
  return warnings;
}
