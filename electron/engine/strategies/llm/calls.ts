/**
 * The LLM calls of one column: cached by what decides the answer, counted, and recorded for
 * the wire inspector. The first call that fails at the HTTP level stops the others and fails
 * the column (a wrong key or model would fail every document the same way); answers that do
 * not parse are the strategies' business.
 */
import type { Usage, WireExchange } from '../../../../shared/contract/schemas';
import type { LlmPricing } from '../../../chat/cost';
import { llmCost } from '../../../chat/cost';
import type { ChatClient } from '../../../chat/chat-client';
import type { ChatAnswer, ChatMessage, LlmEndpoint } from '../../../chat/types';
import { sumUsage } from '../../../../shared/providers/pricing';
import { cacheKey, type ResultCache } from '../../result-cache';
import type { SecretStore } from '../../../secrets/secret-store';
import { StrategyError, type ColumnMeta, type StrategyInput } from '../../strategy';
import { resolveEndpoint, type LlmCallParams } from './endpoint';

/** A judge over 1,000 documents makes 1,000 calls; the inspector keeps the first ones. */
export const MAX_WIRE_RECORDS = 50;

export interface LlmCallOptions {
  messages: ChatMessage[];
  temperature: number;
  maxTokens: number;
  topLogprobs?: number;
}

export interface LlmSession {
  /** One chat call, from the cache when the same request was answered before. */
  chat(options: LlmCallOptions): Promise<ChatAnswer>;
  /** Calls, retries, wire records, usage and cost so far. */
  meta(): ColumnMeta;
  /** Notes about the session itself (wire records left out). */
  warnings(): string[];
}

export interface LlmSessionDeps {
  chat: ChatClient;
  cache: ResultCache<ChatAnswer>;
  endpoint: LlmEndpoint;
  signal: AbortSignal;
  bypassCache?: boolean;
  pricing?: LlmPricing;
}

export function createLlmSession(deps: LlmSessionDeps): LlmSession {
  const { endpoint } = deps;
  const controller = new AbortController();
  const stop = () => controller.abort(deps.signal.reason);
  if (deps.signal.aborted) stop();
  else deps.signal.addEventListener('abort', stop, { once: true });
  const wire: WireExchange[] = [];
  const usages: Usage[] = [];
  let calls = 0;
  let retries = 0;
  let exchanges = 0;
  let served = 0;

  const meta = (): ColumnMeta => {
    const usage = usages.length ? sumUsage(usages) : undefined;
    const cost = llmCost(usage, deps.pricing);
    return {
      calls,
      retries,
      wire: [...wire],
      ...(usage ? { usage } : {}),
      ...(cost ? { cost } : {}),
      ...(calls === 0 && served > 0 ? { cached: true } : {}),
    };
  };

  return {
    async chat(options) {
      const key = cacheKey([
        endpoint.backend,
        endpoint.baseUrl,
        endpoint.model,
        JSON.stringify(options),
      ]);
      const hit = deps.bypassCache ? undefined : deps.cache.get(key);
      if (hit) {
        served++;
        return hit;
      }
      if (controller.signal.aborted) throw new StrategyError(cancelledError(), meta());
      const result = await deps.chat.chat(endpoint, { ...options, signal: controller.signal });
      calls += result.calls;
      retries += result.retries;
      exchanges += result.wire.length;
      for (const exchange of result.wire) if (wire.length < MAX_WIRE_RECORDS) wire.push(exchange);
      if (!result.ok) {
        controller.abort(result.error);
        throw new StrategyError(result.error, meta());
      }
      usages.push(result.answer.usage);
      deps.cache.set(key, result.answer);
      return result.answer;
    },
    meta,
    warnings: () =>
      exchanges > wire.length
        ? [`the wire inspector keeps the first ${wire.length} of ${exchanges} exchanges`]
        : [],
  };
}

/** The column's endpoint and session, or a StrategyError saying what is missing. */
export async function openLlmSession(
  deps: Pick<LlmSessionDeps, 'chat' | 'cache'> & { secrets: SecretStore },
  input: StrategyInput,
  params: LlmCallParams & { pricing?: LlmPricing },
): Promise<LlmSession> {
  const resolved = await resolveEndpoint(input.config, params, deps.secrets);
  if (!resolved.ok) throw new StrategyError(resolved.error);
  return createLlmSession({
    chat: deps.chat,
    cache: deps.cache,
    endpoint: resolved.endpoint,
    signal: input.signal,
    bypassCache: input.bypassCache,
    pricing: params.pricing,
  });
}

function cancelledError() {
  return {
    code: 'cancelled' as const,
    message: 'stopped after another call of this column failed',
  };
}

/** Runs `task` for every item, all at once; the transport's limiter bounds what is in flight. */
export async function settleAll<T, R>(
  items: readonly T[],
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const settled = await Promise.allSettled(items.map(task));
  // The first failure that is not just "stopped because another failed" explains the column.
  const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  const cause =
    failures.find((f) => !(f instanceof StrategyError && f.error.code === 'cancelled')) ??
    failures[0];
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what a task threw
  if (cause !== undefined) throw cause;
  return settled.map((s) => (s as PromiseFulfilledResult<R>).value);
}
