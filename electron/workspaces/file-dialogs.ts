/**
 * Native file dialogs, as a host that has them provides (the desktop app, with Electron's
 * `dialog`). Passed to `createServices`; without it, open and save need a path.
 */

/** Electron's filter shape: `{ name: 'Workspaces', extensions: ['rerank.json'] }`. */
export interface FileFilter {
  name: string;
  extensions: string[];
}

/** What the host's native dialogs do; Electron's `dialog` in the desktop app. */
export interface FileDialogs {
  /** The chosen file (a folder with `folder`), or undefined when the user cancelled. */
  showOpen(options: {
    title: string;
    filters: FileFilter[];
    folder?: boolean;
  }): Promise<string | undefined>;
  /** The chosen path (it may not exist yet), or undefined when the user cancelled. */
  showSave(options: {
    title: string;
    /** A file name, or a path to start in. */
    defaultPath?: string;
    filters: FileFilter[];
  }): Promise<string | undefined>;
}

/** The filters open and save dialogs show for workspaces. */
export const WORKSPACE_FILTERS: FileFilter[] = [
  { name: 'Rerank Studio workspaces', extensions: ['rerank.json'] },
  { name: 'JSON', extensions: ['json'] },
];
