import { BASELINE_ID } from '../../../shared/evaluation/schemas';
import { evaluationBaseline, selectedColumns } from '../../store/evaluation/slice';
import { useAppStore } from '../../store/context';
import { EvaluationEstimateBox } from './evaluation-estimate';
import { BudgetPrompt } from '../budget-prompt';
import { EvaluationProgressBar } from './evaluation-progress';

/** Which workbench columns, which metrics, what limits; then the estimate, then the run. */
export function EvaluationSetup() {
  const columns = useAppStore((s) => s.columns);
  const chosen = useAppStore((s) =>
    selectedColumns(s)
      .map((c) => c.id)
      .join(' '),
  );
  const toggle = useAppStore((s) => s.toggleEvaluationColumn);
  const baseline = useAppStore(evaluationBaseline);
  const setBaseline = useAppStore((s) => s.setEvaluationBaseline);
  const settings = useAppStore((s) => s.evalSettings);
  const setSettings = useAppStore((s) => s.setEvaluationSettings);
  const estimate = useAppStore((s) => s.estimateEvaluation);
  const status = useAppStore((s) => s.evalStatus);
  const dataset = useAppStore((s) => s.evalDataset);
  const shown = useAppStore((s) => s.evalEstimate);
  const busy = status !== 'idle';
  const ids = new Set(chosen.split(' '));

  return (
    <section className="evaluation-section" aria-label="Columns and settings">
      <h3>Columns</h3>
      <p className="hint">
        The input order is always evaluated; choose the columns to evaluate with it, and which one
        the others are tested against. Every pair is tested as well.
      </p>
      <ul className="evaluation-columns">
        {columns.map((column) => (
          <li key={column.id}>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={ids.has(column.id)}
                disabled={busy}
                onChange={(e) => toggle(column.id, e.target.checked)}
                aria-label={`Evaluate ${column.config.name}`}
              />
              {column.config.name}
              <span className="hint"> {column.config.provider ?? column.config.strategy}</span>
            </label>
          </li>
        ))}
      </ul>
      <label className="field inline">
        <span className="field-label">Baseline</span>
        <select
          value={baseline}
          disabled={busy}
          aria-label="Baseline column"
          onChange={(e) => setBaseline(e.target.value)}
        >
          <option value={BASELINE_ID}>input order</option>
          {columns
            .filter((column) => ids.has(column.id))
            .map((column) => (
              <option key={column.id} value={column.id}>
                {column.config.name}
              </option>
            ))}
        </select>
      </label>
      <div className="settings-row">
        <label className="field inline grow">
          <span className="field-label">Metrics</span>
          <input
            type="text"
            value={settings.metrics}
            disabled={busy}
            aria-label="Metrics"
            onChange={(e) => setSettings({ metrics: e.target.value })}
          />
        </label>
        <NumberField
          label="Relevant ≥"
          title="Grade at or above which a document is relevant for MRR, recall, P and MAP (TREC DL uses 2)"
          value={settings.threshold}
          name="Relevance threshold"
          disabled={busy}
          onChange={(threshold) => setSettings({ threshold })}
        />
        <NumberField
          label="Queries"
          value={settings.maxQueries}
          name="Maximum queries"
          placeholder="all"
          disabled={busy}
          onChange={(maxQueries) => setSettings({ maxQueries })}
        />
        <NumberField
          label="Candidates per query"
          value={settings.maxCandidates}
          name="Maximum candidates per query"
          placeholder="all"
          disabled={busy}
          onChange={(maxCandidates) => setSettings({ maxCandidates })}
        />
        <button
          type="button"
          className="primary"
          disabled={busy || !dataset || shown !== undefined}
          onClick={() => void estimate()}
        >
          {status === 'estimating' ? 'Estimating…' : 'Start evaluation…'}
        </button>
      </div>
      <EvaluationEstimateBox />
      <BudgetPrompt action="evaluation" />
      <EvaluationProgressBar />
    </section>
  );
}

/** A short number box; the store checks what was typed and names the field if it is wrong. */
function NumberField(props: {
  label: string;
  name: string;
  value: string;
  title?: string;
  placeholder?: string;
  disabled: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <label className="field inline" title={props.title}>
      <span className="field-label">{props.label}</span>
      <input
        type="text"
        inputMode="numeric"
        className="narrow"
        value={props.value}
        placeholder={props.placeholder}
        disabled={props.disabled}
        aria-label={props.name}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}
