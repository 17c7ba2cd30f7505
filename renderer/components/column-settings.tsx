import { useState } from 'react';
import { HeuristicParams } from '../../shared/pipeline/config';
import { pipelineKindOf } from '../store/columns/config-text';
import type { Column, ColumnPreset } from '../store/columns/slice';
import { useAppStore } from '../store/context';
import { Bm25Boosts } from './bm25-boosts';
import { Bm25Params } from './bm25-params';
import { ConfigDialog } from './config-dialog';
import { FusionForm } from './fusion-form';
import { InstructionNote } from './instruction-note';
import { LlmForm } from './llm-form';
import { LocalModelForm } from './local-model-form';
import { LongDocumentsForm } from './long-documents-form';
import { ProviderForm } from './provider-form';

/** The pipeline choice of one column, its settings, and the way into its full config. */
export function ColumnSettings({ column, label }: { column: Column; label: string }) {
  const setColumnPreset = useAppStore((s) => s.setColumnPreset);
  const [editing, setEditing] = useState(false);
  const kind = pipelineKindOf(column.config);
  const heuristic =
    column.config.strategy === 'heuristic'
      ? HeuristicParams.safeParse(column.config.params ?? { method: 'bm25' })
      : undefined;

  return (
    <div className="column-settings">
      <div className="settings-row">
        <label className="field inline">
          <span className="field-label">Pipeline</span>
          <select
            value={kind}
            onChange={(e) => setColumnPreset(column.id, e.target.value as ColumnPreset)}
            aria-label={`Pipeline for ${label}`}
          >
            <option value="bm25">BM25</option>
            <option value="input-order">Input order</option>
            <option value="dedicated-model">Rerank API</option>
            <option value="local-model">Local model</option>
            <option value="llm-judge">LLM judge</option>
            <option value="llm-listwise">LLM listwise</option>
            <option value="fusion">Fusion</option>
          </select>
        </label>
        <button
          type="button"
          className="small"
          onClick={() => setEditing(true)}
          aria-label={`Edit config of ${label}`}
          aria-haspopup="dialog"
        >
          Edit config
        </button>
      </div>
      {heuristic && !heuristic.success && (
        <p className="inline-error" role="alert">
          This column&apos;s parameters are invalid ({heuristic.error.issues[0]?.message}); showing
          the defaults.
        </p>
      )}
      {/* Keyed by revision: drafts start over when the config is replaced as a whole. */}
      {kind === 'bm25' && <Bm25Params key={column.revision} column={column} label={label} />}
      {kind === 'bm25' && <Bm25Boosts key={`b${column.revision}`} column={column} label={label} />}
      {kind === 'dedicated-model' && (
        <ProviderForm key={column.revision} column={column} label={label} />
      )}
      {kind === 'local-model' && (
        <LocalModelForm key={column.revision} column={column} label={label} />
      )}
      {(kind === 'llm-judge' || kind === 'llm-listwise') && (
        <LlmForm key={column.revision} column={column} label={label} />
      )}
      {kind === 'fusion' && <FusionForm key={column.revision} column={column} label={label} />}
      {(kind === 'dedicated-model' || kind === 'local-model' || kind === 'llm-judge') && (
        <LongDocumentsForm key={`l${column.revision}`} column={column} label={label} />
      )}
      <InstructionNote key={`i${column.revision}`} column={column} label={label} />
      {editing && <ConfigDialog column={column} label={label} onClose={() => setEditing(false)} />}
    </div>
  );
}
