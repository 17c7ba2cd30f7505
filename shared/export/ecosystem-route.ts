/**
 * Which way a config reaches the TypeScript packages of the `ai-sdk` and `langchain` exports
 * (ecosystem.ts writes the snippets): straight to the provider when a package sends exactly
 * what the app's adapter sends, else through `rerank-studio serve`, with the reason. What each
 * package sends, read from its code, is in ecosystem.ts's header.
 */
import type { PipelineConfig } from '../pipeline/config';
import { isRerankProvider, PROVIDER_CATALOG } from '../providers/catalog';
import { stableStringify } from '../util/json';
import { notOneProviderCall, providerLabel, windowsNotExpressible } from './common';
import type { ExportOptions, ExportTarget, ProviderRequest } from './types';

export type EcosystemTarget = Extract<ExportTarget, 'ai-sdk' | 'langchain'>;

/** Where `rerank-studio serve` listens unless RERANK_STUDIO_URL says otherwise. */
export const SERVE_URL_ENV = 'RERANK_STUDIO_URL';
export const SERVE_TOKEN_ENV = 'RERANK_STUDIO_TOKEN';
export const DEFAULT_SERVE_URL = 'http://127.0.0.1:8787';

/** The npm packages each snippet imports, as the user installs them. */
export const ECOSYSTEM_PACKAGES = {
  'ai-sdk/cohere': ['ai@^6', '@ai-sdk/cohere@^3'],
  'ai-sdk/togetherai': ['ai@^6', '@ai-sdk/togetherai@^2'],
  'ai-sdk/amazon-bedrock': ['ai@^6', '@ai-sdk/amazon-bedrock@^4'],
  // @langchain/cohere 1.x depends on cohere-ai ^7.14; a cohere-ai 8 client's type does not fit
  // its `client` option (a protected member differs), so the snippet needs the 7 line.
  langchain: ['@langchain/cohere@^1', '@langchain/core@^1', 'cohere-ai@^7.14'],
} as const;
export type EcosystemPackages = keyof typeof ECOSYSTEM_PACKAGES;

const COHERE_FAMILY = new Set(['cohere', 'cohere-compatible', 'heroku', 'azure']);

/** The packages that send a Cohere-style body with a bearer key. */
type CohereStyle = Exclude<EcosystemPackages, 'ai-sdk/amazon-bedrock'>;

/** Body fields each package can send; anything else in the adapter's request rules it out. */
const SENDABLE: Record<CohereStyle, readonly string[]> = {
  'ai-sdk/cohere': ['model', 'query', 'documents', 'top_n', 'max_tokens_per_doc', 'priority'],
  'ai-sdk/togetherai': ['model', 'query', 'documents', 'top_n', 'return_documents'],
  // max_tokens_per_doc and priority are v2 fields CohereRerank cannot send: a note, not a refusal.
  langchain: [
    'model',
    'query',
    'documents',
    'top_n',
    'max_chunks_per_doc',
    'max_tokens_per_doc',
    'priority',
  ],
};

export interface Direct {
  kind: 'direct';
  packages: CohereStyle;
  /** The base URL the package takes (`baseURL` or cohere-ai's `environment`). */
  base: string;
  model: string;
  body: Record<string, unknown>;
  keyEnv: string;
  keyOptional: boolean;
}
/** A Bedrock column that `@ai-sdk/amazon-bedrock` calls exactly as the app's adapter does. */
export interface BedrockDirect {
  kind: 'bedrock';
  /** The model id in the adapter's `arn:aws:bedrock:{region}::foundation-model/{model}`. */
  model: string;
  /** The config's region; undefined when the app reads it from the environment at run time. */
  region: string | undefined;
  /** The base URL; with `{region}` for the run-time region when `byRegion`. */
  base: string;
  byRegion: boolean;
  /** `numberOfResults`: the config's topN, else undefined for every document. */
  topN: number | undefined;
  additionalModelRequestFields: unknown;
}
export type Serve = { kind: 'serve'; why: string };
export type Route = Direct | BedrockDirect | Serve;

/** Why a pipeline is called through the server rather than a provider's package. */
function runsInside(config: PipelineConfig): string | undefined {
  switch (config.strategy) {
    case 'heuristic':
      return 'BM25 and the other heuristics run inside Rerank Studio';
    case 'llm-judge':
    case 'llm-listwise':
      return `the ${config.strategy} strategy is Rerank Studio's prompts and answer parsing over many LLM calls`;
    case 'fusion':
      return 'a fusion combines the rankings of several rerankers inside Rerank Studio';
    case 'dedicated-model':
      return config.provider === 'local'
        ? "the local model runs in Rerank Studio's ONNX worker"
        : undefined;
  }
}

