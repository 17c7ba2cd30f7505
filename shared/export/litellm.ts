/**
 * A LiteLLM proxy `config.yaml` with the pipeline as a rerank model entry (LiteLLM speaks
 * Cohere's /rerank to its callers and translates per provider). Keys are `os.environ/NAME`
 * references, LiteLLM's own syntax for reading them at start-up. Fallbacks that LiteLLM can
 * express become further entries and a `router_settings.fallbacks` rule.
 *
 * Checked in tests by testkit/export-checkers/litellm.ts, which encodes LiteLLM's rules for
 * these fields with their sources (docs.litellm.ai/docs/proxy/configs, /docs/rerank,
 * /docs/proxy/reliability, and litellm/rerank_api/main.py).
 */
import type { PipelineConfig } from '../pipeline/config';
import { DEFAULT_AWS_REGION } from '../providers/auth';
import { describeProvider, type RerankProvider } from '../providers/catalog';
import {
  isQwen3Reranker,
  notOneProviderCall,
  providerLabel,
  unavailable,
  withKey,
  yamlWithHeader,
} from './common';
import type { ExportResult } from './types';

/** LiteLLM's provider route per rerank API (docs.litellm.ai/docs/rerank, "Supported Providers"). */
const ROUTES: Partial<Record<RerankProvider, string>> = {
  cohere: 'cohere',
  'cohere-compatible': 'cohere',
  heroku: 'cohere',
  azure: 'azure_ai',
  bedrock: 'bedrock',
  jina: 'jina_ai',
  voyage: 'voyage',
  together: 'together_ai',
  deepinfra: 'deepinfra',
  nvidia: 'nvidia_nim',
  vertex: 'vertex_ai',
  tei: 'huggingface',
  infinity: 'infinity',
  vllm: 'hosted_vllm',
};

const SUPPORTED = Object.keys(ROUTES).join(', ');

type Entry = { model_name: string; litellm_params: Record<string, unknown> };

function entryFor(config: PipelineConfig, modelName: string): Entry | string {
  const why = notOneProviderCall(config);
  if (why) return why;
  const provider = config.provider as RerankProvider;
  const route = ROUTES[provider];
  if (!route) {
    return `LiteLLM has no rerank route for ${providerLabel(provider)} (it has: ${SUPPORTED})`;
  }
  const descriptor = describeProvider(provider);
  const model = config.model ?? descriptor.defaultModel;
  if (!model) return `the config names no model, which LiteLLM's ${route}/ route needs`;
  const params = config.params ?? {};
  const litellm: Record<string, unknown> = {};
  if (provider === 'bedrock') {
    const region = typeof params.region === 'string' ? params.region : DEFAULT_AWS_REGION;
    const arn = model.startsWith('arn:')
      ? model
      : `arn:aws:bedrock:${region}::foundation-model/${model}`;
    // docs.litellm.ai/docs/providers/bedrock_rerank: the model is the foundation model's ARN;
    // the key pair and region as LiteLLM's Bedrock params (docs.litellm.ai/docs/providers/bedrock).
    Object.assign(litellm, {
      model: `bedrock/${arn}`,
      aws_access_key_id: 'os.environ/AWS_ACCESS_KEY_ID',
      aws_secret_access_key: 'os.environ/AWS_SECRET_ACCESS_KEY',
      aws_region_name: region,
    });
  } else if (provider === 'vertex') {
    // docs.litellm.ai/docs/providers/vertex (Rerank API): vertex_project and vertex_location
    // beside the model; Vertex's ranking API is served from the global location.
    Object.assign(litellm, {
      model: `vertex_ai/${model}`,
      ...(typeof params.project === 'string' ? { vertex_project: params.project } : {}),
      vertex_location: typeof params.location === 'string' ? params.location : 'global',
    });
  } else {
    litellm.model = `${route}/${model}`;
    const env = descriptor.keyEnv[0];
    if (env) litellm.api_key = `os.environ/${env}`;
    // Heroku's base URL lives in RERANK_URL (devcenter.heroku.com, Managed Inference and Agents:
    // the add-on's config vars); others only when the config moved it. hosted_vllm and infinity
    // need one (litellm/rerank_api/main.py raises without it), which their base URL gives.
    const base =
      config.baseUrl ?? (descriptor.kind === 'hosted' ? undefined : descriptor.defaultBaseUrl);
    if (provider === 'heroku') litellm.api_base = 'os.environ/RERANK_URL';
    else if (base) litellm.api_base = base;
    else if (!descriptor.defaultBaseUrl) return `${descriptor.label} needs the config's baseUrl`;
  }
  return { model_name: modelName, litellm_params: litellm };
}

export function exportLiteLlm(config: PipelineConfig): ExportResult {
  const { key, name } = withKey(config);
  const primary = entryFor(config, key);
  if (typeof primary === 'string') return unavailable('litellm', primary);
  const entries = [primary];
  const notes: string[] = [];
  (config.fallbacks ?? []).forEach((fallback, i) => {
    const entry = entryFor(fallback, `${key}-fallback-${i + 1}`);
    if (typeof entry === 'string')
      notes.push(`fallback ${i + 1} ("${fallback.name}") is left out: ${entry}`);
    else entries.push(entry);
  });
  const header = [
    `LiteLLM proxy config for the pipeline "${name}" (${key}), exported by Rerank Studio.`,
    'Start: litellm --config config.yaml; call: POST /rerank with {"model": "' +
      key +
      '", "query", "documents", "top_n"}.',
    ...(config.topN ? [`The pipeline's top N (${config.topN}) is the caller's top_n.`] : []),
    ...(config.instruction
      ? ["The instruction is not sent: LiteLLM's rerank request has no instruction field."]
      : []),
    ...(config.provider === 'vllm' &&
    isQwen3Reranker(config.model ?? describeProvider('vllm').defaultModel ?? '')
      ? [
          "LiteLLM sends query and documents as they are, and vLLM applies Qwen3-Reranker's template",
          'only when started with --chat-template qwen3_reranker.jinja; without it Qwen3 ranks',
          'almost at random (vLLM PR #19260). Start the server with that flag.',
        ]
      : []),
    ...notes,
  ];
  const document: Record<string, unknown> = { model_list: entries };
  // docs.litellm.ai/docs/proxy/reliability: fallbacks as [{model_name: [fallback names]}].
  if (entries.length > 1) {
    document.router_settings = {
      fallbacks: [{ [key]: entries.slice(1).map((entry) => entry.model_name) }],
    };
  }
  return {
    target: 'litellm',
    ok: true,
    text: yamlWithHeader(header, document),
    fileName: 'config.yaml',
    language: 'yaml',
  };
}
