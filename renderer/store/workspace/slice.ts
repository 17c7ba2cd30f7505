/**
 * The workspace: which file the editor and columns belong to, whether they have unsaved
 * changes, open / save / save as / new, the recent files, and the autosave the host keeps so
 * the next start picks up where this one stopped. Where the host has native dialogs they
 * choose paths; the web host has none, so saving downloads the file and opening reads one the
 * user picks (a component shows the picker when `openFileRequest` changes).
 *
 * Replacing unsaved changes is never silent: the workspace to open waits in
 * `pendingWorkspace` until the user saves, discards or cancels.
 */
import type { StateCreator } from 'zustand';
import type { RecentFile } from '../../../shared/contract';
import {
  parseWorkspaceText,
  workspaceFileName,
  workspaceName,
  workspaceText,
  type Workspace,
} from '../../../shared/workspace/workspace';
import type { FilePurpose } from '../../../shared/contract/files';
import { ok, type Result } from '../../../shared/util/result';
import type { Client } from '../../client/client';
import type { FileDownload } from '../app/downloads';
import type { AppState } from '../types';
import { BLANK_WORKSPACE, stateOf, workspaceOf } from './convert';

/** How long typing must pause before the workspace is autosaved. */
export const AUTOSAVE_DELAY_MS = 800;

/** A workspace waiting for the answer to "replace unsaved changes?". */
export interface PendingWorkspace {
  workspace: Workspace;
  path?: string;
  name: string;
}

/** How a save ended: written by the host, downloaded, cancelled in the dialog, or refused. */
export type SaveOutcome = 'saved' | 'downloaded' | 'cancelled' | 'failed';

/** The workspace's file, state and commands (see the file comment). */
export interface WorkspaceSlice {
  /** The file the workspace was opened from or saved to through the host. */
  workspacePath?: string;
  workspaceName: string;
  workspaceDirty: boolean;
  nativeDialogs: boolean;
  recentFiles: RecentFile[];
  pendingWorkspace?: PendingWorkspace;
  /** Bumped to ask for the browser's file picker (hosts without native dialogs). */
  openFileRequest: number;
  /** Restores the autosave, reads the recent files, then autosaves every change. */
  startWorkspace: () => Promise<void>;
  newWorkspace: () => void;
  /** A recent file by path, or the native dialog (or the browser's picker). */
  openWorkspace: (path?: string) => Promise<void>;
  /** A workspace file's text the user picked or dropped. */
  openWorkspaceText: (text: string, fileName: string) => void;
  saveWorkspace: () => Promise<SaveOutcome>;
  saveWorkspaceAs: () => Promise<SaveOutcome>;
  /** The answer to "replace unsaved changes?". */
  resolvePendingWorkspace: (choice: 'save' | 'discard' | 'cancel') => Promise<void>;
  /**
   * Files the OS asked the desktop app to open (`app:open-paths`): read through the host and
   * handled as a drop of those files, so a workspace opens and a pipeline config adds a column.
   */
  openPaths: (paths: readonly string[]) => Promise<void>;
  /**
   * A path chosen in the host's native dialog for an operation that takes one (a labelled set,
   * its qrels, a model folder), which the host then lets the page name; undefined when the
   * dialog was cancelled. Only hosts with `nativeDialogs` have one.
   */
  choosePath: (purpose: FilePurpose) => Promise<Result<string | undefined>>;
}

