/**
 * What an evaluation will cost before it runs: per column, the calls it will make over the
 * planned queries and candidates and, for paid providers and priced LLMs, the dollars. Rerank
 * APIs use the same prices and unit rules as a finished column (`billColumn`: the user's price
 * or the dated list price), fed with the batches the column will send; LLM strategies are priced
 * from `params.pricing` with tokens estimated at four characters each (plus the answer's
 * `maxTokens` as an upper bound of output). With `longDocuments`, every window counts as the
 * document it is sent as. The result cache may make the real cost lower.
 */
import { FusionParams, type PipelineConfig } from '../../shared/pipeline/config';
import {
  LlmJudgeParams,
  LlmListwiseParams,
  strategyParamsOf,
} from '../../shared/pipeline/strategy-params';
import { describeProvider, isRerankProvider } from '../../shared/providers/catalog';
import { billColumn, type SentCall } from '../../shared/providers/pricing';
import { UserPrice } from '../../shared/providers/user-price';
import type { LabelledQuery } from '../../shared/evaluation/dataset';
import { slidingWindowPlan } from '../../shared/strategies/listwise';
import { llmCost } from '../chat/cost';
import { estimatedSettings, windowDocuments } from '../engine/long-documents';

export interface ColumnCost {
  paid: boolean;
  usd?: number;
  calls: number;
  detail: string;
}

/** Query and candidate texts as the column will see them (after the candidate limit). */
export interface PlannedQuery {
  text: string;
  documents: readonly string[];
}

export function planQueries(
  queries: readonly LabelledQuery[],
  maxCandidates?: number,
): PlannedQuery[] {
  return queries.map((query) => ({
    text: query.text,
    documents: query.candidates.slice(0, maxCandidates).map((c) => c.text),
  }));
}

const FREE: ColumnCost = { paid: false, calls: 0, detail: 'free: runs here' };
const tokens = (characters: number) => Math.ceil(characters / 4);
const money = (usd: number) => `$${usd.toFixed(usd < 0.01 ? 4 : 2)}`;

/**
 * Every column's cost. The engine scores a config once per query however many columns and
 * fusion members share it, so a member identical to a column (or to an earlier member) is
 * counted once: plain columns first, then fusions, as `counted` remembers what was.
 */
export function estimateColumns(
  configs: readonly PipelineConfig[],
  queries: readonly PlannedQuery[],
): ColumnCost[] {
  const counted: Counted = new Map();
  const costs = new Array<ColumnCost>(configs.length);
  const order = configs.map((config, i) => ({ config, i }));
  const byKind = (fusion: boolean) =>
    order.filter(({ config }) => (config.strategy === 'fusion') === fusion);
  for (const { config, i } of [...byKind(false), ...byKind(true)]) {
    const { paid, usd, calls, detail } = estimateColumnCost(config, queries, counted);
    costs[i] = { paid, ...(usd !== undefined ? { usd } : {}), calls, detail };
  }
  return costs;
}

/** Configs already counted: JSON → the counted column's name and whether it is paid. */
type Counted = Map<string, { name: string; paid: boolean }>;

/** A config already counted costs nothing more; its result says so and whether that was paid. */
interface SharedCost extends ColumnCost {
  sharedPaid?: boolean;
}

export function estimateColumnCost(
  config: PipelineConfig,
  queries: readonly PlannedQuery[],
  counted: Counted = new Map(),
): SharedCost {
  const key = JSON.stringify(config);
  const earlier = counted.get(key);
  if (earlier !== undefined) {
    return {
      paid: false,
      calls: 0,
      detail: `shares the calls of "${earlier.name}": counted there`,
      sharedPaid: earlier.paid,
    };
  }
  const cost = ownCost(config, queries, counted);
  counted.set(key, { name: config.name, paid: cost.paid });
  return cost;
}

/**
 * What a config with `longDocuments` sends in place of each document: its windows, cut by
 * estimated tokens as the engine cuts them (engine/long-documents.ts). Each window is a
 * document to the provider's price rule and an LLM call to a judge.
 */
function asSent(config: PipelineConfig, queries: readonly PlannedQuery[]): PlannedQuery[] {
  if (!config.longDocuments || config.provider === 'local') return [...queries];
  const settings = estimatedSettings(config);
  return queries.map((query) => ({
    text: query.text,
    documents: windowDocuments(
      query.documents.map((text, index) => ({ index, text })),
      settings,
    ).windows.map((window) => window.text),
  }));
}