function packageFor(target: EcosystemTarget, provider: string): EcosystemPackages | undefined {
  if (target === 'langchain') return COHERE_FAMILY.has(provider) ? 'langchain' : undefined;
  if (COHERE_FAMILY.has(provider)) return 'ai-sdk/cohere';
  if (provider === 'bedrock') return 'ai-sdk/amazon-bedrock';
  return provider === 'together' ? 'ai-sdk/togetherai' : undefined;
}

export const PACKAGE_NAMES: Record<EcosystemPackages, string> = {
  'ai-sdk/cohere': '@ai-sdk/cohere',
  'ai-sdk/togetherai': '@ai-sdk/togetherai',
  'ai-sdk/amazon-bedrock': '@ai-sdk/amazon-bedrock',
  langchain: "@langchain/cohere's CohereRerank",
};

export type Refused = { refused: string };
// Only the AI SDK calls Bedrock directly: LangChain.js has no Bedrock reranker here.
export function route(
  target: 'langchain',
  config: PipelineConfig,
  o: ExportOptions,
): Direct | Serve | Refused;
export function route(target: 'ai-sdk', config: PipelineConfig, o: ExportOptions): Route | Refused;
export function route(
  target: EcosystemTarget,
  config: PipelineConfig,
  options: ExportOptions,
): Route | Refused {
  // The windows (documents cut, each window scored, the best kept) need Rerank Studio itself.
  if (windowsNotExpressible(config))
    return {
      kind: 'serve',
      why: "the config's longDocuments windows (documents cut, each window scored, the best kept) run inside Rerank Studio",
    };
  const inside = runsInside(config);
  if (inside) return { kind: 'serve', why: inside };
  const provider = config.provider ?? '';
  if (!isRerankProvider(provider)) return { refused: notOneProviderCall(config) ?? 'no provider' };
  const label = providerLabel(provider);
  if (target === 'langchain' && provider === 'heroku')
    return {
      kind: 'serve',
      why: `CohereRerank always sends \`max_chunks_per_doc\` (null when unset), which ${label}'s rerank does not list among its fields`,
    };
  const packages = packageFor(target, provider);
  if (!packages) {
    const none =
      target === 'langchain'
        ? `LangChain.js has no reranker for ${label} (only @langchain/cohere's CohereRerank is targeted)`
        : `the AI SDK has no reranking provider for ${label} among the ones this export targets (@ai-sdk/cohere, @ai-sdk/togetherai, @ai-sdk/amazon-bedrock)`;
    return { kind: 'serve', why: none };
  }
  const { request, requestError } = options;
  if (!request)
    return {
      refused: `the provider request could not be built${requestError ? `: ${requestError}` : ''}`,
    };
  if (packages === 'ai-sdk/amazon-bedrock') return bedrockFrom(config, request);
  return directFrom(packages, request) ?? { kind: 'serve', why: cannotSay(packages, request) };
}

/**
 * The body `@ai-sdk/amazon-bedrock` 4 posts for `rerank({ query, documents: strings, topN,
 * providerOptions: { bedrock: { additionalModelRequestFields } } })`, as its
 * `BedrockRerankingModel.doRerank` builds it (dist/index.js).
 */
function bedrockPackageBody(
  query: string,
  documents: readonly string[],
  arn: string,
  topN: unknown,
  additionalModelRequestFields: unknown,
): unknown {
  return {
    queries: [{ textQuery: { text: query }, type: 'TEXT' }],
    rerankingConfiguration: {
      bedrockRerankingConfiguration: {
        modelConfiguration: { modelArn: arn, additionalModelRequestFields },
        numberOfResults: topN,
      },
      type: 'BEDROCK_RERANKING_MODEL',
    },
    sources: documents.map((text) => ({
      type: 'INLINE',
      inlineDocumentSource: { type: 'TEXT', textDocument: { text } },
    })),
  };
}

interface BedrockBody {
  queries?: { textQuery?: { text?: unknown } }[];
  sources?: { inlineDocumentSource?: { textDocument?: { text?: unknown } } }[];
  rerankingConfiguration?: {
    bedrockRerankingConfiguration?: {
      numberOfResults?: unknown;
      modelConfiguration?: { modelArn?: unknown; additionalModelRequestFields?: unknown };
    };
  };
}

/**
 * The direct call when `@ai-sdk/amazon-bedrock` sends what the Bedrock adapter sends: the same
 * path, SigV4 service and region, and the same body, field for field; the serve route otherwise.
 */
