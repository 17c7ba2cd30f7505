import { useAppStore } from '../store/context';
import type { BudgetPrompt as Prompt } from '../store/budget/slice';

/** The spending limit, in USD: empty for none. */
export function BudgetField() {
  const budget = useAppStore((s) => s.budgetUsd);
  const setBudget = useAppStore((s) => s.setBudget);
  return (
    <label
      className="budget-field"
      title="Ask before a run or an evaluation whose estimated cost is over this amount"
    >
      Budget $
      <input
        type="number"
        min={0}
        step="0.01"
        inputMode="decimal"
        placeholder="none"
        aria-label="Budget in USD"
        value={budget ?? ''}
        onChange={(e) =>
          setBudget(e.target.value.trim() === '' ? undefined : Number(e.target.value))
        }
      />
    </label>
  );
}

/** The question a start over budget waits on: spend it, or not. Nothing was sent yet. */
export function BudgetPrompt({ action }: { action: Prompt['action'] }) {
  const prompt = useAppStore((s) => s.budgetPrompt);
  const confirm = useAppStore((s) => s.confirmOverBudget);
  const dismiss = useAppStore((s) => s.dismissBudgetPrompt);
  if (!prompt || prompt.action !== action) return null;
  const what = action === 'run' ? 'Run' : 'Run evaluation';
  return (
    <div className="banner warning budget-prompt" role="alertdialog" aria-label="Over budget">
      <p>{prompt.message}</p>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => void confirm()}>
          {what} anyway
        </button>
        <button type="button" onClick={dismiss}>
          Don’t spend it
        </button>
      </div>
    </div>
  );
}
