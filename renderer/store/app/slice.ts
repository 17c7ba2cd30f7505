/**
 * App-wide UI state: the command palette, the About dialog, the theme (a setting the host
 * keeps in the data folder), the diagnostics export, focus requests from commands, and one
 * notice line for what a command or a drop did.
 */
import type { StateCreator } from 'zustand';
import type { OperationResponse } from '../../../shared/contract';
import type { Theme } from '../../../shared/app/settings';
import { ok, type Result } from '../../../shared/util/result';
import type { Client } from '../../client/client';
import type { AppState } from '../types';
import type { FileDownload } from './downloads';

/** The notice line's text; `error` shows it as an alert. */
export interface AppNotice {
  error: boolean;
  text: string;
}

/** Where a command asks the page to put focus; `seq` makes a repeat request a new one. */
export interface FocusRequest {
  target: 'query';
  seq: number;
}

/** App-wide UI state and actions (see the file comment). */
export interface AppSlice {
  paletteOpen: boolean;
  openPalette: () => void;
  closePalette: () => void;
  aboutOpen: boolean;
  appInfo?: OperationResponse<'app:info'>;
  appInfoError?: string;
  openAbout: () => Promise<void>;
  closeAbout: () => void;
  theme: Theme;
  /** Reads the saved settings (at start). */
  loadSettings: () => Promise<void>;
  /** Applies the theme at once and saves it; a failed save is a notice, the theme stays. */
  setTheme: (theme: Theme) => Promise<void>;
  focusRequest?: FocusRequest;
  requestFocus: (target: FocusRequest['target']) => void;
  appNotice?: AppNotice;
  showNotice: (notice: AppNotice) => void;
  dismissNotice: () => void;
  /** Asks the host for the diagnostics and downloads them as JSON. */
  exportDiagnostics: () => Promise<Result<string>>;
}

/** The app slice; `download` is where saved files go. */
export const createAppSlice =
  (client: Client, download: FileDownload): StateCreator<AppState, [], [], AppSlice> =>
  (set, get) => ({
    paletteOpen: false,
    openPalette: () => set({ paletteOpen: true }),
    closePalette: () => set({ paletteOpen: false }),

    aboutOpen: false,
    async openAbout() {
      set({ aboutOpen: true, appInfoError: undefined });
      const info = await client.call('app:info', {});
      if (info.ok) set({ appInfo: info.value });
      else set({ appInfoError: info.error.message });
    },
    closeAbout: () => set({ aboutOpen: false }),

    theme: 'system',
    async loadSettings() {
      const settings = await client.call('settings:get', {});
      if (settings.ok) set({ theme: settings.value.theme });
    },
    async setTheme(theme) {
      set({ theme });
      const saved = await client.call('settings:set', { theme });
      if (!saved.ok) {
        get().showNotice({ error: true, text: `The theme was not saved: ${saved.error.message}` });
      }
    },

    requestFocus: (target) =>
      set({ focusRequest: { target, seq: (get().focusRequest?.seq ?? 0) + 1 } }),

    showNotice: (appNotice) => set({ appNotice }),
    dismissNotice: () => set({ appNotice: undefined }),

    async exportDiagnostics() {
      const diagnostics = await client.call('app:diagnostics', {});
      if (!diagnostics.ok) {
        get().showNotice({ error: true, text: `No diagnostics: ${diagnostics.error.message}` });
        return diagnostics;
      }
      const text = `${JSON.stringify(diagnostics.value, null, 2)}\n`;
      const stamp = diagnostics.value.generatedAt.replace(/[:.]/g, '-');
      const fileName = `rerank-studio-diagnostics-${stamp}.json`;
      download(text, fileName, 'application/json');
      get().showNotice({ error: false, text: `Diagnostics saved as ${fileName}` });
      return ok(text);
    },
  });
