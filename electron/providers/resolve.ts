/**
 * Turning a `dedicated-model` pipeline config into everything one provider call needs:
 * adapter, parameters, model, endpoint, credential and limits, or a message saying what is
 * missing. Nothing here touches the network. The strategy, the key test (secrets:test) and the
 * code exports all start here.
 */
import { z } from 'zod';
import { formatIssue } from '../../shared/contract/issues';
import type { PipelineConfig } from '../../shared/pipeline/config';
import { describeAuth } from '../../shared/providers/auth';
import {
  describeProvider,
  isRerankProvider,
  RERANK_PROVIDERS,
  type ProviderDescriptor,
  type RerankProvider,
} from '../../shared/providers/catalog';
import { unitlessMessage, userPriceApplies } from '../../shared/providers/pricing';
import { UserPrice } from '../../shared/providers/user-price';
import type { AppError } from '../../shared/util/result';
import { adapterFor } from './adapters';
import type { ProviderAdapter } from './types';
import type { Credential, SecretStore } from '../secrets/secret-store';
import type { RateLimit, RetryPolicy, TransportTimeouts } from '../transport/types';

/** Settings every provider takes in `params`, besides its own. */
export const CommonParams = z
  .object({
    /** Documents per request; defaults to the provider's cap. */
    batchSize: z.int().min(1).max(100_000),
    requestsPerMinute: z.int().min(0).max(1_000_000),
    concurrency: z.int().min(1).max(64),
    timeoutMs: z.int().min(100).max(600_000),
    connectTimeoutMs: z.int().min(100).max(120_000),
    maxRetries: z.int().min(0).max(3),
    /** The user's price for this provider and model; overrides the list price. */
    pricing: UserPrice,
  })
  .partial()
  .strict();
type CommonParams = z.output<typeof CommonParams>;
const COMMON_KEYS = Object.keys(CommonParams.shape);
const PROVIDERS_LIST_TEXT = RERANK_PROVIDERS.join(', ');

export interface ResolvedCall extends Omit<ResolvedEndpoint, 'common'> {
  credential: Credential | undefined;
  batchSize: number;
  rateLimit: RateLimit;
  timeouts: Partial<TransportTimeouts>;
  retry: Partial<RetryPolicy>;
  scoreKind: 'probability' | 'logit';
  sendsInstruction: boolean;
  sendsMaxTokensPerDoc: boolean;
  /** The user's price (`params.pricing`), which overrides the list price. */
  pricing?: UserPrice;
}

const invalid = (message: string): { ok: false; error: AppError } => ({
  ok: false,
  error: { code: 'invalid_request', message },
});

/** Everything about a call that needs no credential: what the export targets build from. */
export interface ResolvedEndpoint {
  provider: RerankProvider;
  descriptor: ProviderDescriptor;
  adapter: ProviderAdapter<unknown>;
  params: unknown;
  model: string;
  baseUrl: string;
  common: CommonParams;
}

/** Adapter, parameters, model and endpoint of a config, or what is missing or wrong. */
export function resolveEndpoint(
  config: PipelineConfig,
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; value: ResolvedEndpoint } | { ok: false; error: AppError } {
  const provider = config.provider;
  if (!isRerankProvider(provider)) {
    return invalid(
      provider
        ? `provider "${provider}" has no rerank API; use one of ${PROVIDERS_LIST_TEXT}`
        : `a dedicated-model config needs a provider: one of ${PROVIDERS_LIST_TEXT}`,
    );
  }
  const descriptor = describeProvider(provider);
  const adapter = adapterFor(provider);

  const allParams = config.params ?? {};
  const common = CommonParams.safeParse(
    Object.fromEntries(Object.entries(allParams).filter(([k]) => COMMON_KEYS.includes(k))),
  );
  if (!common.success) return invalid(`params.${formatIssue(common.error.issues[0]!)}`);
  const own = adapter.params.safeParse(
    Object.fromEntries(Object.entries(allParams).filter(([k]) => !COMMON_KEYS.includes(k))),
  );
  if (!own.success) {
    const issue = own.error.issues[0]!;
    return invalid(
      `${descriptor.label}: params${issue.path.length ? '.' : ': '}${formatIssue(issue)}`,
    );
  }
  const params = adapter.resolveParams ? adapter.resolveParams(own.data, env) : own.data;

  const defaults = adapter.envDefaults?.(env) ?? {};
  const model = config.model ?? defaults.model ?? descriptor.defaultModel ?? '';
  if (adapter.requiresModel !== false && !model)
    return invalid(`model is required for ${descriptor.label}`);
  const refused = adapter.refuseModel?.(model);
  if (refused) return invalid(refused);

  const pricing = common.data.pricing;
  if (pricing && !userPriceApplies(provider, model, pricing))
    return invalid(unitlessMessage(provider));

  const template = config.baseUrl ?? defaults.baseUrl ?? descriptor.defaultBaseUrl;
  if (!template) return invalid(`baseUrl is required for ${descriptor.label}`);
  const baseUrl = fillTemplate(template, params);
  if (!baseUrl.ok) return invalid(`${descriptor.label}: ${baseUrl.error}`);
  return {
    ok: true,
    value: {
      provider,
      descriptor,
      adapter,
      params,
      model,
      baseUrl: baseUrl.value.replace(/\/+$/, ''),
      common: common.data,
    },
  };
}

