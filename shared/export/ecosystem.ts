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
import { providerLabel, requiredEnv, TS_MAIN_END, unavailable, withKey } from './common';
import {
  DEFAULT_SERVE_URL,
  ECOSYSTEM_PACKAGES,
  PACKAGE_NAMES,
  route,
  SERVE_TOKEN_ENV,
  SERVE_URL_ENV,
  type BedrockDirect,
  type Direct,
  type EcosystemPackages,
  type EcosystemTarget,
} from './ecosystem-route';
import { DEFAULT_SAMPLE, type ExportOptions, type ExportResult, type ExportSample } from './types';

export { ECOSYSTEM_PACKAGES } from './ecosystem-route';
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
