/**
 * What a dedicated-model column's calls cost: the user's price if the config sets one, else the
 * dated list price (price-table.ts), counted in the provider's own unit by the provider's own
 * rule. When the response reports usage (Cohere's billed search units, token counts), that is
 * what is billed; otherwise the rule is applied to what was sent. The same function prices a
 * finished column and an estimate (which has no usage and no elapsed time).
 */
import type { Cost, Usage } from '../contract/schemas';
import { listPrice, PRICES_READ_ON, type BillingRule, type PriceEntry } from './price-table';
import type { UserPrice } from './user-price';

/** One HTTP call's payload, in characters. */
export interface SentCall {
  queryChars: number;
  documentChars: readonly number[];
}

export interface BillInput {
  provider: string;
  model: string | undefined;
  /** The config's `params.pricing`: overrides the table. */
  userPrice?: UserPrice;
  /** What the responses reported, summed. */
  usage?: Usage;
  calls: readonly SentCall[];
  /** Time the column's calls took, for a price per hour; absent in an estimate. */
  elapsedMs?: number;
  /** Tokens each document is cut to before scoring (Cohere's max_tokens_per_doc), if sent. */
  maxDocumentTokens?: number;
}

/** A cost, or why there is none (absent when there is nothing to say: a free server). */
export interface Bill {
  cost?: Cost;
  note?: string;
}

/** About four characters per token for English text, when the provider does not count. */
const CHARS_PER_TOKEN = 4;
const tokensOf = (chars: number) => Math.ceil(chars / CHARS_PER_TOKEN);

const count = (n: number) => n.toLocaleString('en-US');
/** At least cents, more digits when the price has them: $2.00, $0.05, $0.015. */
const price = (usd: number) =>
  `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 })}`;

/**
 * Units of a `documents` rule: per call, every document counts once, or once per chunk when it
 * does not fit in `tokensPerDocument` with the query (each chunk repeats the query, so a chunk
 * holds `tokensPerDocument − query` document tokens); a call's chunks are billed in units of
 * `documentsPerUnit`, rounded up.
 */
export function documentUnits(
  rule: Extract<BillingRule, { kind: 'documents' }>,
  calls: readonly SentCall[],
  maxDocumentTokens?: number,
): number {
  let units = 0;
  for (const call of calls) {
    if (call.documentChars.length === 0) continue;
    const query = tokensOf(call.queryChars);
    let chunks = 0;
    for (const chars of call.documentChars) {
      const document = Math.min(tokensOf(chars), maxDocumentTokens ?? Infinity);
      const room = rule.tokensPerDocument ? Math.max(1, rule.tokensPerDocument - query) : Infinity;
      chunks += Math.max(1, Math.ceil(document / room));
    }
    units += Math.ceil(chunks / rule.documentsPerUnit);
  }
  return units;
}

/** Tokens of a call as token-billed APIs count them: the query once per document, plus each document. */
export function sentTokens(calls: readonly SentCall[]): number {
  return calls.reduce(
    (sum, call) =>
      sum +
      tokensOf(call.queryChars) * call.documentChars.length +
      call.documentChars.reduce((n, chars) => n + tokensOf(chars), 0),
    0,
  );
}

export function billColumn(input: BillInput): Bill {
  const entry = listPrice(input.provider, input.model);
  if (input.userPrice) return userBill(input, input.userPrice, entry);
  if (!entry) return {};
  const rule = entry.rule;
  if (rule?.kind === 'reported-usd') {
    const reported = input.usage?.reportedCostUsd;
    return reported === undefined
      ? { note: 'the provider reports the cost of each call after it' }
      : {
          cost: {
            usd: reported,
            basis: 'reported',
            detail: `${formatUsdAmount(reported)} reported by the provider`,
            price: { origin: 'reported' },
          },
        };
  }
  if (entry.usd === undefined || !rule) return { note: entry.note ?? 'no list price' };
  const list = {
    origin: 'list' as const,
    asOf: PRICES_READ_ON,
    source: entry.sources[0]!.url,
  };
  const measured = units(rule, entry, input);
  if (!measured.ok) return { note: measured.note };
  const perMillion = rule.kind === 'tokens';
  const usd = (measured.count * entry.usd) / (perMillion ? 1_000_000 : 1000);
  return {
    cost: {
      usd,
      basis: perMillion ? 'per-token' : 'per-search',
      detail: `${measured.text} × ${price(entry.usd)}/${perMillion ? '1M' : '1,000'} (list price read ${PRICES_READ_ON})`,
      price: list,
    },
  };
}

