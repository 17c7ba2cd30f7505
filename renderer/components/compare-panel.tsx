import { useMemo } from 'react';
import { compareRankings, orderDocuments } from '../../shared/scoring/comparison';
import { COMPARE_NUMBERS, comparisonInputs, type CompareNumber } from '../store/compare/slice';
import { useAppStore } from '../store/context';
import { AgreementTable } from './agreement-table';
import { BumpChart } from './bump-chart';
import { ModalDialog } from './modal-dialog';
import { NumberParam } from './number-param';
import { RankTable } from './rank-table';

/**
 * Compares rankings: the columns of the current run, or of two saved runs. A movement chart of
 * the top ranks, the agreement of every pair, and every document's ranks and Δrank.
 */
export function ComparePanel() {
  const close = useAppStore((s) => s.closeCompare);
  const compareRuns = useAppStore((s) => s.compareRuns);
  const snapshot = useAppStore((s) => s.snapshot);
  const columns = useAppStore((s) => s.columns);
  const columnRuns = useAppStore((s) => s.columnRuns);
  const settings = useAppStore((s) => s.compareSettings);
  const setSettings = useAppStore((s) => s.setCompareSettings);

  const inputs = useMemo(
    () => comparisonInputs({ compareRuns, snapshot, columns, columnRuns }),
    [compareRuns, snapshot, columns, columnRuns],
  );
  const shown = useMemo(
    () => inputs.rankings.filter((ranking) => !settings.hidden.includes(ranking.id)),
    [inputs.rankings, settings.hidden],
  );
  const comparison = useMemo(
    () => compareRankings(shown, { p: settings.p, k: settings.k }),
    [shown, settings.p, settings.k],
  );
  const reference = Math.min(settings.reference, Math.max(0, shown.length - 1));
  const tableOrder = useMemo(
    () => orderDocuments(comparison, reference, settings.order),
    [comparison, reference, settings.order],
  );
  const toggle = (id: string, included: boolean) =>
    setSettings({
      hidden: included ? settings.hidden.filter((h) => h !== id) : [...settings.hidden, id],
      reference: 0,
    });

  return (
    <ModalDialog label="Compare rankings" className="compare-dialog" onClose={close}>
      <h2>Compare rankings</h2>
      <p className="hint">
        {inputs.source}
        {inputs.matched &&
          ` · ${inputs.matched.matched} of run B's ${inputs.matched.of} documents are also in run A (matched by id, or else by text)`}
      </p>
      {inputs.rankings.length < 2 ? (
        <p className="empty">
          Nothing to compare yet: a comparison needs at least two finished columns.
        </p>
      ) : (
        <>
          <fieldset className="compare-rankings">
            <legend>Rankings</legend>
            {inputs.rankings.map((ranking) => (
              <label key={ranking.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={!settings.hidden.includes(ranking.id)}
                  onChange={(e) => toggle(ranking.id, e.target.checked)}
                />
                {ranking.label}
              </label>
            ))}
          </fieldset>
          <CompareSettingsRow />
          {shown.length < 2 ? (
            <p className="empty">Choose at least two rankings.</p>
          ) : (
            <>
              <AgreementTable
                rankings={shown}
                pairs={comparison.pairs}
                p={settings.p}
                k={settings.k}
              />
              <div className="bump-chart-box">
                <BumpChart
                  rankings={shown}
                  documents={comparison.documents}
                  texts={inputs.documents}
                  depth={settings.depth}
                />
              </div>
              <div className="compare-settings">
                <label className="field inline">
                  <span className="field-label">Δrank against</span>
                  <select
                    value={reference}
                    onChange={(e) => setSettings({ reference: Number(e.target.value) })}
                    aria-label="Reference ranking"
                  >
                    {shown.map((ranking, r) => (
                      <option key={ranking.id} value={r}>
                        {ranking.label}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field inline">
                  <span className="field-label">Order</span>
                  <select
                    value={settings.order}
                    onChange={(e) =>
                      setSettings({ order: e.target.value as typeof settings.order })
                    }
                    aria-label="Document order"
                  >
                    <option value="reference">by reference rank</option>
                    <option value="largest-move">largest move first</option>
                  </select>
                </label>
              </div>
              <RankTable
                rankings={shown}
                documents={tableOrder}
                texts={inputs.documents}
                reference={reference}
              />
            </>
          )}
        </>
      )}
      <div className="button-row end">
        <button type="button" onClick={close}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}

/** RBO p, top-k and chart depth, each refused with its range when typed out of bounds. */
function CompareSettingsRow() {
  const settings = useAppStore((s) => s.compareSettings);
  const setNumber = useAppStore((s) => s.setCompareNumber);
  const fields: CompareNumber[] = ['p', 'k', 'depth'];
  return (
    <div className="compare-settings">
      {fields.map((field) => {
        const { min, max, step, name } = COMPARE_NUMBERS[field];
        return (
          <NumberParam
            key={field}
            title={name}
            label="the comparison"
            idPrefix="compare"
            min={min}
            max={max}
            step={step}
            value={settings[field]}
            onText={(text) => setNumber(field, text)}
            keptBy="the comparison"
          />
        );
      })}
    </div>
  );
}
