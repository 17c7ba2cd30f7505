import {
  FUSION_METHODS,
  FusionParams,
  NORMALIZATIONS,
  RRF_K,
  type PipelineConfig,
} from '../../shared/pipeline/config';
import type { Column } from '../store/columns/slice';
import { useAppStore } from '../store/context';
import { NumberParam } from './number-param';

const METHOD_LABELS: Record<(typeof FUSION_METHODS)[number], string> = {
  rrf: 'Reciprocal rank fusion',
  weighted: 'Weighted sum',
  combsum: 'CombSUM',
  combmnz: 'CombMNZ',
};
const NORMALIZATION_LABELS: Record<(typeof NORMALIZATIONS)[number], string> = {
  minmax: 'min-max',
  zscore: 'z-score',
  rank: 'rank',
};

/**
 * A fusion column: how rankings combine, and which columns are members. A member follows the
 * column it was added from (edit that column, the member changes) until that column is removed.
 */
export function FusionForm({ column, label }: { column: Column; label: string }) {
  const columns = useAppStore((s) => s.columns);
  const setColumnParam = useAppStore((s) => s.setColumnParam);
  const setColumnNumberParam = useAppStore((s) => s.setColumnNumberParam);
  const addFusionMember = useAppStore((s) => s.addFusionMember);
  const parsed = FusionParams.safeParse(column.config.params ?? {});
  if (!parsed.success) {
    return (
      <p className="hint">This fusion&apos;s parameters are invalid: fix them in Edit config.</p>
    );
  }
  const params = parsed.data;
  const { members } = params;
  const position = (id: string | undefined) => columns.findIndex((c) => c.id === id) + 1;
  const candidates = columns.filter((c) => c.id !== column.id);

  return (
    <div className="fusion-form">
      <div className="settings-row">
        <label className="field inline">
          <span className="field-label">Method</span>
          <select
            value={params.method}
            onChange={(e) => setColumnParam(column.id, 'method', e.target.value)}
            aria-label={`Fusion method for ${label}`}
          >
            {FUSION_METHODS.map((method) => (
              <option key={method} value={method}>
                {METHOD_LABELS[method]}
              </option>
            ))}
          </select>
        </label>
        {params.method === 'rrf' ? (
          <NumberParam
            title="k"
            label={label}
            idPrefix={column.id}
            min={0}
            max={10_000}
            step={1}
            value={params.k ?? RRF_K}
            onText={(text) => setColumnNumberParam(column.id, 'k', text)}
          />
        ) : (
          <label className="field inline">
            <span className="field-label">Normalise</span>
            <select
              value={params.normalization}
              onChange={(e) => setColumnParam(column.id, 'normalization', e.target.value)}
              aria-label={`Normalisation for ${label}`}
            >
              {NORMALIZATIONS.map((n) => (
                <option key={n} value={n}>
                  {NORMALIZATION_LABELS[n]}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <ol className="fusion-members" aria-label={`Members of ${label}`}>
        {members.map((member, i) => (
          <FusionMember
            // Members have no ids of their own; position plus name is stable between edits.
            key={`${i}-${member.name}`}
            column={column}
            label={label}
            at={i}
            member={member}
            source={position(column.linked?.[i])}
            weight={params.weights?.[i] ?? 1}
            weighted={params.method !== 'combsum' && params.method !== 'combmnz'}
          />
        ))}
      </ol>
      {candidates.length > 0 && (
        <label className="field inline">
          <span className="field-label">Add member</span>
          <select
            value=""
            onChange={(e) => e.target.value && addFusionMember(column.id, e.target.value)}
            aria-label={`Add a member to ${label}`}
          >
            <option value="">Choose a column…</option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                Column {position(c.id)}: {c.config.name}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}

function FusionMember(props: {
  column: Column;
  label: string;
  at: number;
  member: PipelineConfig;
  source: number;
  weight: number;
  weighted: boolean;
}) {
  const { column, label, at, member, source, weight, weighted } = props;
  const setFusionWeight = useAppStore((s) => s.setFusionWeight);
  const removeFusionMember = useAppStore((s) => s.removeFusionMember);
  const count = Array.isArray(column.config.params?.members)
    ? column.config.params.members.length
    : 0;
  const name = `member ${at + 1} of ${label}`;
  return (
    <li className="fusion-member" aria-label={`Member ${at + 1}: ${member.name}`}>
      <span className="member-name" title={member.strategy}>
        {member.name}
        <span className="hint">{source > 0 ? ` follows column ${source}` : ' (copy)'}</span>
      </span>
      {weighted && (
        <NumberParam
          title="weight"
          label={name}
          idPrefix={`${column.id}-${at}`}
          min={0}
          max={1000}
          step={0.1}
          value={weight}
          onText={(text) => setFusionWeight(column.id, at, text)}
        />
      )}
      <button
        type="button"
        className="ghost small"
        disabled={count <= 2}
        title={count <= 2 ? 'A fusion needs at least 2 members' : undefined}
        onClick={() => removeFusionMember(column.id, at)}
        aria-label={`Remove ${name}`}
      >
        Remove
      </button>
    </li>
  );
}
