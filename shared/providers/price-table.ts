/**
 * List prices of the hosted rerank APIs, dated and sourced: what each provider bills, in the
 * unit it names, by which rule, at what price, and where that was read. A price that could not
 * be confirmed is absent, with a note saying so, rather than guessed; a user's own price
 * (`params.pricing`, see user-price.ts) overrides any of these.
 *
 * Every price was read on PRICES_READ_ON through the pages named in `source`. Where only a
 * secondary page (a reseller, a gateway's catalogue) gave the figure, `confidence` says so.
 * Update the date, the figures and the sources together.
 */
import type { RerankProvider } from './catalog';

/** The day the table was last checked against its sources. */
export const PRICES_READ_ON = '2026-12-06';

/** How a provider counts what it bills. */
export type BillingRule =
  /**
   * One unit per `documentsPerUnit` documents of a call (rounded up). A document that does not
   * fit in `tokensPerDocument` tokens together with the query is split into chunks, each
   * holding the query, and each chunk counts as a document. `reported`: the response field that
   * carries the billed count, which is used instead of the rule when present.
   */
  | {
      kind: 'documents';
      documentsPerUnit: number;
      tokensPerDocument?: number;
      reported?: 'searchUnits';
    }
  /** Tokens of the query and every document; the response's count is used when present. */
  | { kind: 'tokens' }
  /** A count only the provider's response gives (Pinecone's rerank units). */
  | { kind: 'reported-units'; field: 'rerankUnits' }
  /** The response carries the cost in USD (DeepInfra). */
  | { kind: 'reported-usd' };

export interface PriceSource {
  /** The page the price (or the rule) was read from. */
  url: string;
  /** `provider`: the provider's own page; `secondary`: a reseller's or catalogue's page. */
  confidence: 'provider' | 'secondary';
  /** The provider's words, where they define the unit. */
  quote?: string;
}

export interface PriceEntry {
  provider: RerankProvider;
  /** Model ids the entry covers; absent: every model of the provider not listed elsewhere. */
  models?: readonly string[];
  /** The billing unit as the provider names it, singular and plural. */
  unit?: { one: string; many: string };
  rule?: BillingRule;
  /** USD per 1,000 units (`documents`, `reported-units`) or per 1,000,000 tokens (`tokens`). */
  usd?: number;
  sources: readonly PriceSource[];
  /** What is not confirmed, and why a price is absent. */
  note?: string;
}

const SEARCH_UNITS = { one: 'search unit', many: 'search units' };
const QUERIES = { one: 'query', many: 'queries' };
const TOKENS = { one: 'token', many: 'tokens' };

const COHERE_RULE: BillingRule = {
  kind: 'documents',
  documentsPerUnit: 100,
  tokensPerDocument: 500,
  reported: 'searchUnits',
};
const COHERE_FAQ: PriceSource = {
  url: 'https://cohere.com/pricing',
  confidence: 'provider',
  quote: 'A single search unit is defined as one query with up to 100 documents to be ranked.',
};
/** Bedrock's documented unit; the 512-token chunk is issue 16's reading of the pricing page. */
const BEDROCK_RULE: BillingRule = {
  kind: 'documents',
  documentsPerUnit: 100,
  tokensPerDocument: 512,
};
const BEDROCK_DOCS: PriceSource = {
  url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/rerank-pricing.html',
  confidence: 'provider',
  quote:
    'Reranking is priced per query. A query is a single call to the reranker model that can contain up to 100 document chunks.',
};
const HEROKU_RERANK: PriceSource = {
  url: 'https://devcenter.heroku.com/articles/heroku-inference-api-v1-rerank',
  confidence: 'provider',
};
const VOYAGE_CATALOGUES: readonly PriceSource[] = [
  { url: 'https://www.getmaxim.ai/bifrost/model-library/provider/voyage', confidence: 'secondary' },
  { url: 'https://vercel.com/ai-gateway/models/rerank-2.5.md', confidence: 'secondary' },
];

