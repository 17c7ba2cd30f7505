import {
  DEFAULT_JUDGE_TEMPLATE,
  LISTWISE_DEFAULTS,
  LlmJudgeParams,
  LlmListwiseParams,
} from '../../shared/pipeline/strategy-params';
import {
  describeLlm,
  isLlmProvider,
  LLM_CATALOG,
  LLM_PROVIDERS,
  type LlmProvider,
} from '../../shared/providers/llm-catalog';
import type { Column } from '../store/columns/slice';
import { useAppStore } from '../store/context';
import { DraftField } from './draft-field';
import { ModelField } from './model-field';
import { NumberParam } from './number-param';

const SCALES = [
  { value: '0-3', label: 'Grade 0–3', scale: { min: 0, max: 3 } },
  { value: '0-10', label: 'Grade 0–10', scale: { min: 0, max: 10 } },
  { value: 'yes-no', label: 'Yes / no', scale: 'yes-no' as const },
];

/**
 * An LLM column (judge or listwise): backend, model, base URL, and the settings that shape
 * the ranking. Everything else (concurrency, prices, timeouts) is in Edit config.
 */
export function LlmForm({ column, label }: { column: Column; label: string }) {
  const setLlmProvider = useAppStore((s) => s.setLlmProvider);
  const setColumnBaseUrl = useAppStore((s) => s.setColumnBaseUrl);
  const setColumnParam = useAppStore((s) => s.setColumnParam);
  const { config } = column;
  const provider: LlmProvider = isLlmProvider(config.provider)
    ? config.provider
    : 'openai-compatible';
  const descriptor = describeLlm(provider);
  const judge = config.strategy === 'llm-judge';
  const params = (judge ? LlmJudgeParams : LlmListwiseParams).safeParse(config.params ?? {});
  const hardening = params.success ? params.data.hardening : true;
  const urlsId = `${column.id}-llm-urls`;

  return (
    <div className="provider-form llm-form">
      <label className="field">
        <span className="field-label">
          LLM backend <span className="hint">key: Keys panel or {descriptor.keyEnv[0]}</span>
        </span>
        <select
          value={provider}
          onChange={(e) => setLlmProvider(column.id, e.target.value as LlmProvider)}
          aria-label={`LLM backend for ${label}`}
        >
          {LLM_PROVIDERS.map((id) => (
            <option key={id} value={id}>
              {LLM_CATALOG[id].label}
            </option>
          ))}
        </select>
      </label>
      <ModelField
        column={column}
        label={label}
        defaultModel={descriptor.defaultModel}
        models={descriptor.models}
      />
      <DraftField
        title="Base URL"
        name={`Base URL for ${label}`}
        type="url"
        initial={config.baseUrl ?? ''}
        placeholder={descriptor.defaultBaseUrl}
        list={urlsId}
        onEdit={(text) => setColumnBaseUrl(column.id, text)}
        kept={config.baseUrl ?? descriptor.defaultBaseUrl}
      />
      <datalist id={urlsId}>
        {descriptor.baseUrlHints.map((hint) => (
          <option key={hint.url} value={hint.url} label={hint.label} />
        ))}
      </datalist>
      {judge ? (
        <JudgeSettings column={column} label={label} />
      ) : (
        <ListwiseSettings column={column} label={label} />
      )}
      <label className="field inline checkbox">
        <input
          type="checkbox"
          checked={hardening}
          onChange={(e) =>
            setColumnParam(column.id, 'hardening', e.target.checked ? undefined : false)
          }
          aria-label={`Guard ${label} against prompt injection`}
        />
        <span className="field-label">Guard against prompt injection</span>
      </label>
      {!hardening && (
        <p className="inline-note">
          Documents reach the model without delimiters: text inside them can steer the ranking.
        </p>
      )}
    </div>
  );
}

function JudgeSettings({ column, label }: { column: Column; label: string }) {
  const setColumnParam = useAppStore((s) => s.setColumnParam);
  const parsed = LlmJudgeParams.safeParse(column.config.params ?? {});
  const scale = parsed.success ? parsed.data.scale : { min: 0, max: 3 };
  const scaleValue = scale === 'yes-no' ? 'yes-no' : `${scale.min}-${scale.max}`;
  const template =
    typeof column.config.params?.promptTemplate === 'string'
      ? column.config.params.promptTemplate
      : DEFAULT_JUDGE_TEMPLATE;
  return (
    <>
      <label className="field inline">
        <span className="field-label">Scale</span>
        <select
          value={scaleValue}
          onChange={(e) => {
            const chosen = SCALES.find((s) => s.value === e.target.value);
            setColumnParam(column.id, 'scale', chosen?.value === '0-3' ? undefined : chosen?.scale);
          }}
          aria-label={`Judge scale for ${label}`}
        >
          {!SCALES.some((s) => s.value === scaleValue) && (
            <option value={scaleValue}>Grade {scaleValue}</option>
          )}
          {SCALES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <DraftField
        title="Prompt template"
        name={`Prompt template for ${label}`}
        multiline
        initial={template}
        hint="{query} {instruction} {document} {scale}"
        onEdit={(text) =>
          setColumnParam(
            column.id,
            'promptTemplate',
            text === DEFAULT_JUDGE_TEMPLATE ? undefined : text,
          )
        }
        kept="the last valid template"
      />
    </>
  );
}

function ListwiseSettings({ column, label }: { column: Column; label: string }) {
  const setColumnNumberParam = useAppStore((s) => s.setColumnNumberParam);
  const parsed = LlmListwiseParams.safeParse(column.config.params ?? {});
  const values = parsed.success ? parsed.data : LISTWISE_DEFAULTS;
  return (
    <div className="params">
      {(['window', 'step'] as const).map((name) => (
        <NumberParam
          key={name}
          title={name}
          label={label}
          idPrefix={column.id}
          min={name === 'window' ? 2 : 1}
          max={100}
          step={1}
          value={values[name]}
          onText={(text) => setColumnNumberParam(column.id, name, text)}
        />
      ))}
    </div>
  );
}
