/**
 * The export dialog of a column: its config in every target format at once (one request),
 * the chosen target's text with Copy and Save, and for a target that cannot express this
 * config, the reason. The code targets' example is the editor's query and first documents.
 */
import type { StateCreator } from 'zustand';
import { EXPORT_SAMPLE_LIMITS } from '../../../shared/contract/pipelines';
import type { ExportResult, ExportTarget } from '../../../shared/export/types';
import { fail, ok, type Result } from '../../../shared/util/result';
import type { Client } from '../../client/client';
import type { AppState } from '../types';
import type { TextClipboard } from '../wire/slice';
import type { FileDownload } from '../app/downloads';

/** Documents the example carries: enough to show the shape, short enough to read. */
const SAMPLE_DOCUMENTS = 5;

/**
 * The start of `text`, at most `max` UTF-16 units, not ending in half a surrogate pair. The
 * example shows the request's shape, so a long passage or query is cut rather than refused
 * (the operation takes at most {@link EXPORT_SAMPLE_LIMITS}).
 */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

export interface ExportSlice {
  /** The column whose config the dialog exports; undefined when closed. */
  exportColumnId?: string;
  exports: ExportResult[];
  exportTarget: ExportTarget;
  exportLoading: boolean;
  exportError?: string;
  exportNotice?: { ok: boolean; message: string };
  openExport: (columnId: string) => Promise<void>;
  closeExport: () => void;
  chooseExportTarget: (target: ExportTarget) => void;
  /** The chosen artefact to the clipboard. */
  copyExport: () => Promise<Result<void>>;
  /** The chosen artefact's text and file name, for the dialog's Save. */
  exportFile: () => Result<{ text: string; fileName: string }>;
  /** The dialog's Save: the chosen artefact, saved as a file. */
  saveExportFile: () => Result<void>;
}

export const createExportSlice =
  (
    client: Client,
    clipboard: TextClipboard,
    download: FileDownload,
  ): StateCreator<AppState, [], [], ExportSlice> =>
  (set, get) => {
    const chosen = () => get().exports.find((e) => e.target === get().exportTarget);
    return {
      exports: [],
      exportTarget: 'json',
      exportLoading: false,
      async openExport(columnId) {
        const column = get().columns.find((c) => c.id === columnId);
        if (!column) return;
        set({
          exportColumnId: columnId,
          exports: [],
          exportLoading: true,
          exportError: undefined,
          exportNotice: undefined,
        });
        const { query, documents } = get();
        const texts = documents
          .map((d) => d.text)
          .filter((t) => t.trim() !== '')
          .slice(0, SAMPLE_DOCUMENTS)
          .map((t) => clip(t, EXPORT_SAMPLE_LIMITS.documentChars));
        const sample =
          query.trim() && texts.length
            ? { query: clip(query, EXPORT_SAMPLE_LIMITS.queryChars), documents: texts }
            : undefined;
        const result = await client.call('pipelines:export', {
          config: column.config,
          ...(sample ? { sample } : {}),
        });
        if (get().exportColumnId !== columnId) return;
        if (!result.ok) set({ exportLoading: false, exportError: result.error.message });
        else set({ exportLoading: false, exports: result.value.exports });
      },
      closeExport: () => set({ exportColumnId: undefined, exports: [], exportNotice: undefined }),
      chooseExportTarget: (target) => set({ exportTarget: target, exportNotice: undefined }),
      async copyExport() {
        const artefact = chosen();
        if (!artefact?.ok) return fail('unsupported', 'nothing to copy for this target');
        try {
          await clipboard.writeText(artefact.text);
          set({ exportNotice: { ok: true, message: `Copied ${artefact.fileName}` } });
          return ok(undefined);
        } catch (error) {
          const message = `Could not copy: ${error instanceof Error ? error.message : String(error)}`;
          set({ exportNotice: { ok: false, message } });
          return fail('unsupported', message);
        }
      },
      exportFile() {
        const artefact = chosen();
        if (!artefact?.ok) return fail('unsupported', 'nothing to save for this target');
        return ok({ text: artefact.text, fileName: artefact.fileName });
      },
      saveExportFile() {
        const file = get().exportFile();
        if (!file.ok) return file;
        download(file.value.text, file.value.fileName, 'text/plain');
        return ok(undefined);
      },
    };
  };
