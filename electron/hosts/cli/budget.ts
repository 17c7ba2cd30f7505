/**
 * `--budget USD` and `--yes` for the commands that may spend money (`rerank`, `eval`): the host
 * refuses a run whose estimate is over the budget before it sends anything; without `--yes`
 * the command stops there (exit 2) with the estimate, with `--yes` it prints the estimate and
 * goes ahead, as the app does after its confirm.
 */
import type { Result } from '../../../shared/util/result';
import { CliInputError, type CliIo } from './io';

export const BUDGET_USAGE = `  --budget USD        refuse to start when the estimated cost is over USD (nothing is sent)
  --yes               go ahead even when the estimate is over --budget (the estimate is printed)`;

export const BUDGET_OPTIONS = {
  budget: { type: 'string' },
  yes: { type: 'boolean' },
} as const;

export function parseBudget(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const amount = Number(value.trim().replace(/^\$/, ''));
  if (value.trim() === '' || !Number.isFinite(amount) || amount < 0) {
    throw new CliInputError(`--budget must be an amount in USD, 0 or more (got "${value}")`);
  }
  return amount;
}

/**
 * Runs `attempt` with the budget; over it, stops with a message naming `--yes`, or with `yes`
 * prints the estimate and runs again without the budget.
 */
export async function withinBudget<T>(
  io: CliIo,
  budgetUsd: number | undefined,
  yes: boolean | undefined,
  attempt: (budget: { budgetUsd?: number }) => Promise<Result<T>>,
): Promise<Result<T>> {
  const first = await attempt(budgetUsd === undefined ? {} : { budgetUsd });
  if (first.ok || first.error.code !== 'over_budget') return first;
  if (!yes) {
    return {
      ok: false,
      error: {
        ...first.error,
        message: `${first.error.message}\nRun again with --yes to spend it.`,
      },
    };
  }
  io.stderr(`note: ${first.error.message}; going ahead (--yes)\n`);
  return attempt({});
}
