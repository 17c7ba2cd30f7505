import { useRef } from 'react';
import { useAppStore } from '../store/context';
import { DocumentEditor } from './document-editor';

export function EditorPanel() {
  const query = useAppStore((s) => s.query);
  const instruction = useAppStore((s) => s.instruction);
  const topN = useAppStore((s) => s.topN);
  const setQuery = useAppStore((s) => s.setQuery);
  const setInstruction = useAppStore((s) => s.setInstruction);
  const setTopN = useAppStore((s) => s.setTopN);
  const scrollRef = useRef<HTMLElement>(null);

  return (
    <section ref={scrollRef} className="editor-panel" aria-label="Request">
      <label className="field">
        <span className="field-label">Query</span>
        <textarea
          className="query-input"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          rows={2}
          placeholder="What the user searched for"
          aria-label="Query"
        />
      </label>
      <label className="field">
        <span className="field-label">
          Instruction <span className="hint">optional; used by instruction-aware rerankers</span>
        </span>
        <textarea
          value={instruction}
          onChange={(e) => setInstruction(e.target.value)}
          rows={2}
          placeholder="e.g. Prefer passages that explain causes"
          aria-label="Instruction"
        />
      </label>
      <label className="field inline">
        <span className="field-label">Top N</span>
        <input
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          value={topN}
          onChange={(e) => setTopN(e.target.value)}
          placeholder="all"
          aria-label="Top N"
        />
      </label>
      <DocumentEditor scrollRef={scrollRef} />
    </section>
  );
}
