/**
 * The provider request the code export targets show: built by the same adapter a run uses, for
 * the example query and documents, with the credential described instead of read (header and
 * env var, or SigV4: shared/providers/auth.ts, the description the app's own call attaches a
 * key by). Nothing here touches the network or the keychain.
 */
import type { PipelineConfig } from '../../shared/pipeline/config';
import type { ExportSample, ProviderRequest } from '../../shared/export';
import { fail, ok, type Result } from '../../shared/util/result';
import { describeAuth } from '../../shared/providers/auth';
import { resolveEndpoint } from '../providers/resolve';
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
  const auth = describeAuth(descriptor, params);
  return ok({ method: 'POST', url: built.url, headers: built.headers, body: built.body, auth });
}
