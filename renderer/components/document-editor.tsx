import { useRef, useState, type RefObject } from 'react';
import { useAppStore } from '../store/context';
import { PasteDialog } from './paste-dialog';
import { useVirtualRows, virtualListStyle, virtualRowStyle } from './virtual-rows';

/**
 * The candidate documents: add, edit, reorder, delete, paste, load. Only the rows in view of
 * `scrollRef` (the editor panel) are in the page, so thousands of documents stay editable.
 */
export function DocumentEditor({ scrollRef }: { scrollRef: RefObject<HTMLElement | null> }) {
  const documents = useAppStore((s) => s.documents);
  const addDocument = useAppStore((s) => s.addDocument);
  const updateDocument = useAppStore((s) => s.updateDocument);
  const removeDocument = useAppStore((s) => s.removeDocument);
  const moveDocument = useAppStore((s) => s.moveDocument);
  const clearDocuments = useAppStore((s) => s.clearDocuments);
  const importDocumentsFile = useAppStore((s) => s.importDocumentsFile);
  const [pasteOpen, setPasteOpen] = useState(false);
  const [fileMessage, setFileMessage] = useState<{ error: boolean; text: string }>();
  const fileInput = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const virtualizer = useVirtualRows({
    count: documents.length,
    scrollRef,
    listRef,
    estimateSize: 58,
    gap: 6,
    getItemKey: (i) => documents[i]!.key,
  });

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    const result = await importDocumentsFile(file, 'append');
    setFileMessage(
      result.ok
        ? {
            error: false,
            text: `Added ${result.value} document${result.value === 1 ? '' : 's'} from ${file.name}`,
          }
        : { error: true, text: result.error.message },
    );
    if (fileInput.current) fileInput.current.value = '';
  };

  const onAdd = () => {
    const index = documents.length;
    const key = addDocument();
    // Bring the new (last) row into view, then focus its text box once React has rendered it.
    requestAnimationFrame(() => {
      virtualizer.scrollToIndex(index, { align: 'end' });
      requestAnimationFrame(() => document.getElementById(`doc-${key}`)?.focus());
    });
  };

  return (
    <section className="documents" aria-label="Documents">
      <div className="documents-header">
        <h2>
          Documents <span className="count">{documents.length}</span>
        </h2>
        <div className="button-row">
          <button type="button" onClick={onAdd}>
            Add document
          </button>
          <button type="button" onClick={() => setPasteOpen(true)}>
            Paste documents
          </button>
          <button type="button" onClick={() => fileInput.current?.click()}>
            Load file
          </button>
          <button type="button" onClick={clearDocuments} disabled={documents.length === 0}>
            Clear documents
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".txt,.json,.jsonl,.ndjson,.csv,text/plain,application/json,text/csv"
            hidden
            aria-label="Document file"
            onChange={(e) => void onFile(e.target.files?.[0])}
          />
        </div>
      </div>
      {fileMessage && (
        <p
          className={fileMessage.error ? 'inline-error' : 'inline-note'}
          role={fileMessage.error ? 'alert' : 'status'}
        >
          {fileMessage.text}
        </p>
      )}
      <ol
        ref={listRef}
        className="document-list"
        aria-label="Document list"
        style={virtualListStyle(virtualizer)}
      >
        {virtualizer.getVirtualItems().map(({ index: i, key, start }) => {
          const document = documents[i]!;
          return (
            <li
              key={key}
              ref={virtualizer.measureElement}
              data-index={i}
              style={virtualRowStyle(virtualizer, start)}
              aria-setsize={documents.length}
              aria-posinset={i + 1}
              className="document-row"
            >
              <span className="doc-index" aria-hidden="true">
                {i}
              </span>
              <textarea
                id={`doc-${document.key}`}
                value={document.text}
                onChange={(e) => updateDocument(document.key, e.target.value)}
                rows={2}
                aria-label={`Document ${i}`}
              />
              <div className="row-actions">
                <button
                  type="button"
                  className="icon"
                  onClick={() => moveDocument(document.key, -1)}
                  disabled={i === 0}
                  aria-label={`Move document ${i} up`}
                  title="Move up"
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon"
                  onClick={() => moveDocument(document.key, 1)}
                  disabled={i === documents.length - 1}
                  aria-label={`Move document ${i} down`}
                  title="Move down"
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="icon danger"
                  onClick={() => removeDocument(document.key)}
                  aria-label={`Delete document ${i}`}
                  title="Delete"
                >
                  ×
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      {documents.length === 0 && (
        <p className="empty">No documents yet: add, paste or load some.</p>
      )}
      {pasteOpen && <PasteDialog onClose={() => setPasteOpen(false)} />}
    </section>
  );
}
