import { useEffect, useState } from 'react';
import { useAppStore } from '../store/context';

/** What is known while dragging: how many files and their types (names come with the drop). */
interface DragInfo {
  count: number;
  types: string[];
}

/**
 * What a drop of these files will do. Browsers tell a drag's MIME types, not its file names,
 * so the overlay says what each kind of file becomes; the notice after the drop says what did.
 */
export function dropPreview({ count, types }: DragInfo): string[] {
  const files = count === 1 ? 'this file' : `these ${count} files`;
  const textual = types.length > 0 && types.every((t) => t === 'text/plain' || t === 'text/csv');
  if (textual)
    return [`Drop ${files} to add ${count === 1 ? 'its' : 'their'} documents to the editor.`];
  return [
    `Drop ${files}:`,
    'documents (.txt, .csv, .jsonl, a JSON array) are added to the editor',
    'a pipeline config (.json, .yaml) is added as a column',
    'a workspace (.rerank.json) opens, asking first if there are unsaved changes',
  ];
}

const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;

/** Listens for files dragged over the window, shows what a drop will do, and hands them over. */
export function DropOverlay() {
  const dragging = useAppStore((s) => s.dragging);
  const setDragging = useAppStore((s) => s.setDragging);
  const dropFiles = useAppStore((s) => s.dropFiles);
  const [info, setInfo] = useState<DragInfo>({ count: 0, types: [] });

  useEffect(() => {
    let depth = 0;
    const onEnter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth += 1;
      const items = [...(event.dataTransfer?.items ?? [])].filter((item) => item.kind === 'file');
      setInfo({ count: items.length, types: items.map((item) => item.type) });
      setDragging(true);
    };
    const onOver = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      // Without this the browser opens the file instead of dropping it here.
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      void dropFiles([...(event.dataTransfer?.files ?? [])]);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [setDragging, dropFiles]);

  if (!dragging) return null;
  const [headline, ...kinds] = dropPreview(info);
  return (
    <div className="drop-overlay" role="status" aria-label="Drop files">
      <div className="drop-card">
        <p className="drop-headline">{headline}</p>
        {kinds.length > 0 && (
          <ul>
            {kinds.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
