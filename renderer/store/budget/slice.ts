/**
 * The spending limit: a run or an evaluation whose estimate is over `budgetUsd` is refused by
 * the host before it calls anything (`over_budget`); the refusal becomes a question, and only
 * the user's yes sends the same request again without the limit.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from '../types';

/** A refused start waiting for the user: which action, and the host's estimate. */
export interface BudgetPrompt {
  action: 'run' | 'evaluation';
  message: string;
}

export interface BudgetSlice {
  /** USD a run or an evaluation may cost without asking; undefined: never ask. */
  budgetUsd?: number;
  budgetPrompt?: BudgetPrompt;
  setBudget: (usd: number | undefined) => void;
  /** The user agreed to spend more: runs the refused action without the limit. */
  confirmOverBudget: () => Promise<void>;
  dismissBudgetPrompt: () => void;
}

export const createBudgetSlice: StateCreator<AppState, [], [], BudgetSlice> = (set, get) => ({
  setBudget: (usd) =>
    set({ budgetUsd: usd !== undefined && Number.isFinite(usd) && usd >= 0 ? usd : undefined }),
  async confirmOverBudget() {
    const prompt = get().budgetPrompt;
    if (!prompt) return;
    set({ budgetPrompt: undefined });
    if (prompt.action === 'run') await get().run({ overBudgetOk: true });
    else await get().startEvaluation({ overBudgetOk: true });
  },
  dismissBudgetPrompt: () => set({ budgetPrompt: undefined }),
});

/** The limit to send with a request, unless the user already agreed to go over it. */
export function budgetField(
  state: Pick<BudgetSlice, 'budgetUsd'>,
  overBudgetOk: boolean | undefined,
): { budgetUsd?: number } {
  return state.budgetUsd === undefined || overBudgetOk ? {} : { budgetUsd: state.budgetUsd };
}