function ownCost(
  config: PipelineConfig,
  planned: readonly PlannedQuery[],
  counted: Counted,
): ColumnCost {
  const queries = asSent(config, planned);
  switch (config.strategy) {
    case 'heuristic':
      return FREE;
    case 'dedicated-model':
      return config.provider === undefined || config.provider === 'local'
        ? FREE
        : rerankCost(config, queries);
    case 'llm-judge':
      return llmColumnCost(queries, strategyParamsOf(LlmJudgeParams, config), (query) =>
        query.documents.map((document) => ({
          input: document.length + query.text.length + 400,
          output: strategyParamsOf(LlmJudgeParams, config).maxTokens,
        })),
      );
    case 'llm-listwise': {
      const params = strategyParamsOf(LlmListwiseParams, config);
      return llmColumnCost(queries, params, (query) =>
        slidingWindowPlan(query.documents.length, params.window, params.step).map(
          ({ start, end }) => ({
            input:
              query.text.length +
              600 +
              (end - start) * Math.min(params.maxPassageChars, averageLength(query.documents)),
            output: params.maxTokens,
          }),
        ),
      );
    }
    case 'fusion': {
      const members = strategyParamsOf(FusionParams, config).members.map((member) =>
        estimateColumnCost(member, queries, counted),
      );
      const paid = members.filter((m) => m.paid);
      const usd = paid.every((m) => m.usd !== undefined)
        ? paid.reduce((sum, m) => sum + m.usd!, 0)
        : undefined;
      return {
        paid: paid.length > 0,
        ...(paid.length > 0 && usd !== undefined ? { usd } : {}),
        calls: members.reduce((sum, m) => sum + m.calls, 0),
        detail:
          paid.length > 0
            ? `the sum of its members: ${paid.map((m) => m.detail).join('; ')}`
            : members.some((m) => m.sharedPaid)
              ? 'no calls of its own: its paid members are columns counted above'
              : 'free: every member runs here',
      };
    }
  }
}

function rerankCost(config: PipelineConfig, queries: readonly PlannedQuery[]): ColumnCost {
  if (!isRerankProvider(config.provider))
    return { paid: false, calls: 0, detail: 'unknown provider' };
  const descriptor = describeProvider(config.provider);
  const params = (config.params ?? {}) as { batchSize?: unknown; pricing?: unknown };
  const batch = Math.min(
    descriptor.maxDocumentsPerRequest,
    typeof params.batchSize === 'number' && params.batchSize > 0 ? params.batchSize : Infinity,
  );
  const sent: SentCall[] = [];
  for (const query of queries) {
    for (let start = 0; start < query.documents.length; start += batch) {
      const documents = query.documents.slice(start, start + batch);
      sent.push({ queryChars: query.text.length, documentChars: documents.map((d) => d.length) });
    }
  }
  const calls = sent.length;
  const userPrice = UserPrice.safeParse(params.pricing);
  const { cost, note } = billColumn({
    provider: config.provider,
    model: config.model ?? descriptor.defaultModel,
    ...(userPrice.success ? { userPrice: userPrice.data } : {}),
    calls: sent,
    maxDocumentTokens: COHERE_SHAPED.has(config.provider) ? config.maxTokensPerDoc : undefined,
  });
  // A server of one's own is free unless the user priced it.
  const paid = descriptor.kind !== 'self-hosted' || userPrice.success;
  if (cost) return { paid, usd: cost.usd, calls, detail: `${cost.detail}; ${calls} calls` };
  if (note) return { paid, calls, detail: `${calls} calls; ${descriptor.label}: ${note}` };
  return {
    paid,
    calls,
    detail: paid
      ? `${calls} calls; ${descriptor.label} has no list price here: set params.pricing`
      : `${calls} calls to your own server`,
  };
}

/** Providers that take Cohere's max_tokens_per_doc, which cuts documents before billing. */
const COHERE_SHAPED = new Set<string>(['cohere', 'heroku', 'azure', 'cohere-compatible']);

function llmColumnCost(
  queries: readonly PlannedQuery[],
  params: { pricing?: { inputUsdPerMillion: number; outputUsdPerMillion: number } },
  callsOf: (query: PlannedQuery) => { input: number; output: number }[],
): ColumnCost {
  let input = 0;
  let output = 0;
  let calls = 0;
  for (const query of queries) {
    for (const call of callsOf(query)) {
      calls++;
      input += tokens(call.input);
      output += call.output;
    }
  }
  const cost = llmCost({ inputTokens: input, outputTokens: output }, params.pricing);
  if (!cost) {
    return {
      paid: true,
      calls,
      detail: `${calls} LLM calls, about ${input.toLocaleString('en-US')} input tokens; no price set (params.pricing), so no dollar figure`,
    };
  }
  return {
    paid: true,
    usd: cost.usd,
    calls,
    detail: `${calls} LLM calls: about ${cost.detail} = ${money(cost.usd)}`,
  };
}

function averageLength(documents: readonly string[]): number {
  return documents.length ? documents.reduce((sum, d) => sum + d.length, 0) / documents.length : 0;
}
