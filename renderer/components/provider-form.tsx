import {
  describeProvider,
  isRerankProvider,
  PROVIDER_CATALOG,
  RERANK_PROVIDERS,
  type ProviderDescriptor,
  type RerankProvider,
} from '../../shared/providers/catalog';
import { formatParamsJson } from '../store/columns/config-text';
import type { Column } from '../store/columns/slice';
import { useAppStore } from '../store/context';
import { DraftField } from './draft-field';
import { ModelField } from './model-field';

const GROUPS: { kind: ProviderDescriptor['kind']; label: string }[] = [
  { kind: 'hosted', label: 'Hosted' },
  { kind: 'gateway', label: 'Gateways' },
  { kind: 'self-hosted', label: 'Self-hosted' },
];

const PROVIDER_GROUPS = GROUPS.map((group) => ({
  ...group,
  providers: RERANK_PROVIDERS.filter((id) => PROVIDER_CATALOG[id].kind === group.kind),
}));

/** Where the credential comes from, so a missing key is no surprise at run time. */
function keyHint(descriptor: ProviderDescriptor): string {
  const names = descriptor.keyEnv.slice(0, 2).join(' + ');
  const optional = descriptor.auth.kind !== 'sigv4' && descriptor.auth.optional === true;
  return optional ? `key optional (Keys panel or ${names})` : `key: Keys panel or ${names}`;
}

/**
 * A rerank API column: provider, model, base URL and the provider's parameters. Parameters
 * are checked by the host when the column runs, since each provider takes its own.
 */
export function ProviderForm({ column, label }: { column: Column; label: string }) {
  const setColumnProvider = useAppStore((s) => s.setColumnProvider);
  const setColumnBaseUrl = useAppStore((s) => s.setColumnBaseUrl);
  const setColumnParamsText = useAppStore((s) => s.setColumnParamsText);
  const { config } = column;
  const provider = isRerankProvider(config.provider) ? config.provider : undefined;
  const descriptor = provider ? describeProvider(provider) : undefined;

  return (
    <div className="provider-form">
      <label className="field">
        <span className="field-label">
          Provider {descriptor && <span className="hint">{keyHint(descriptor)}</span>}
        </span>
        <select
          value={provider ?? ''}
          onChange={(e) => setColumnProvider(column.id, e.target.value as RerankProvider)}
          aria-label={`Provider for ${label}`}
        >
          {!provider && (
            <option value="" disabled>
              {config.provider ? `${config.provider} (no rerank API)` : 'Choose a provider'}
            </option>
          )}
          {PROVIDER_GROUPS.map((group) => (
            <optgroup key={group.kind} label={group.label}>
              {group.providers.map((id) => (
                <option key={id} value={id}>
                  {PROVIDER_CATALOG[id].label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <ModelField
        column={column}
        label={label}
        defaultModel={descriptor?.defaultModel}
        models={descriptor?.models ?? []}
      />
      <DraftField
        title="Base URL"
        name={`Base URL for ${label}`}
        type="url"
        initial={config.baseUrl ?? ''}
        placeholder={descriptor?.defaultBaseUrl ?? 'required'}
        onEdit={(text) => setColumnBaseUrl(column.id, text)}
        kept={config.baseUrl ?? descriptor?.defaultBaseUrl ?? 'no base URL'}
      />
      <DraftField
        title="Parameters (JSON)"
        name={`Parameters for ${label}`}
        multiline
        initial={formatParamsJson(config.params)}
        placeholder={'{ "maxRetries": 1 }'}
        hint="checked when the column runs"
        onEdit={(text) => setColumnParamsText(column.id, text)}
        kept="the last valid parameters"
      />
    </div>
  );
}
