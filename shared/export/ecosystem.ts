/**
 * Code for the TypeScript ecosystem: the Vercel AI SDK's `rerank()` and LangChain.js's
 * `CohereRerank` (a document compressor). A column of a provider these packages speak to is
 * called directly (Cohere and the endpoints that speak Cohere's format through `@ai-sdk/cohere`
 * or `CohereRerank`, Together through its own `@ai-sdk/togetherai`, Amazon Bedrock through
 * `@ai-sdk/amazon-bedrock`); every other pipeline (local models, heuristics, LLM strategies,
 * fusion, providers without a package, Bedrock for LangChain.js, which has no Bedrock reranker
 * here) is called through `rerank-studio serve`, whose API is Cohere's, with the pipeline's key
 * as the model.
 *
 * What the packages send, read from their code (ai 6.0, @ai-sdk/cohere 3.0, @ai-sdk/togetherai
 * 2.0, @ai-sdk/amazon-bedrock 4.0.186, @langchain/cohere 1.0 with cohere-ai 7.21), and which the
 * direct route checks the adapter's request against:
 * - `@ai-sdk/cohere`: `POST {baseURL}/rerank` (default baseURL `https://api.cohere.com/v2`),
 *   `Authorization: Bearer` (always: `apiKey` or COHERE_API_KEY is required), body `{model,
 *   query, documents (strings), top_n, max_tokens_per_doc, priority}` (the last two from
 *   `providerOptions.cohere`); reads `results[].{index, relevance_score}` in the order given.
 * - `@ai-sdk/togetherai`: `POST {baseURL}/rerank` (default `https://api.together.xyz/v1`),
 *   Bearer, body `{model, documents, query, top_n, rank_fields, return_documents: false}`;
 *   requires `usage.{prompt_tokens, completion_tokens, total_tokens}` in the answer.
 * - `CohereRerank`: cohere-ai's v1 `CohereClient.rerank`, `POST {environment}/v1/rerank`,
 *   Bearer, body `{model, query, documents, top_n, max_chunks_per_doc}`, the last `null` when
 *   unset (seen on the wire: it passes the key with `undefined`, which cohere-ai's serializer
 *   writes as null); `topN` defaults to 3, so the snippets always set it. Its `client` option is
 *   how a base URL is set.
 * - `@ai-sdk/amazon-bedrock` (`BedrockRerankingModel.doRerank` in its dist/index.js):
 *   `POST {baseURL}/rerank`, the base being `baseURL`, else AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME
 *   or AWS_ENDPOINT_URL, else `https://bedrock-agent-runtime.{region}.{partition's DNS suffix}`;
 *   `region` or AWS_REGION (required); body `{queries: [{textQuery: {text}, type: "TEXT"}],
 *   rerankingConfiguration: {bedrockRerankingConfiguration: {modelConfiguration: {modelArn,
 *   additionalModelRequestFields}, numberOfResults: topN}, type: "BEDROCK_RERANKING_MODEL"},
 *   sources: [{type: "INLINE", inlineDocumentSource: {type: "TEXT", textDocument: {text}}}],
 *   nextToken}` (the last and additionalModelRequestFields from `providerOptions.bedrock`), the
 *   ARN always `arn:aws:bedrock:{region}::foundation-model/{modelId}`; reads
 *   `results[].{index, relevanceScore}` from one answer (the app follows a `nextToken`; the package
 *   returns the first page). It signs with aws4fetch's SigV4 for service `bedrock` and the region
 *   (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, or a `credentialProvider`),
 *   unless an `apiKey` or AWS_BEARER_TOKEN_BEDROCK is set (a blank one counts as unset): then it
 *   sends that as `Authorization: Bearer`, which Rerank, an Agents for Amazon Bedrock Runtime
 *   action, does not accept (Bedrock API keys are limited to the Bedrock and Bedrock Runtime
 *   actions: https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-reference.html).
 * LlamaIndex.TS is not a target: its packages (`llamaindex`, `@llamaindex/core`,
 * `@llamaindex/cohere`, `@llamaindex/env`) were marked deprecated and no longer maintained on
 * npm in 2026 (README, "Export").
 */
