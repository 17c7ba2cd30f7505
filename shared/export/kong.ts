/**
 * Kong AI Gateway, as a decK state file: a service, a `/rerank` route and the `ai-proxy`
 * plugin in the provider's native format (`llm_format: bedrock | cohere`, Kong 3.10+), which is
 * how Kong proxies rerank requests (developer.konghq.com "Use AWS Bedrock rerank API with AI
 * Proxy"; the ai-proxy capability table lists rerank for Bedrock and Cohere only). Credentials
 * are decK environment references (`${{ env "DECK_…" }}`), resolved when the file is applied.
 */
import type { PipelineConfig } from '../pipeline/config';
import { DEFAULT_AWS_REGION } from '../providers/auth';
import { describeProvider } from '../providers/catalog';
import { notOneProviderCall, providerLabel, unavailable, withKey, yamlWithHeader } from './common';
import type { ExportResult } from './types';

const deckEnv = (name: string) => `\${{ env "DECK_${name}" }}`;

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
    plugin = {
      route_type: 'llm/v1/chat',
      llm_format: 'bedrock',
      auth: {
        allow_override: false,
        aws_access_key_id: deckEnv('AWS_ACCESS_KEY_ID'),
        aws_secret_access_key: deckEnv('AWS_SECRET_ACCESS_KEY'),
      },
      model: { provider: 'bedrock', name: arn, options: { bedrock: { aws_region: region } } },
      logging: { log_payloads: false, log_statistics: true },
    };
    sendsTo = 'Bedrock Agent Runtime Rerank bodies (queries, sources, rerankingConfiguration)';
  } else {
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
