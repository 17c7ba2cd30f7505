/** Estimated cost of a column's calls, from the provider's price table and reported usage. */
import type { Cost, Usage } from '../contract/schemas';
import type { Pricing } from './catalog';

export interface CostInput {
  pricing: Pricing | undefined;
  usage: Usage | undefined;
  /** Documents per HTTP request, for per-search pricing when usage does not say. */
  requestSizes: readonly number[];
  /** Characters of query + documents sent, for a token estimate when usage does not say. */
  charactersSent: number;
}

const usd = (value: number) => `$${value.toFixed(value < 0.01 ? 6 : 4)}`;

export function estimateCost({
  pricing,
  usage,
  requestSizes,
  charactersSent,
}: CostInput): Cost | undefined {
  if (!pricing) return undefined;
  switch (pricing.kind) {
    case 'reported': {
      const reported = usage?.reportedCostUsd;
      return reported === undefined
        ? undefined
        : { usd: reported, basis: 'reported', detail: `${usd(reported)} reported by the provider` };
    }
    case 'per-search': {
      const perSearch = pricing.documentsPerSearch;
      const searches =
        usage?.searchUnits ??
        requestSizes.reduce(
          (sum, size) => sum + (perSearch ? Math.max(1, Math.ceil(size / perSearch)) : 1),
          0,
        );
      const total = (searches * pricing.usdPerThousand) / 1000;
      const source = usage?.searchUnits !== undefined ? 'billed' : 'estimated';
      return {
        usd: total,
        basis: 'per-search',
        detail: `${searches} ${source} search${searches === 1 ? '' : 'es'} × $${pricing.usdPerThousand.toFixed(2)}/1,000`,
      };
    }
    case 'per-token': {
      const reported = usage?.totalTokens ?? usage?.inputTokens;
      // About four characters per token for English text, when the provider does not say.
      const tokens = reported ?? Math.ceil(charactersSent / 4);
      const total = (tokens * pricing.usdPerMillion) / 1_000_000;
      return {
        usd: total,
        basis: 'per-token',
        detail: `${tokens.toLocaleString('en-US')} ${reported === undefined ? 'estimated ' : ''}tokens × $${pricing.usdPerMillion}/1M`,
      };
    }
  }
}

/** Adds up usage over several calls; fields absent everywhere stay absent. */
export function sumUsage(usages: readonly (Usage | undefined)[]): Usage | undefined {
  const total: Usage = {};
  for (const usage of usages) {
    if (!usage) continue;
    for (const [key, value] of Object.entries(usage) as [keyof Usage, number | undefined][]) {
      if (value !== undefined) total[key] = (total[key] ?? 0) + value;
    }
  }
  return Object.keys(total).length > 0 ? total : undefined;
}