import type { PipelineConfig } from '../pipeline/config';
import { AWS_ENV, DEFAULT_AWS_REGION } from '../providers/auth';
import { isRerankProvider, PROVIDER_CATALOG } from '../providers/catalog';
import { stableStringify } from '../util/json';
import {
  notOneProviderCall,
  providerLabel,
  requiredEnv,
  TS_MAIN_END,
  unavailable,
  windowsNotExpressible,
  withKey,
} from './common';
import {
  DEFAULT_SAMPLE,
  type ExportOptions,
  type ExportResult,
  type ExportSample,
  type ExportTarget,
  type ProviderRequest,
} from './types';

type EcosystemTarget = Extract<ExportTarget, 'ai-sdk' | 'langchain'>;

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

interface Direct {
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
interface BedrockDirect {
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
type Serve = { kind: 'serve'; why: string };
type Route = Direct | BedrockDirect | Serve;

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

const PACKAGE_NAMES: Record<EcosystemPackages, string> = {
  'ai-sdk/cohere': '@ai-sdk/cohere',
  'ai-sdk/togetherai': '@ai-sdk/togetherai',
  'ai-sdk/amazon-bedrock': '@ai-sdk/amazon-bedrock',
  langchain: "@langchain/cohere's CohereRerank",
};

type Refused = { refused: string };
// Only the AI SDK calls Bedrock directly: LangChain.js has no Bedrock reranker here.
function route(
  target: 'langchain',
  config: PipelineConfig,
  o: ExportOptions,
): Direct | Serve | Refused;
function route(target: 'ai-sdk', config: PipelineConfig, o: ExportOptions): Route | Refused;
function route(
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

const str = JSON.stringify;

function sampleLines(sample: ExportSample): string[] {
  return [
    `const query = ${str(sample.query)};`,
    `const documents = ${str(sample.documents, null, 2)};`,
  ];
}

/** The ranking printed as JSON, `[{ index, score }]` in rank order (the tests read it). */
const PRINT = (ranking: string, entry: string) =>
  `  console.log(JSON.stringify(${ranking}.map((${entry}) => ({ index, score })), null, 2));`;
const AI_SDK_PRINT = PRINT('ranking', '{ originalIndex: index, score }');
const LANGCHAIN_PRINT = PRINT('ranking', '{ index, relevanceScore: score }');

const aiSdkCall = (args: string[]) => [
  '  const { ranking } = await rerank({',
  ...args.map((a) => `    ${a},`),
  '  });',
  AI_SDK_PRINT,
];

function keyLines(direct: Direct, name: string): string[] {
  const env = str(direct.keyEnv);
  if (direct.keyOptional)
    // The packages always send a bearer token; an open server ignores an empty one.
    return [`  const ${name} = process.env[${env}] ?? "";`];
  return [
    `  const ${name} = process.env[${env}];`,
    `  if (!${name}) throw new Error(${str(`Set ${direct.keyEnv}`)});`,
  ];
}

function directHeader(target: EcosystemTarget, config: PipelineConfig, direct: Direct): string[] {
  const { key, name } = withKey(config);
  const how = target === 'ai-sdk' ? "the Vercel AI SDK's rerank()" : "LangChain.js's CohereRerank";
  const lines = [
    `Rerank with "${name}" (${key}): ${providerLabel(config.provider)} ${direct.model}, called directly with ${how}.`,
    direct.keyOptional
      ? `${direct.keyEnv} is sent if set (this server may run without a key).`
      : `Needs ${direct.keyEnv} in the environment.`,
  ];
  return [...lines, ...fallbacksLine(config)];
}

function fallbacksLine(config: PipelineConfig): string[] {
  return config.fallbacks?.length
    ? [
        `The config's ${config.fallbacks.length} fallback(s) are not called here: this is the primary's call (\`rerank-studio serve\` runs the fallbacks).`,
      ]
    : [];
}

/** The region as the app takes it: the config's, else AWS_REGION, AWS_DEFAULT_REGION, us-east-1. */
const REGION_FROM_ENV = `process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? ${str(DEFAULT_AWS_REGION)}`;

function bedrockHeader(config: PipelineConfig, direct: BedrockDirect): string[] {
  const { key, name } = withKey(config);
  const { accessKeyId, secretAccessKey, sessionToken } = AWS_ENV;
  return [
    `Rerank with "${name}" (${key}): ${providerLabel(config.provider)} ${direct.model}, called directly with the Vercel AI SDK's rerank().`,
    `Signed with AWS SigV4 (bedrock, ${direct.region ?? `the region in AWS_REGION, else AWS_DEFAULT_REGION, else ${DEFAULT_AWS_REGION}, as the app reads it`}): needs ${accessKeyId} and ${secretAccessKey} (and ${sessionToken} for temporary credentials).`,
    'AWS_BEARER_TOKEN_BEDROCK is not used: Bedrock API keys cannot call Rerank, an Agents for Amazon Bedrock Runtime action.',
    ...fallbacksLine(config),
  ];
}

/** `createAmazonBedrock` and `rerank()` sending the adapter's request. */
function bedrockSteps(direct: BedrockDirect): string[] {
  const base = direct.byRegion
    ? `\`${direct.base.replace(/\{region\}/g, '${region}')}\``
    : str(direct.base);
  const args = [
    `model: provider.reranking(${str(direct.model)})`,
    'query',
    'documents',
    `topN: ${direct.topN === undefined ? 'documents.length' : str(direct.topN)}`,
  ];
  if (direct.additionalModelRequestFields !== undefined)
    args.push(
      `providerOptions: { bedrock: { additionalModelRequestFields: ${str(direct.additionalModelRequestFields)} } }`,
    );
  return [
    `  const region = ${direct.region === undefined ? REGION_FROM_ENV : str(direct.region)};`,
    '  // A blank apiKey keeps AWS_BEARER_TOKEN_BEDROCK out: the package then signs with SigV4,',
    '  // reading AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN itself.',
    `  const provider = createAmazonBedrock({ region, baseURL: ${base}, apiKey: "" });`,
    ...aiSdkCall(args),
  ];
}

function serveHeader(config: PipelineConfig, why: string): string[] {
  const { key, name } = withKey(config);
  const keys = requiredEnv(config).map((e) => (e.optional ? `${e.name} if set` : e.name));
  return [
    `Rerank with "${name}" (${key}) through \`rerank-studio serve\`, which runs the pipeline as the app does.`,
    `Not a direct provider call: ${why}.`,
    `Serve it first with the JSON export: npx rerank-studio serve --config ${key}.rerank.json`,
    keys.length
      ? `The server's environment holds the provider keys (${keys.join(', ')}); this process needs none.`
      : 'The pipeline needs no provider key.',
    `${SERVE_URL_ENV} is the server (default ${DEFAULT_SERVE_URL}); ${SERVE_TOKEN_ENV} is one of its RERANK_STUDIO_TOKENS (a loopback server without tokens needs none).`,
  ];
}

function serveLines(): string[] {
  return [
    `  const server = process.env[${str(SERVE_URL_ENV)}] ?? ${str(DEFAULT_SERVE_URL)};`,
    // The packages always send a bearer token; a server without tokens ignores it.
    `  const token = process.env[${str(SERVE_TOKEN_ENV)}] ?? "none";`,
  ];
}

/** The whole file: header comments, install line, imports, the example, `main()` around `steps`. */
function finish(
  target: EcosystemTarget,
  config: PipelineConfig,
  header: string[],
  parts: { packages: EcosystemPackages; imports: string[]; sample: ExportSample; steps: string[] },
): ExportResult {
  const fileName = `${withKey(config).key}-${target}.ts`;
  const install = ECOSYSTEM_PACKAGES[parts.packages].join(' ');
  const text = [
    ...header.map((line) => `// ${line}`),
    `// npm i ${install}; run with \`npx tsx ${fileName}\`.`,
    ...parts.imports,
    '',
    ...sampleLines(parts.sample),
    '',
    'async function main(): Promise<void> {',
    ...parts.steps,
    ...TS_MAIN_END,
  ].join('\n');
  return {
    target,
    ok: true,
    text,
    fileName,
    language: 'typescript',
  };
}

export function exportAiSdk(config: PipelineConfig, options: ExportOptions = {}): ExportResult {
  const how = route('ai-sdk', config, options);
  if ('refused' in how) return unavailable('ai-sdk', how.refused);
  const sample = options.sample ?? DEFAULT_SAMPLE;
  if (how.kind === 'bedrock') {
    const packages = 'ai-sdk/amazon-bedrock';
    const imports = [
      "import { rerank } from 'ai';",
      `import { createAmazonBedrock } from '${PACKAGE_NAMES[packages]}';`,
    ];
    const steps = bedrockSteps(how);
    return finish('ai-sdk', config, bedrockHeader(config, how), {
      packages,
      imports,
      sample,
      steps,
    });
  }
  const packages = how.kind === 'serve' ? 'ai-sdk/cohere' : how.packages;
  const factory = packages === 'ai-sdk/togetherai' ? 'createTogetherAI' : 'createCohere';
  const imports = [
    "import { rerank } from 'ai';",
    `import { ${factory} } from '${PACKAGE_NAMES[packages]}';`,
  ];
  const call = aiSdkCall;
  if (how.kind === 'serve') {
    const steps = [
      ...serveLines(),
      // The server speaks Cohere's v2 API; the pipeline's key is the model.
      `  const provider = ${factory}({ baseURL: \`\${server}/v2\`, apiKey: token });`,
      ...call([`model: provider.reranking(${str(withKey(config).key)})`, 'query', 'documents']),
    ];
    const header = serveHeader(config, how.why);
    return finish('ai-sdk', config, header, { packages, imports, sample, steps });
  }
  const args: string[] = [`model: provider.reranking(${str(how.model)})`, 'query', 'documents'];
  if (how.body.top_n !== undefined) args.push(`topN: ${str(how.body.top_n)}`);
  const cohereOptions = [
    ...(how.body.max_tokens_per_doc !== undefined
      ? [`maxTokensPerDoc: ${str(how.body.max_tokens_per_doc)}`]
      : []),
    ...(how.body.priority !== undefined ? [`priority: ${str(how.body.priority)}`] : []),
  ];
  if (cohereOptions.length)
    args.push(`providerOptions: { cohere: { ${cohereOptions.join(', ')} } }`);
  const steps = [
    ...keyLines(how, 'apiKey'),
    `  const provider = ${factory}({ baseURL: ${str(how.base)}, apiKey });`,
    ...call(args),
  ];
  const header = directHeader('ai-sdk', config, how);
  return finish('ai-sdk', config, header, { packages, imports, sample, steps });
}

export function exportLangChain(config: PipelineConfig, options: ExportOptions = {}): ExportResult {
  const how = route('langchain', config, options);
  if ('refused' in how) return unavailable('langchain', how.refused);
  const sample = options.sample ?? DEFAULT_SAMPLE;
  const imports = [
    "import { CohereRerank } from '@langchain/cohere';",
    "import { CohereClient } from 'cohere-ai';",
  ];
  const call = (environment: string, model: string, body: Record<string, unknown> = {}) => [
    '  const reranker = new CohereRerank({',
    `    client: new CohereClient({ token, environment: ${environment} }),`,
    `    model: ${str(model)},`,
    // CohereRerank returns 3 documents unless told: ask for all of them (or the config's cut).
    `    topN: ${body.top_n === undefined ? 'documents.length' : str(body.top_n)},`,
    ...(body.max_chunks_per_doc === undefined
      ? []
      : [`    maxChunksPerDoc: ${str(body.max_chunks_per_doc)},`]),
    '  });',
    '  // Or as a document compressor in a retriever chain: await reranker.compressDocuments(docs, query).',
    '  const ranking = await reranker.rerank(documents, query);',
    LANGCHAIN_PRINT,
  ];
  const packages = 'langchain';
  if (how.kind === 'serve') {
    const steps = [...serveLines(), ...call('server', withKey(config).key)];
    const header = serveHeader(config, how.why);
    return finish('langchain', config, header, { packages, imports, sample, steps });
  }
  const header = directHeader('langchain', config, how);
  const dropped = ['max_tokens_per_doc', 'priority'].filter((f) => how.body[f] !== undefined);
  if (dropped.length)
    header.push(
      `CohereRerank calls Cohere's v1 rerank, which has no ${dropped.join(' or ')}: not sent (the app sends ${dropped
        .map((f) => `${f} ${str(how.body[f])}`)
        .join(', ')}), so documents longer than that may rank differently here.`,
    );
  const steps = [...keyLines(how, 'token'), ...call(str(how.base), how.model, how.body)];
  return finish('langchain', config, header, { packages, imports, sample, steps });
}