type Measured = { ok: true; count: number; text: string } | { ok: false; note: string };

/** How many of the entry's units the calls cost, reported where the provider says. */
function units(rule: BillingRule, entry: PriceEntry, input: BillInput): Measured {
  const name = (n: number) => (n === 1 ? entry.unit?.one : entry.unit?.many) ?? 'units';
  switch (rule.kind) {
    case 'documents': {
      const reported = rule.reported ? input.usage?.[rule.reported] : undefined;
      const n = reported ?? documentUnits(rule, input.calls, input.maxDocumentTokens);
      const how = reported === undefined ? 'estimated' : 'billed';
      return { ok: true, count: n, text: `${count(n)} ${how} ${name(n)}` };
    }
    case 'tokens':
      return tokenCount(input);
    case 'reported-units': {
      const reported = input.usage?.[rule.field];
      return reported === undefined
        ? { ok: false, note: `${entry.unit?.many ?? 'units'} are known only from the response` }
        : { ok: true, count: reported, text: `${count(reported)} billed ${name(reported)}` };
    }
    case 'reported-usd':
      return { ok: false, note: 'the provider reports the cost of each call after it' };
  }
}

function tokenCount(input: BillInput): Measured {
  const reported = input.usage?.totalTokens ?? input.usage?.inputTokens;
  const n = reported ?? sentTokens(input.calls);
  return {
    ok: true,
    count: n,
    text: `${count(n)} ${reported === undefined ? 'estimated ' : ''}tokens`,
  };
}

function userBill(input: BillInput, user: UserPrice, entry: PriceEntry | undefined): Bill {
  const yours = { origin: 'user' as const };
  const cost = (usd: number, basis: Cost['basis'], text: string): Bill => ({
    cost: { usd, basis, detail: `${text} (your price)`, price: yours },
  });
  if (user.usdPerThousandCalls !== undefined) {
    const n = input.calls.length;
    return cost(
      (n * user.usdPerThousandCalls) / 1000,
      'per-call',
      `${count(n)} call${n === 1 ? '' : 's'} × ${price(user.usdPerThousandCalls)}/1,000`,
    );
  }
  if (user.usdPerMillionTokens !== undefined) {
    const tokens = tokenCount(input) as Extract<Measured, { ok: true }>;
    return cost(
      (tokens.count * user.usdPerMillionTokens) / 1_000_000,
      'per-token',
      `${tokens.text} × ${price(user.usdPerMillionTokens)}/1M`,
    );
  }
  if (user.usdPerHour !== undefined) {
    if (input.elapsedMs === undefined) {
      return { note: 'priced per hour of your server: the cost follows how long the run takes' };
    }
    const seconds = input.elapsedMs / 1000;
    return cost(
      (seconds / 3600) * user.usdPerHour,
      'per-hour',
      `${seconds.toFixed(1)} s of server time × ${price(user.usdPerHour)}/hour`,
    );
  }
  const perUnit = user.usdPerThousandUnits!;
  const rule = entry?.rule;
  if (!entry || !rule || rule.kind === 'reported-usd' || rule.kind === 'tokens') {
    return { note: unitlessMessage(input.provider) };
  }
  const measured = units(rule, entry, input);
  if (!measured.ok) return { note: measured.note };
  return cost(
    (measured.count * perUnit) / 1000,
    'per-search',
    `${measured.text} × ${price(perUnit)}/1,000`,
  );
}

/** Why `usdPerThousandUnits` cannot price a provider, for errors and estimates alike. */
export function unitlessMessage(provider: string): string {
  return `params.pricing.usdPerThousandUnits: ${provider} bills no unit this app counts; use usdPerThousandCalls, usdPerMillionTokens or usdPerHour`;
}

/** Whether a user price can be applied to a provider (units need the provider's unit rule). */
export function userPriceApplies(provider: string, model: string | undefined, user: UserPrice) {
  if (user.usdPerThousandUnits === undefined) return true;
  const rule = listPrice(provider, model)?.rule;
  return rule?.kind === 'documents' || rule?.kind === 'reported-units';
}

/** "$0.000015", "$0.0200": enough digits to show a small amount. */
function formatUsdAmount(usd: number): string {
  return `$${usd.toFixed(usd < 0.01 ? 6 : 4)}`;
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
