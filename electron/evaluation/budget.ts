/**
 * The budget check: before a run or an evaluation spends anything, its estimate (the same one
 * `eval:estimate` shows, at the prices in use: the user's or the dated list price) is compared
 * with the amount the caller allows. Over it, nothing is sent and the caller is told why, so
 * the UI can ask and the CLI can refuse unless `--yes`.
 */
import type { PipelineConfig } from '../../shared/pipeline/config';
import type { AppError } from '../../shared/util/result';
import { estimateColumns, type PlannedQuery } from './estimate';

const money = (usd: number) => `$${usd.toFixed(usd < 0.01 ? 4 : 2)}`;

/** What the calls will cost as far as it can be priced, and what could not be. */
export interface BudgetEstimate {
  usd: number;
  /** Paid columns with no dollar figure (no price known): not in `usd`. */
  unpriced: string[];
  /** One line per priced, paid column: its name and how the figure was reached. */
  lines: string[];
}

export function estimateSpend(
  configs: readonly PipelineConfig[],
  queries: readonly PlannedQuery[],
): BudgetEstimate {
  const costs = estimateColumns(configs, queries);
  const estimate: BudgetEstimate = { usd: 0, unpriced: [], lines: [] };
  costs.forEach((cost, i) => {
    if (!cost.paid) return;
    const name = configs[i]!.name;
    if (cost.usd === undefined) estimate.unpriced.push(name);
    else {
      estimate.usd += cost.usd;
      estimate.lines.push(`${name}: ${cost.detail}`);
    }
  });
  return estimate;
}

/** An `over_budget` error when the estimate exceeds `budgetUsd`; nothing when within it. */
export function checkBudget(
  configs: readonly PipelineConfig[],
  queries: readonly PlannedQuery[],
  budgetUsd: number | undefined,
): AppError | undefined {
  if (budgetUsd === undefined) return undefined;
  const estimate = estimateSpend(configs, queries);
  if (estimate.usd <= budgetUsd) return undefined;
  const unpriced = estimate.unpriced.length
    ? ` (not counted, no price known: ${estimate.unpriced.join(', ')})`
    : '';
  return {
    code: 'over_budget',
    message: `estimated cost ${money(estimate.usd)} is over the budget of ${money(budgetUsd)}; nothing was sent. ${estimate.lines.join('; ')}${unpriced}`,
    path: ['budgetUsd'],
  };
}
