/**
 * The desktop app's open and save dialogs (electron/workspaces/file-dialogs.ts):
 * Electron's native dialogs, attached to the app's window so they open as its sheets.
 */
import { BrowserWindow, dialog } from 'electron';
import type { FileDialogs } from '../workspaces/file-dialogs';

export const nativeFileDialogs: FileDialogs = {
  async showOpen({ title, filters, folder = false }) {
    const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    const options = {
      title,
      filters,
      properties: [folder ? ('openDirectory' as const) : ('openFile' as const)],
    };
    const result = window
      ? await dialog.showOpenDialog(window, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? undefined : result.filePaths[0];
  },
  async showSave({ title, defaultPath, filters }) {
    const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    const options = { title, filters, ...(defaultPath ? { defaultPath } : {}) };
    const result = window
      ? await dialog.showSaveDialog(window, options)
      : await dialog.showSaveDialog(options);
    return result.canceled ? undefined : result.filePath;
  },
};
