/**
 * Kong AI Gateway, as a decK state file: a service, a `/rerank` route and the `ai-proxy`
 * plugin in the provider's native format, which is how Kong proxies rerank requests
 * (developer.konghq.com "Use AWS Bedrock rerank API with AI Proxy"; the ai-proxy capability
 * table lists rerank for Bedrock and Cohere only). `llm_format: bedrock` needs Kong 3.10 and
 * `llm_format: cohere` 3.11: the plugin's published schema (developer.konghq.com
 * app/_schemas/gateway/plugins/3.10/AiProxy.json) has only bedrock, gemini and openai in 3.10,
 * and 3.11's adds cohere and huggingface; the file's header says which. Credentials are decK
 * environment references (`${{ env "DECK_…" }}`), resolved when the file is applied.
 *
 * Checked in tests by testkit/export-checkers/deck.ts, which encodes decK's file schema and the
 * plugin's rules with their sources.
 */
import type { PipelineConfig } from '../pipeline/config';
import { DEFAULT_AWS_REGION } from '../providers/auth';
import { describeProvider } from '../providers/catalog';
import { notOneProviderCall, providerLabel, unavailable, withKey, yamlWithHeader } from './common';
import type { ExportResult } from './types';

/** decK's template syntax; it reads only variables prefixed DECK_ (go-database-reconciler pkg/file/template.go). */
const deckEnv = (name: string) => `\${{ env "DECK_${name}" }}`;

/** The first Kong Gateway whose ai-proxy has `llm_format` set to this provider's format. */
export const MIN_KONG = { bedrock: '3.10', cohere: '3.11' } as const;

export function exportKong(config: PipelineConfig): ExportResult {
  const why = notOneProviderCall(config);
  if (why) return unavailable('kong', why);
  const { key, name } = withKey(config);
  const provider = config.provider;
  if (provider !== 'cohere' && provider !== 'bedrock') {
    return unavailable(
      'kong',
      `Kong's ai-proxy reranks only through the native Bedrock and Cohere formats, and this pipeline uses ${providerLabel(provider)}`,
    );
  }
  const model = config.model ?? describeProvider(provider).defaultModel!;
  const params = config.params ?? {};
  let plugin: Record<string, unknown>;
  let sendsTo: string;
  if (provider === 'bedrock') {
    const region = typeof params.region === 'string' ? params.region : DEFAULT_AWS_REGION;
    const arn = model.startsWith('arn:')
      ? model
      : `arn:aws:bedrock:${region}::foundation-model/${model}`;
    // developer.konghq.com/plugins/ai-proxy/examples/bedrock-native-routes: llm_format bedrock
    // with route_type llm/v1/chat serves Bedrock's native APIs, /rerank among them; Bedrock
    // allows only allow_override false (kong/llm/schemas/init.lua); the model is the ARN that
    // Bedrock's Rerank API takes as modelArn.
    plugin = {
      route_type: 'llm/v1/chat',
      llm_format: 'bedrock',
      auth: {
        allow_override: false,
        aws_access_key_id: deckEnv('AWS_ACCESS_KEY_ID'),
        aws_secret_access_key: deckEnv('AWS_SECRET_ACCESS_KEY'),
      },
      model: { provider: 'bedrock', name: arn, options: { bedrock: { aws_region: region } } },
      // Statistics but never the payloads: the documents are the caller's data.
      logging: { log_payloads: false, log_statistics: true },
    };
    sendsTo = 'Bedrock Agent Runtime Rerank bodies (queries, sources, rerankingConfiguration)';
  } else {
    // developer.konghq.com/ai-gateway/ai-providers/cohere, "Supported native LLM formats for
    // Cohere": llm_format cohere passes Cohere's own APIs through; the key goes in the header
    // Cohere reads (Authorization: Bearer, docs.cohere.com/reference/rerank).
    plugin = {
      route_type: 'llm/v1/chat',
      llm_format: 'cohere',
      auth: {
        allow_override: false,
        header_name: 'Authorization',
        header_value: `Bearer ${deckEnv('COHERE_API_KEY')}`,
      },
      model: { provider: 'cohere', name: model },
      logging: { log_payloads: false, log_statistics: true },
    };
    sendsTo = `Cohere rerank bodies (model ${model}, query, documents, top_n)`;
  }
  const env =
    provider === 'bedrock'
      ? 'DECK_AWS_ACCESS_KEY_ID and DECK_AWS_SECRET_ACCESS_KEY'
      : 'DECK_COHERE_API_KEY';
  const header = [
    `Kong AI Gateway (decK) for the pipeline "${name}" (${key}), exported by Rerank Studio.`,
    `Needs Kong Gateway ${MIN_KONG[provider]} or later (ai-proxy's native ${provider === 'bedrock' ? 'Bedrock' : 'Cohere'} format).`,
    `Apply: export ${env}; deck gateway apply kong.yaml`,
    `Callers POST ${sendsTo} to the /rerank route.`,
    ...(config.fallbacks?.length
      ? ['Fallbacks are left out: ai-proxy proxies one model (ai-proxy-advanced balances targets).']
      : []),
  ];
  const state = {
    _format_version: '3.0',
    services: [
      {
        name: `${key}-rerank`,
        // ai-proxy replaces the upstream; decK still needs a service URL.
        url: 'http://localhost:32000',
        routes: [
          {
            name: `${key}-rerank`,
            paths: ['/rerank'],
            methods: ['POST'],
            plugins: [{ name: 'ai-proxy', config: plugin }],
          },
        ],
      },
    ],
  };
  return {
    target: 'kong',
    ok: true,
    text: yamlWithHeader(header, state),
    fileName: 'kong.yaml',
    language: 'yaml',
  };
}
