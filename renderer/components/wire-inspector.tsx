import { useId, useState } from 'react';
import type { WireExchange as Exchange } from '../../shared/contract';
import { DisclosureIcon, WireExchange } from './wire-exchange';

/** Props of {@link WireInspector}. */
export interface WireInspectorProps {
  columnId: string;
  wire: readonly Exchange[];
  /** "Column 2". */
  label: string;
}

/**
 * Every HTTP exchange behind a column (attempts and retries included), collapsed by default.
 * Closed, it renders one button: a column can hold many exchanges with large bodies.
 */
export function WireInspector({ columnId, wire, label }: WireInspectorProps) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  return (
    <section className="wire" aria-label={`Wire exchanges of ${label}`}>
      <button
        type="button"
        className="ghost small disclosure"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        onClick={() => setOpen(!open)}
      >
        <DisclosureIcon open={open} />
        Wire ({wire.length})
      </button>
      {open && (
        <ol id={listId} className="wire-list">
          {wire.map((exchange, i) => (
            <WireExchange key={i} columnId={columnId} index={i} exchange={exchange} label={label} />
          ))}
        </ol>
      )}
    </section>
  );
}
