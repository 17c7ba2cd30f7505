import {
  RUN_SOURCES,
  RUN_STATUSES,
  type RunSource,
  type RunStatus,
} from '../../shared/history/saved-run';
import { PROVIDERS, STRATEGIES } from '../../shared/pipeline/config';
import type { HistoryFilter } from '../store/history/slice';
import { useAppStore } from '../store/context';

/** Search words, status, source, provider, strategy and a date range for the History list. */
export function HistoryFilters() {
  const filter = useAppStore((s) => s.historyFilter);
  const search = useAppStore((s) => s.searchHistory);
  const change = (patch: Partial<HistoryFilter>) => void search({ ...filter, ...patch });
  return (
    <div className="history-filters">
      <label className="field inline wide">
        <span className="field-label">Search</span>
        <input
          type="search"
          value={filter.text}
          placeholder="a word of the query, instruction or documents"
          onChange={(e) => change({ text: e.target.value })}
          aria-label="Search runs"
        />
      </label>
      <Choice
        title="Status"
        name="Run status filter"
        value={filter.status}
        options={RUN_STATUSES}
        onChange={(status) => change({ status: status as RunStatus | undefined })}
      />
      <Choice
        title="Source"
        name="Run source filter"
        value={filter.source}
        options={RUN_SOURCES}
        onChange={(source) => change({ source: source as RunSource | undefined })}
      />
      <Choice
        title="Provider"
        name="Provider filter"
        value={filter.provider}
        options={PROVIDERS}
        onChange={(provider) => change({ provider })}
      />
      <Choice
        title="Strategy"
        name="Strategy filter"
        value={filter.strategy}
        options={STRATEGIES}
        onChange={(strategy) => change({ strategy })}
      />
      <label className="field inline">
        <span className="field-label">From</span>
        <input
          type="date"
          value={filter.from ?? ''}
          max={filter.to}
          onChange={(e) => change({ from: e.target.value || undefined })}
          aria-label="Runs from day"
        />
      </label>
      <label className="field inline">
        <span className="field-label">To</span>
        <input
          type="date"
          value={filter.to ?? ''}
          min={filter.from}
          onChange={(e) => change({ to: e.target.value || undefined })}
          aria-label="Runs to day"
        />
      </label>
    </div>
  );
}

function Choice({
  title,
  name,
  value,
  options,
  onChange,
}: {
  title: string;
  name: string;
  value: string | undefined;
  options: readonly string[];
  onChange: (value: string | undefined) => void;
}) {
  return (
    <label className="field inline">
      <span className="field-label">{title}</span>
      <select
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value || undefined)}
        aria-label={name}
      >
        <option value="">any</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}
