/** Estimated cost of LLM calls from reported token usage and a per-million-token price. */
import type { Cost, Usage } from '../../shared/contract/schemas';

export interface LlmPricing {
  inputUsdPerMillion: number;
  outputUsdPerMillion: number;
}

/**
 * `undefined` without a price, or when the usage counts neither input nor output tokens (a
 * total alone cannot be split between the two prices). A missing side counts as 0 tokens.
 * Detail reads like "1,234 in × $0.15/M + 56 out × $0.60/M".
 */
export function llmCost(usage: Usage | undefined, pricing?: LlmPricing): Cost | undefined {
  if (!pricing || !usage) return undefined;
  const { inputTokens, outputTokens } = usage;
  if (inputTokens === undefined && outputTokens === undefined) return undefined;
  const input = inputTokens ?? 0;
  const output = outputTokens ?? 0;
  const usd =
    (input * pricing.inputUsdPerMillion + output * pricing.outputUsdPerMillion) / 1_000_000;
  return {
    usd,
    basis: 'per-token',
    detail: `${count(input)} in × ${price(pricing.inputUsdPerMillion)}/M + ${count(output)} out × ${price(pricing.outputUsdPerMillion)}/M`,
    // LLM prices always come from the config (params.pricing): there is no list price here.
    price: { origin: 'user' },
  };
}

const count = (tokens: number) => tokens.toLocaleString('en-US');

/** At least cents, more digits when the price has them: $0.15, $0.075, $15.00. */
const price = (usd: number) =>
  `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 })}`;