/** The workspace slice; `download` is where saved files go without native dialogs. */
export const createWorkspaceSlice =
  (client: Client, download: FileDownload): StateCreator<AppState, [], [], WorkspaceSlice> =>
  (set, get, store) => {
    let applying = false;

    /** Puts a workspace in the editor and columns; it is then clean. */
    const apply = (pending: PendingWorkspace) => {
      applying = true;
      try {
        set({
          ...stateOf(pending.workspace),
          workspacePath: pending.path,
          workspaceName: pending.name,
          workspaceDirty: false,
          pendingWorkspace: undefined,
        });
      } finally {
        applying = false;
      }
    };

    /** Opens at once if nothing would be lost, otherwise asks first. */
    const offer = (pending: PendingWorkspace) => {
      if (get().workspaceDirty) set({ pendingWorkspace: pending });
      else apply(pending);
    };

    const refreshRecent = async () => {
      const state = await client.call('workspace:state', {});
      if (state.ok)
        set({ nativeDialogs: state.value.nativeDialogs, recentFiles: state.value.recent });
    };

    const saved = (path: string | undefined, name: string) => {
      set({ workspacePath: path, workspaceName: name, workspaceDirty: false });
      get().showNotice({ error: false, text: `Saved ${path ?? name}` });
    };

    const save = async (asNew: boolean): Promise<SaveOutcome> => {
      const state = get();
      const workspace = workspaceOf(state);
      if (!state.nativeDialogs && (asNew || !state.workspacePath)) {
        const fileName = workspaceFileName(state.workspaceName);
        download(workspaceText(workspace), fileName, 'application/json');
        saved(undefined, workspaceName(fileName));
        return 'downloaded';
      }
      const result = await client.call('workspace:save', {
        workspace,
        ...(asNew || !state.workspacePath
          ? { suggestedName: state.workspaceName }
          : { path: state.workspacePath }),
      });
      if (!result.ok) {
        get().showNotice({ error: true, text: result.error.message });
        return 'failed';
      }
      if ('cancelled' in result.value) return 'cancelled';
      saved(result.value.path, workspaceName(result.value.path));
      await refreshRecent();
      return 'saved';
    };

    let timer: ReturnType<typeof setTimeout> | undefined;
    let autosaveFailing = false;
    const autosave = async () => {
      timer = undefined;
      const state = get();
      const result = await client.call('workspace:autosave', {
        workspace: workspaceOf(state),
        ...(state.workspacePath ? { path: state.workspacePath } : {}),
        dirty: state.workspaceDirty,
      });
      // Said once when it starts failing, not at every keystroke.
      if (!result.ok && !autosaveFailing) {
        get().showNotice({ error: true, text: `Autosave failed: ${result.error.message}` });
      }
      autosaveFailing = !result.ok;
    };

    return {
      workspaceName: workspaceName(undefined),
      workspaceDirty: false,
      nativeDialogs: false,
      recentFiles: [],
      openFileRequest: 0,

      async choosePath(purpose) {
        const chosen = await client.call('files:choose', { purpose });
        if (!chosen.ok) return chosen;
        return ok('path' in chosen.value ? chosen.value.path : undefined);
      },

      async openPaths(paths) {
        const files = [];
        for (const path of paths) {
          const read = await client.call('workspace:read-file', { path });
          if (!read.ok) {
            get().showNotice({ error: true, text: read.error.message });
            return;
          }
          const { name, text } = read.value;
          files.push({ name, text: () => Promise.resolve(text) });
        }
        await get().dropFiles(files);
      },

      async startWorkspace() {
        const [restored] = await Promise.all([
          client.call('workspace:restore', {}),
          refreshRecent(),
        ]);
        if (restored.ok && restored.value.autosave) {
          const { workspace, path, dirty } = restored.value.autosave;
          apply({ workspace, path, name: workspaceName(path) });
          set({ workspaceDirty: dirty });
        }
        if (restored.ok && restored.value.problem) {
          get().showNotice({ error: true, text: restored.value.problem });
        }
        store.subscribe((state, previous) => {
          const edited =
            state.query !== previous.query ||
            state.instruction !== previous.instruction ||
            state.topN !== previous.topN ||
            state.documents !== previous.documents ||
            state.columns !== previous.columns;
          if (edited && !applying && !state.workspaceDirty) set({ workspaceDirty: true });
          const changed =
            edited ||
            state.workspacePath !== previous.workspacePath ||
            state.workspaceDirty !== previous.workspaceDirty;
          if (!changed) return;
          if (timer !== undefined) clearTimeout(timer);
          timer = setTimeout(() => void autosave(), AUTOSAVE_DELAY_MS);
        });
      },

      newWorkspace: () => offer({ workspace: BLANK_WORKSPACE, name: workspaceName(undefined) }),

      async openWorkspace(path) {
        if (path === undefined && !get().nativeDialogs) {
          set((state) => ({ openFileRequest: state.openFileRequest + 1 }));
          return;
        }
        const result = await client.call('workspace:open', path === undefined ? {} : { path });
        if (!result.ok) {
          get().showNotice({ error: true, text: result.error.message });
          await refreshRecent();
          return;
        }
        if ('cancelled' in result.value) return;
        await refreshRecent();
        const opened = result.value;
        offer({ workspace: opened.workspace, path: opened.path, name: workspaceName(opened.path) });
      },

      openWorkspaceText(text, fileName) {
        const workspace = parseWorkspaceText(text, fileName);
        if (!workspace.ok) {
          get().showNotice({ error: true, text: workspace.error.message });
          return;
        }
        offer({ workspace: workspace.value, name: workspaceName(fileName) });
      },

      saveWorkspace: () => save(false),
      saveWorkspaceAs: () => save(true),

      async resolvePendingWorkspace(choice) {
        const pending = get().pendingWorkspace;
        if (!pending) return;
        if (choice === 'cancel') return set({ pendingWorkspace: undefined });
        if (choice === 'save') {
          const outcome = await save(false);
          if (outcome === 'cancelled' || outcome === 'failed') return;
        }
        apply(pending);
      },
    };
  };
