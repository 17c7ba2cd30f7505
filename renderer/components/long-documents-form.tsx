import { LOCAL_MODEL_DEFAULTS, LocalModelParams } from '../../shared/pipeline/local-model';
import {
  defaultOverlap,
  ESTIMATED_WINDOW_DEFAULTS,
  LongDocuments,
  WINDOW_AGGREGATES,
  WINDOW_RANGE,
  type WindowAggregate,
} from '../../shared/rerank/long-documents';
import type { LongDocumentsMode } from '../store/columns/long-documents';
import type { Column } from '../store/columns/slice';
import { useAppStore } from '../store/context';
import { NumberParam } from './number-param';

const AGGREGATE_LABELS: Record<WindowAggregate, string> = {
  max: 'best window (MaxP)',
  'mean-top-2': 'mean of the two best',
  first: 'first window',
};

/**
 * How a column reads documents longer than one window (shared/rerank/long-documents.ts):
 * as the model cuts them, cut to a first window, or window by window with an aggregate.
 * Local models count tokens with their tokenizer; APIs and LLM judges by estimate.
 */
export function LongDocumentsForm({ column, label }: { column: Column; label: string }) {
  const setMode = useAppStore((s) => s.setLongDocumentsMode);
  const setAggregate = useAppStore((s) => s.setLongDocumentsAggregate);
  const setNumber = useAppStore((s) => s.setLongDocumentsNumber);
  const { config } = column;
  const parsed = config.longDocuments ? LongDocuments.safeParse(config.longDocuments) : undefined;
  const settings = parsed?.success ? parsed.data : undefined;
  const local = config.provider === 'local';
  // A local window defaults to what the max length leaves beside the query (the worker fits
  // any window to that); the max length is the nearest figure known here.
  const localParams = LocalModelParams.safeParse(config.params ?? {});
  const defaultWindow = local
    ? localParams.success
      ? localParams.data.maxLength
      : LOCAL_MODEL_DEFAULTS.maxLength
    : ESTIMATED_WINDOW_DEFAULTS.window;
  const unit = local ? "tokens (the model's)" : 'estimated tokens (4 characters each)';
  return (
    <div className="long-documents-form">
      <label className="field inline">
        <span className="field-label">Long documents</span>
        <select
          value={settings?.mode ?? 'off'}
          onChange={(e) => setMode(column.id, e.target.value as LongDocumentsMode)}
          aria-label={`Long documents for ${label}`}
        >
          <option value="off">{local ? 'cut at max length' : "the provider's own cut"}</option>
          <option value="truncate">first window only</option>
          <option value="chunk">every window</option>
        </select>
      </label>
      {settings?.mode === 'chunk' && (
        <label className="field inline">
          <span className="field-label">Document score</span>
          <select
            value={settings.aggregate}
            onChange={(e) => setAggregate(column.id, e.target.value as WindowAggregate)}
            aria-label={`Document score for ${label}`}
          >
            {WINDOW_AGGREGATES.map((aggregate) => (
              <option key={aggregate} value={aggregate}>
                {AGGREGATE_LABELS[aggregate]}
              </option>
            ))}
          </select>
        </label>
      )}
      {settings && (
        <div className="params" title={`Counted in ${unit}`}>
          <NumberParam
            title="Window"
            label={label}
            idPrefix={`${column.id}-long`}
            min={WINDOW_RANGE.min}
            max={WINDOW_RANGE.max}
            step={1}
            value={settings.window ?? defaultWindow}
            onText={(text) => setNumber(column.id, 'window', text)}
          />
          {settings.mode === 'chunk' && (
            <NumberParam
              title="Overlap"
              label={label}
              idPrefix={`${column.id}-long`}
              min={0}
              max={WINDOW_RANGE.max - 1}
              step={1}
              value={settings.overlap ?? defaultOverlap(settings.window ?? defaultWindow)}
              onText={(text) => setNumber(column.id, 'overlap', text)}
            />
          )}
        </div>
      )}
    </div>
  );
}