function bedrockFrom(config: PipelineConfig, request: ProviderRequest): BedrockDirect | Serve {
  const name = PACKAGE_NAMES['ai-sdk/amazon-bedrock'];
  const serve = (why: string): Serve => ({ kind: 'serve', why });
  const { auth, url } = request;
  if (auth.kind !== 'sigv4' || auth.service !== 'bedrock')
    return serve(`${name} signs with AWS SigV4 for service \`bedrock\`, which this request is not`);
  if (!url.endsWith('/rerank')) return serve(`${name} posts to {baseURL}/rerank, not ${url}`);
  const body = (request.body ?? {}) as BedrockBody;
  const bedrock = body.rerankingConfiguration?.bedrockRerankingConfiguration;
  const arn = bedrock?.modelConfiguration?.modelArn;
  const arnPrefix = `arn:aws:bedrock:${auth.region}::foundation-model/`;
  if (typeof arn !== 'string' || !arn.startsWith(arnPrefix))
    return serve(
      `${name} builds the model ARN as ${arnPrefix}{model}, and this model is ${String(arn)}`,
    );
  const query = body.queries?.[0]?.textQuery?.text;
  const documents = body.sources?.map((s) => s.inlineDocumentSource?.textDocument?.text);
  const topN = bedrock?.numberOfResults;
  const additional = bedrock?.modelConfiguration?.additionalModelRequestFields;
  const sent =
    typeof query === 'string' && documents?.every((d): d is string => typeof d === 'string')
      ? bedrockPackageBody(query, documents, arn, topN, additional)
      : undefined;
  // numberOfResults is the config's topN, else every document (`topN: documents.length`).
  if (
    !sent ||
    topN !== (config.topN ?? documents?.length) ||
    stableStringify(sent) !== stableStringify(request.body)
  )
    return serve(`${name} cannot send this request as the app does (${url})`);
  const region = typeof config.params?.region === 'string' ? config.params.region : undefined;
  // The URL as the app fills it (electron/providers/resolve.ts): the config's base URL, else the
  // catalog's, with `{region}` the resolved region; left to the run-time region when that is.
  const template = config.baseUrl || PROVIDER_CATALOG.bedrock.defaultBaseUrl || '';
  const base = url.slice(0, -'/rerank'.length);
  const byRegion =
    region === undefined &&
    template.includes('{region}') &&
    template.replace(/\{region\}/g, auth.region).replace(/\/+$/, '') === base;
  return {
    kind: 'bedrock',
    model: arn.slice(arnPrefix.length),
    region,
    base: byRegion ? template.replace(/\/+$/, '') : base,
    byRegion,
    topN: config.topN,
    additionalModelRequestFields: additional,
  };
}

/** The direct call when the package sends what the adapter sends; undefined otherwise. */
function directFrom(packages: CohereStyle, request: ProviderRequest): Direct | undefined {
  const { auth, body, url } = request;
  if (auth.kind !== 'header' || auth.header.toLowerCase() !== 'authorization') return undefined;
  if (auth.prefix !== 'Bearer ') return undefined;
  const suffix = packages === 'langchain' ? /\/v[12]\/rerank$/ : /\/rerank$/;
  if (!suffix.test(url)) return undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const fields = body as Record<string, unknown>;
  if (Object.keys(fields).some((k) => !SENDABLE[packages].includes(k))) return undefined;
  if (typeof fields.model !== 'string') return undefined;
  const documents = fields.documents;
  if (!Array.isArray(documents) || documents.some((d) => typeof d !== 'string')) return undefined;
  return {
    kind: 'direct',
    packages,
    base: url.replace(suffix, ''),
    model: fields.model,
    body: fields,
    keyEnv: auth.env,
    keyOptional: auth.optional,
  };
}

function cannotSay(packages: CohereStyle, request: ProviderRequest): string {
  const name = PACKAGE_NAMES[packages];
  const { auth } = request;
  if (auth.kind === 'sigv4') return `${name} cannot sign with AWS SigV4`;
  if (auth.kind === 'header' && auth.header.toLowerCase() !== 'authorization')
    return `this endpoint takes its key in an \`${auth.header}\` header, and ${name} sends \`Authorization: Bearer\``;
  const fields = Object.keys((request.body ?? {}) as Record<string, unknown>).filter(
    (k) => !SENDABLE[packages].includes(k),
  );
  if (fields.length) return `${name} cannot send ${fields.map((f) => `\`${f}\``).join(', ')}`;
  return `${name} cannot send this request as the app does (${request.url}, documents as strings)`;
}