export async function resolveCall(
  config: PipelineConfig,
  secrets: SecretStore,
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ ok: true; value: ResolvedCall } | { ok: false; error: AppError }> {
  const endpoint = resolveEndpoint(config, env);
  if (!endpoint.ok) return endpoint;
  const { provider, descriptor, adapter, params, model, baseUrl, common } = endpoint.value;

  let credential: Credential | undefined;
  try {
    credential = await secrets.credential(provider);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: {
        code: 'upstream',
        message: `could not read the key for ${descriptor.label}: ${reason}`,
      },
    };
  }
  const auth = describeAuth(descriptor, params);
  if (!credential && !(auth.kind === 'header' && auth.optional)) {
    return {
      ok: false,
      error: {
        code: 'invalid_request',
        message: `No API key for ${provider}: set ${descriptor.keyEnv.slice(0, 2).join(' and ')} or add one in the Keys panel`,
      },
    };
  }
  if (credential && (auth.kind === 'sigv4') !== (credential.kind === 'aws')) {
    return invalid(`the credential stored for ${provider} is of the wrong kind`);
  }

  return {
    ok: true,
    value: assemble(provider, descriptor, adapter, params, model, baseUrl, credential, common),
  };
}

function assemble(
  provider: RerankProvider,
  descriptor: ProviderDescriptor,
  adapter: ProviderAdapter<unknown>,
  params: unknown,
  model: string,
  baseUrl: string,
  credential: Credential | undefined,
  common: CommonParams,
): ResolvedCall {
  return {
    provider,
    descriptor,
    adapter,
    params,
    model,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    credential,
    batchSize: Math.min(common.batchSize ?? descriptor.maxDocumentsPerRequest, 100_000),
    rateLimit: {
      requestsPerMinute: common.requestsPerMinute ?? descriptor.defaultRateLimit.requestsPerMinute,
      concurrency: common.concurrency ?? descriptor.defaultRateLimit.concurrency,
    },
    timeouts: { totalMs: common.timeoutMs, connectMs: common.connectTimeoutMs },
    retry: common.maxRetries === undefined ? {} : { maxRetries: common.maxRetries },
    scoreKind: adapter.scoreKind?.(params, model) ?? descriptor.scoreKind,
    sendsInstruction: adapter.sendsInstruction?.(params, model) ?? false,
    sendsMaxTokensPerDoc: adapter.sendsMaxTokensPerDoc ?? false,
    ...(common.pricing ? { pricing: common.pricing } : {}),
  };
}

/** `https://bedrock-agent-runtime.{region}.amazonaws.com` with `params.region` filled in. */
function fillTemplate(
  template: string,
  params: unknown,
): { ok: true; value: string } | { ok: false; error: string } {
  const values = (params ?? {}) as Record<string, unknown>;
  let missing: string | undefined;
  const value = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const filled = values[name];
    if (typeof filled !== 'string' || filled === '') missing ??= name;
    return typeof filled === 'string' ? filled : '';
  });
  return missing
    ? { ok: false, error: `the base URL needs params.${missing}` }
    : { ok: true, value };
}
