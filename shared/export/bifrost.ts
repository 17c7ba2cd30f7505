/**
 * A Bifrost gateway `/v1/rerank` request (docs.getbifrost.ai, "Reranking"): `model` as
 * `provider/model`, documents as `{ text }`, and the config's fallbacks as Bifrost `fallbacks`,
 * which the gateway tries in order when the primary fails. Bifrost holds the provider keys;
 * the caller sends none.
 */
import type { PipelineConfig } from '../pipeline/config';
import { describeProvider, type RerankProvider } from '../providers/catalog';
import { shellQuote } from '../wire/curl';
import { notOneProviderCall, providerLabel, unavailable, withKey } from './common';
import type { ExportResult, ExportSample } from './types';
import { DEFAULT_SAMPLE } from './types';

/** Bifrost's rerank providers (docs.getbifrost.ai/quickstart/gateway/reranking, "Provider Model Examples"). */
const BIFROST: Partial<Record<RerankProvider, string>> = {
  cohere: 'cohere',
  vllm: 'vllm',
  bedrock: 'bedrock',
  vertex: 'vertex',
};

function bifrostModel(config: PipelineConfig): string | { reason: string } {
  const why = notOneProviderCall(config);
  if (why) return { reason: why };
  const provider = config.provider as RerankProvider;
  const prefix = BIFROST[provider];
  if (!prefix) {
    return {
      reason: `Bifrost reranks with ${Object.keys(BIFROST).join(', ')}, and this pipeline uses ${providerLabel(provider)}`,
    };
  }
  const model = config.model ?? describeProvider(provider).defaultModel;
  if (!model) return { reason: 'the config names no model' };
  return `${prefix}/${model}`;
}

export function exportBifrost(
  config: PipelineConfig,
  sample: ExportSample = DEFAULT_SAMPLE,
): ExportResult {
  const model = bifrostModel(config);
  if (typeof model !== 'string') return unavailable('bifrost', model.reason);
  const { key, name } = withKey(config);
  const notes: string[] = [];
  const fallbacks: string[] = [];
  (config.fallbacks ?? []).forEach((fallback, i) => {
    const resolved = bifrostModel(fallback);
    if (typeof resolved === 'string') fallbacks.push(resolved);
    else notes.push(`# Fallback ${i + 1} ("${fallback.name}") is left out: ${resolved.reason}.`);
  });
  // Every field as docs.getbifrost.ai/quickstart/gateway/reranking "Request Parameters" lists it
  // (no tool checks a Bifrost request here): model in provider/model form; documents as objects
  // with `text`; top_n and max_tokens_per_doc optional; fallbacks as provider/model strings.
  const body = {
    model,
    query: sample.query,
    documents: sample.documents.map((text) => ({ text })),
    ...(config.topN ? { top_n: config.topN } : {}),
    ...(config.maxTokensPerDoc ? { max_tokens_per_doc: config.maxTokensPerDoc } : {}),
    ...(fallbacks.length ? { fallbacks } : {}),
  };
  const lines = [
    `# Bifrost /v1/rerank request for the pipeline "${name}" (${key}), exported by Rerank Studio.`,
    '# Bifrost holds the provider keys; BIFROST_URL defaults to its standard port.',
    ...notes,
    // The gateway's default port and route, as that page's curl example has them.
    `curl -X POST "\${BIFROST_URL:-http://localhost:8080}/v1/rerank" \\`,
    "  -H 'Content-Type: application/json' \\",
    `  --data-raw ${shellQuote(JSON.stringify(body, null, 2))}`,
    '',
  ];
  return {
    target: 'bifrost',
    ok: true,
    text: lines.join('\n'),
    fileName: `${key}-bifrost.sh`,
    language: 'shell',
  };
}
