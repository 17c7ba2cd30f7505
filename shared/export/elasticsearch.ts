/**
 * Elasticsearch: an inference endpoint for the `rerank` task (`PUT _inference/rerank/<key>`
 * with the cohere, jinaai or voyageai service) and a search whose `text_similarity_reranker`
 * retriever reranks the first retriever's hits with it. As one shell script: the provider key
 * is expanded from the environment into the endpoint's `api_key`, which Elasticsearch stores
 * encrypted; it never appears in the exported text.
 */
import type { PipelineConfig } from '../pipeline/config';
import { describeProvider } from '../providers/catalog';
import { shellQuote } from '../wire/curl';
import { notOneProviderCall, providerLabel, unavailable, withKey } from './common';
import type { ExportOptions, ExportResult } from './types';
import { DEFAULT_SAMPLE } from './types';

/** Our provider → Elasticsearch's inference service with a rerank task. */
const SERVICES = {
  cohere: { service: 'cohere', env: 'COHERE_API_KEY', topN: 'top_n' },
  jina: { service: 'jinaai', env: 'JINA_API_KEY', topN: 'top_n' },
  voyage: { service: 'voyageai', env: 'VOYAGE_API_KEY', topN: 'top_k' },
} as const;

const KEY_PLACEHOLDER = '@@API_KEY@@';

export function exportElasticsearch(
  config: PipelineConfig,
  options: ExportOptions = {},
): ExportResult {
  const why = notOneProviderCall(config);
  if (why) return unavailable('elasticsearch', why);
  const provider = config.provider;
  if (provider !== 'cohere' && provider !== 'jina' && provider !== 'voyage') {
    return unavailable(
      'elasticsearch',
      `Elasticsearch's inference API reranks with Cohere, Jina AI or Voyage AI (or Elastic's own models), and this pipeline uses ${providerLabel(provider)}`,
    );
  }
  const { key, name } = withKey(config);
  const { service, env, topN } = SERVICES[provider];
  const model = config.model ?? describeProvider(provider).defaultModel!;
  const endpoint = {
    service,
    service_settings: { api_key: KEY_PLACEHOLDER, model_id: model },
    task_settings: { ...(config.topN ? { [topN]: config.topN } : {}), return_documents: false },
  };
  const index = options.index ?? 'my-index';
  const field = options.field ?? 'text';
  const query = (options.sample ?? DEFAULT_SAMPLE).query;
  const search = {
    retriever: {
      text_similarity_reranker: {
        retriever: { standard: { query: { match: { [field]: query } } } },
        field,
        inference_id: key,
        inference_text: query,
        rank_window_size: 100,
      },
    },
    size: config.topN ?? 10,
  };
  // The endpoint body is printed as it is; only the key is spliced in, from the environment.
  const [before, after] = JSON.stringify(endpoint, null, 2).split(KEY_PLACEHOLDER);
  const auth = '-H "Authorization: ApiKey $ELASTIC_API_KEY"';
  const lines = [
    `# Elasticsearch rerank for the pipeline "${name}" (${key}), exported by Rerank Studio.`,
    `# Needs ELASTICSEARCH_URL, ELASTIC_API_KEY and ${env}; the key is stored in the inference endpoint.`,
    'set -euo pipefail',
    '',
    `# 1. The inference endpoint (${service}, ${model}).`,
    `{ printf '%s' ${shellQuote(before!)}; printf '%s' "$${env}"; printf '%s' ${shellQuote(after!)}; } |`,
    `  curl -fsS -X PUT "$ELASTICSEARCH_URL/_inference/rerank/${key}" ${auth} \\`,
    "    -H 'Content-Type: application/json' --data-binary @-",
    '',
    `# 2. A search of ${index} whose hits are reranked by it (rank_window_size hits go to ${service}).`,
    `curl -fsS -X POST "$ELASTICSEARCH_URL/${index}/_search" ${auth} \\`,
    "  -H 'Content-Type: application/json' \\",
    `  --data-raw ${shellQuote(JSON.stringify(search, null, 2))}`,
    '',
  ];
  return {
    target: 'elasticsearch',
    ok: true,
    text: lines.join('\n'),
    fileName: `${key}-elasticsearch.sh`,
    language: 'shell',
  };
}
