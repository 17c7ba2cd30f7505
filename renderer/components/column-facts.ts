/**
 * The facts a column shows about how its ranking was obtained, as plain text: what its
 * scores mean, which config produced it, cache, calls, usage and cost. Pure, so it is tested
 * without a DOM.
 */
import type { ColumnResult, Cost, ScoreKind, Usage } from '../../shared/contract';

/** One fact: its text, an optional tooltip and a class for emphasis. */
export interface ColumnFact {
  key: string;
  text: string;
  title?: string;
  className?: 'badge' | 'fallback';
}

const SCORE_KINDS: Record<ScoreKind, { text: string; title: string }> = {
  bm25: { text: 'BM25 scores', title: 'Unbounded BM25 scores: compare within this column only' },
  rank: { text: 'rank scores', title: 'Scores derived from rank positions' },
  probability: { text: 'probabilities', title: 'Relevance scores from 0 to 1' },
  logit: { text: 'logits', title: 'Raw logits; the score shown is their sigmoid' },
  grade: { text: 'grades', title: 'Relevance grades' },
  fused: { text: 'fused scores', title: "Combined from the members' rankings" },
};

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

/** "$0.0020", "$0.000015": at least four decimals, and two significant digits when tiny. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  const digits = Math.min(10, Math.max(4, 1 - Math.floor(Math.log10(usd))));
  return `$${usd.toFixed(digits)}`;
}

function describeUsage(usage: Usage): string[] {
  const parts: string[] = [];
  if (usage.searchUnits !== undefined) parts.push(plural(usage.searchUnits, 'search unit'));
  if (usage.rerankUnits !== undefined) parts.push(plural(usage.rerankUnits, 'rerank unit'));
  const tokens =
    usage.totalTokens ??
    (usage.inputTokens !== undefined || usage.outputTokens !== undefined
      ? (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0)
      : undefined);
  if (tokens !== undefined) parts.push(plural(tokens, 'token'));
  return parts;
}

function describeCost(cost: Cost): string {
  // A reported cost's detail repeats the amount.
  const how = cost.basis === 'reported' ? 'reported by the provider' : cost.detail;
  return `${formatUsd(cost.usd)} · ${how}`;
}

/** Which price the cost used, for the tooltip: the list price's page and date, or the user's. */
function priceTitle(cost: Cost): string {
  const price = cost.price;
  if (!price) return cost.detail;
  if (price.origin === 'user')
    return `${cost.detail}. Your price, set in the config (params.pricing).`;
  if (price.origin === 'reported') return `${cost.detail}. The provider reported this cost.`;
  const from = price.source ? ` from ${price.source}` : '';
  return `${cost.detail}. List price read ${price.asOf ?? 'on an unknown day'}${from}; set params.pricing to use your own.`;
}

/** The facts of a column result, in display order; empty when there is nothing to say. */
export function columnFacts(result: ColumnResult): ColumnFact[] {
  const { scoreKind, producedBy, cached, calls, retries, usage, cost } = result;
  const facts: ColumnFact[] = [];
  if (scoreKind) facts.push({ key: 'kind', ...SCORE_KINDS[scoreKind] });
  if (producedBy && producedBy.fallback > 0) {
    facts.push({
      key: 'fallback',
      text: `via fallback: ${producedBy.name}`,
      title: `The primary config failed; fallback ${producedBy.fallback} produced this ranking`,
      className: 'fallback',
    });
  }
  if (cached) {
    facts.push({
      key: 'cached',
      text: 'cached',
      title: 'Served from the result cache: no provider call was made',
      className: 'badge',
    });
  }
  if (calls !== undefined && calls > 0) {
    const retried = retries ? ` · ${plural(retries, 'retry', 'retries')}` : '';
    facts.push({ key: 'calls', text: `${plural(calls, 'call')}${retried}` });
  }
  if (usage) describeUsage(usage).forEach((text, i) => facts.push({ key: `usage${i}`, text }));
  if (cost) facts.push({ key: 'cost', text: describeCost(cost), title: priceTitle(cost) });
  return facts;
}
