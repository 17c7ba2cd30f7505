/**
 * An LLM strategy's config turned into the endpoint its calls go to: backend, base URL, model,
 * key and limits, or a message saying what is missing. Nothing here touches the network.
 */
import type { PipelineConfig } from '../../../../shared/pipeline/config';
import { describeLlm, isLlmProvider } from '../../../../shared/providers/llm-catalog';
import type { AppError } from '../../../../shared/util/result';
import type { LlmEndpoint } from '../../../chat/types';
import type { SecretStore } from '../../../secrets/secret-store';

/** The settings of llm-judge and llm-listwise params that shape the calls. */
export interface LlmCallParams {
  concurrency: number;
  requestsPerMinute?: number;
  timeoutMs?: number;
  maxRetries?: number;
}

export type ResolvedEndpoint = { ok: true; endpoint: LlmEndpoint } | { ok: false; error: AppError };

export async function resolveEndpoint(
  config: PipelineConfig,
  params: LlmCallParams,
  secrets: SecretStore,
): Promise<ResolvedEndpoint> {
  const provider = config.provider;
  if (!isLlmProvider(provider)) {
    const message = `the ${config.strategy} strategy needs an LLM provider: "openai-compatible" or "anthropic"`;
    return { ok: false, error: { code: 'invalid_request', message } };
  }
  const descriptor = describeLlm(provider);
  let apiKey: string | undefined;
  try {
    const credential = await secrets.credential(provider);
    apiKey = credential?.kind === 'api-key' ? credential.key : undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `could not read the key for ${descriptor.label}: ${reason}`;
    return { ok: false, error: { code: 'upstream', message } };
  }
  if (!apiKey && !descriptor.auth.optional) {
    const message = `No API key for ${provider}: set ${descriptor.keyEnv[0]} or add one in the Keys panel`;
    return { ok: false, error: { code: 'invalid_request', message } };
  }
  return {
    ok: true,
    endpoint: {
      backend: provider,
      baseUrl: config.baseUrl ?? descriptor.defaultBaseUrl,
      model: config.model ?? descriptor.defaultModel,
      ...(apiKey ? { apiKey } : {}),
      rateLimit: {
        requestsPerMinute:
          params.requestsPerMinute ?? descriptor.defaultRateLimit.requestsPerMinute,
        concurrency: params.concurrency,
      },
      timeouts: params.timeoutMs === undefined ? {} : { totalMs: params.timeoutMs },
      retry: params.maxRetries === undefined ? {} : { maxRetries: params.maxRetries },
    },
  };
}