export const PRICE_TABLE: readonly PriceEntry[] = [
  {
    provider: 'cohere',
    models: ['rerank-v4.0-pro'],
    unit: SEARCH_UNITS,
    rule: COHERE_RULE,
    usd: 2.5,
    sources: [
      COHERE_FAQ,
      { url: 'https://developer.puter.com/tutorials/cohere-api-pricing/', confidence: 'secondary' },
    ],
    note: 'The $2.50 figure is from a June 2026 summary; cohere.com/pricing listed no pay-as-you-go Rerank price when read.',
  },
  {
    provider: 'cohere',
    models: ['rerank-v4.0-fast'],
    unit: SEARCH_UNITS,
    rule: COHERE_RULE,
    usd: 2,
    sources: [
      COHERE_FAQ,
      { url: 'https://developer.puter.com/tutorials/cohere-api-pricing/', confidence: 'secondary' },
    ],
    note: 'The $2.00 figure is from a June 2026 summary; cohere.com/pricing listed no pay-as-you-go Rerank price when read.',
  },
  {
    provider: 'cohere',
    unit: SEARCH_UNITS,
    rule: COHERE_RULE,
    usd: 2,
    sources: [
      COHERE_FAQ,
      {
        url: 'https://artificial-intelligence-wiki.com/ai-development/rag-systems/cohere-rerank-guide',
        confidence: 'secondary',
      },
    ],
    note: "Rerank 3.5 at $2.00 per 1,000 searches, as Heroku resells it. The 500-token chunk rule is Cohere's earlier pricing FAQ (documents longer than 500 tokens with the query count as several); Cohere reports the billed search units, which are used when present.",
  },
  {
    provider: 'bedrock',
    models: ['cohere.rerank-v3-5:0'],
    unit: QUERIES,
    rule: BEDROCK_RULE,
    usd: 2,
    sources: [
      BEDROCK_DOCS,
      { url: 'https://aws.amazon.com/bedrock/pricing/', confidence: 'provider' },
    ],
    note: "The amount is Heroku's price for the same Bedrock-hosted model; the rerank section of aws.amazon.com/bedrock/pricing was not in the copy read. Bedrock's response reports no usage.",
  },
  {
    provider: 'bedrock',
    models: ['amazon.rerank-v1:0'],
    unit: QUERIES,
    rule: BEDROCK_RULE,
    usd: 1,
    sources: [
      BEDROCK_DOCS,
      { url: 'https://aws.amazon.com/bedrock/pricing/', confidence: 'provider' },
    ],
    note: "The amount is Heroku's price for the same Bedrock-hosted model; the rerank section of aws.amazon.com/bedrock/pricing was not in the copy read.",
  },
  {
    provider: 'bedrock',
    unit: QUERIES,
    rule: BEDROCK_RULE,
    sources: [BEDROCK_DOCS],
    note: 'No price for other Bedrock models: set your own.',
  },
  {
    provider: 'heroku',
    models: ['cohere-rerank-3-5'],
    unit: QUERIES,
    rule: { kind: 'documents', documentsPerUnit: 100, reported: 'searchUnits' },
    usd: 2,
    sources: [
      HEROKU_RERANK,
      {
        url: 'https://devcenter.heroku.com/articles/heroku-inference-api-model-cohere-rerank-3-5',
        confidence: 'provider',
      },
    ],
    note: "Heroku's models run on Amazon Bedrock; its response reports billed search units, used when present. Without them, 100 documents are counted as one query, as Bedrock counts.",
  },
  {
    provider: 'heroku',
    models: ['amazon-rerank-1-0'],
    unit: QUERIES,
    rule: { kind: 'documents', documentsPerUnit: 100, reported: 'searchUnits' },
    usd: 1,
    sources: [HEROKU_RERANK],
    note: "Heroku's models run on Amazon Bedrock; its response reports billed search units, used when present.",
  },
  {
    provider: 'heroku',
    unit: QUERIES,
    rule: { kind: 'documents', documentsPerUnit: 100, reported: 'searchUnits' },
    sources: [HEROKU_RERANK],
    note: 'No price for a model not named here (set model, or your own price).',
  },
  {
    provider: 'azure',
    unit: SEARCH_UNITS,
    rule: COHERE_RULE,
    sources: [{ url: 'https://azure.microsoft.com/pricing/', confidence: 'provider' }],
    note: 'Sold through the Azure Marketplace; no price confirmed: set your own.',
  },
  {
    provider: 'mixedbread',
    unit: TOKENS,
    rule: { kind: 'tokens' },
    usd: 0.15,
    sources: [
      {
        url: 'https://www.mixedbread.com/docs/reranking/models/mxbai-rerank-large-v2',
        confidence: 'provider',
      },
    ],
  },
  {
    provider: 'voyage',
    models: ['rerank-2.5-lite', 'rerank-2-lite'],
    unit: TOKENS,
    rule: { kind: 'tokens' },
    usd: 0.02,
    sources: VOYAGE_CATALOGUES,
    note: 'docs.voyageai.com/docs/pricing was not in the copy read; the figure is from gateways that resell Voyage at list price.',
  },
  {
    provider: 'voyage',
    unit: TOKENS,
    rule: { kind: 'tokens' },
    usd: 0.05,
    sources: VOYAGE_CATALOGUES,
    note: 'rerank-2.5 and rerank-2; docs.voyageai.com/docs/pricing was not in the copy read.',
  },
  {
    provider: 'jina',
    unit: TOKENS,
    rule: { kind: 'tokens' },
    sources: [{ url: 'https://jina.ai/reranker', confidence: 'provider' }],
    note: 'Billed in tokens from prepaid packs; no per-token price confirmed: set your own.',
  },
  {
    provider: 'together',
    unit: TOKENS,
    rule: { kind: 'tokens' },
    sources: [
      { url: 'https://docs.together.ai/docs/inference/embeddings/rerank', confidence: 'provider' },
    ],
    note: 'Together reports tokens; no rerank price confirmed: set your own.',
  },
  {
    provider: 'pinecone',
    unit: { one: 'rerank unit', many: 'rerank units' },
    rule: { kind: 'reported-units', field: 'rerankUnits' },
    sources: [
      {
        url: 'https://docs.pinecone.io/guides/inference/understanding-inference',
        confidence: 'provider',
      },
    ],
    note: 'Pinecone reports rerank units in each response; their price was not confirmed: set your own (per 1,000 rerank units).',
  },
  {
    provider: 'vertex',
    sources: [
      { url: 'https://cloud.google.com/generative-ai-app-builder/pricing', confidence: 'provider' },
    ],
    note: 'The Ranking API price and unit were not in the copy of the Vertex AI Search pricing page read: set your own.',
  },
  {
    provider: 'nvidia',
    sources: [
      {
        url: 'https://docs.nvidia.com/nim/nemo-retriever/text-reranking/latest/using-reranking.html',
        confidence: 'provider',
      },
    ],
    note: "NVIDIA's hosted API publishes no per-call price (developer credits); a NIM you run costs your server: set your own.",
  },
  {
    provider: 'deepinfra',
    rule: { kind: 'reported-usd' },
    sources: [{ url: 'https://docs.deepinfra.com/apis/reranker', confidence: 'provider' }],
    note: 'Each response reports its cost (inference_status.cost).',
  },
];

/** The entry for a provider and model: the model's own, else the provider's catch-all. */
export function listPrice(provider: string, model: string | undefined): PriceEntry | undefined {
  const entries = PRICE_TABLE.filter((entry) => entry.provider === provider);
  return (
    entries.find((entry) => model !== undefined && entry.models?.includes(model)) ??
    entries.find((entry) => entry.models === undefined)
  );
}
