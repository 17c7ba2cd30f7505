/**
 * The provider request the code export targets show: built by the same adapter a run uses, for
 * the example query and documents, with the credential described (header and env var, or
 * SigV4) instead of read. Nothing here touches the network or the keychain.
 */
import type { PipelineConfig } from '../../shared/pipeline/config';
import type { ExportSample, ProviderRequest } from '../../shared/export';
import { fail, ok, type Result } from '../../shared/util/result';
import { resolveEndpoint } from '../engine/strategies/dedicated-model/resolve';
import { DEFAULT_AWS_REGION } from '../providers/adapters/bedrock';
import type { AdapterCall } from '../providers/types';

export function buildProviderRequest(
  config: PipelineConfig,
  sample: ExportSample,
  env: Readonly<Record<string, string | undefined>>,
): Result<ProviderRequest> {
  const resolved = resolveEndpoint(config, env);
  if (!resolved.ok) return fail(resolved.error.code, resolved.error.message);
  const { adapter, params, model, baseUrl, descriptor } = resolved.value;
  const documents = sample.documents.map((text, index) => ({ index, text }));
  const call: AdapterCall = {
    query: sample.query,
    instruction: adapter.sendsInstruction?.(params, model) ? config.instruction : undefined,
    documents,
    // The config's own cut: what it means for the caller's real candidate sets.
    topN: config.topN,
    model,
    baseUrl,
    maxTokensPerDoc: adapter.sendsMaxTokensPerDoc ? config.maxTokensPerDoc : undefined,
  };
  const built = adapter.buildRequest(call, params);
  const env0 = descriptor.keyEnv[0] ?? 'API_KEY';
  const auth: ProviderRequest['auth'] =
    descriptor.auth.kind === 'sigv4'
      ? {
          kind: 'sigv4',
          region: (params as { region?: string }).region ?? DEFAULT_AWS_REGION,
          service: descriptor.auth.service,
        }
      : {
          kind: 'header',
          header: descriptor.auth.kind === 'header' ? descriptor.auth.header : 'Authorization',
          prefix: descriptor.auth.kind === 'header' ? '' : 'Bearer ',
          env: env0,
          optional: descriptor.auth.optional === true,
        };
  return ok({ method: 'POST', url: built.url, headers: built.headers, body: built.body, auth });
}
