/**
 * Files dropped on the window: documents are appended (the same parsing and messages as
 * Load file), configs become columns, a workspace opens (asking first if there are unsaved
 * changes). A drop is all or nothing: if any file is refused, nothing changes and the notice
 * names the file and what is wrong with it.
 */
import type { StateCreator } from 'zustand';
import { MAX_COLUMNS } from '../../../shared/rerank/limits';
import { fail, ok, type Result } from '../../../shared/util/result';
import type { AppState } from '../types';
import { classifyDroppedFile, type DroppedContent } from './classify';

/** What a drop needs of a file (a DOM `File` is one). */
export interface DroppedFile {
  name: string;
  text: () => Promise<string>;
}

/** The drag state and what a drop does. */
export interface DropSlice {
  /** True while files are dragged over the window (the overlay shows). */
  dragging: boolean;
  setDragging: (dragging: boolean) => void;
  dropFiles: (files: readonly DroppedFile[]) => Promise<Result<string>>;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The drop slice (see the file comment). */
export const createDropSlice: StateCreator<AppState, [], [], DropSlice> = (set, get) => {
  const refuse = (message: string) => {
    get().showNotice({ error: true, text: message });
    return fail('invalid_request', message);
  };

  return {
    dragging: false,
    setDragging: (dragging) => set({ dragging }),

    async dropFiles(files) {
      set({ dragging: false });
      if (files.length === 0) return refuse('Nothing was dropped: drop files from your computer');
      const contents: { name: string; content: DroppedContent }[] = [];
      for (const file of files) {
        const content = await classifyDroppedFile(file.name, await file.text());
        if (!content.ok) return refuse(content.error.message);
        contents.push({ name: file.name, content: content.value });
      }
      const workspace = contents.find((c) => c.content.kind === 'workspace');
      if (workspace && contents.length > 1) {
        return refuse(`${workspace.name} is a workspace: drop it on its own to open it`);
      }
      if (workspace?.content.kind === 'workspace') {
        get().openWorkspaceText(workspace.content.text, workspace.name);
        return ok(`Opened ${workspace.name}`);
      }
      const configs = contents.filter((c) => c.content.kind === 'config');
      const room = MAX_COLUMNS - get().columns.length;
      if (configs.length > room) {
        return refuse(
          room <= 0
            ? `There is no room for another column (the limit is ${MAX_COLUMNS})`
            : `There is room for ${plural(room, 'more column')}, not ${configs.length}`,
        );
      }
      const before = get().documents;
      const done: string[] = [];
      for (const { name, content } of contents) {
        if (content.kind !== 'documents') continue;
        const added = get().importDocuments(content.text, { mode: 'append', fileName: name });
        if (!added.ok) {
          set({ documents: before });
          return refuse(`${name}: ${added.error.message}`);
        }
        done.push(`added ${plural(added.value, 'document')} from ${name}`);
      }
      for (const { name, content } of contents) {
        if (content.kind !== 'config') continue;
        get().addColumn(content.config);
        done.push(`added the column “${content.config.name}” from ${name}`);
      }
      const text = done.join('; ');
      const sentence = `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
      get().showNotice({ error: false, text: sentence });
      return ok(sentence);
    },
  };
};
