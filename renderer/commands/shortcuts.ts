/**
 * Keyboard shortcuts from the commands' accelerators, for the window. CmdOrCtrl is Cmd on
 * macOS and Ctrl elsewhere (the browser's `navigator` says which). While a modal dialog is
 * open only Run (Ctrl/Cmd+Enter, as before) and the palette's own toggle act; Esc cancels a
 * run when no dialog is open (in a dialog, Esc closes the dialog).
 */
import { APP_COMMANDS, type AppCommandId } from '../../shared/app/commands';
import {
  isMacPlatform,
  matchesShortcut,
  parseAccelerator,
  type KeyPress,
  type Shortcut,
} from '../../shared/app/accelerators';
import type { AppStore } from '../store/store';
import { runCommand } from './registry';

const SHORTCUTS: { id: AppCommandId; shortcut: Shortcut }[] = APP_COMMANDS.flatMap((command) =>
  'accelerator' in command
    ? [{ id: command.id, shortcut: parseAccelerator(command.accelerator) }]
    : [],
);

/** Commands a key works for even over a modal dialog. */
const OVER_DIALOGS = new Set<AppCommandId>(['run', 'command-palette']);

/** The command a key press is the shortcut of, if any. */
export function commandForKey(press: KeyPress, mac: boolean): AppCommandId | undefined {
  return SHORTCUTS.find(({ shortcut }) => matchesShortcut(shortcut, press, mac))?.id;
}

/** Whether this platform's CmdOrCtrl is Cmd. */
export function platformIsMac(): boolean {
  const data = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData;
  return isMacPlatform(data?.platform ?? navigator.platform);
}

/** Installs the window's shortcuts; returns the uninstaller. */
export function installShortcuts(store: AppStore, win: Window = window): () => void {
  const mac = platformIsMac();
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing) return;
    const dialogOpen = win.document.querySelector('dialog[open]') !== null;
    if (event.key === 'Escape' && !event.ctrlKey && !event.metaKey && !event.altKey) {
      if (!dialogOpen) void store.getState().cancel();
      return;
    }
    const id = commandForKey(event, mac);
    if (!id) return;
    const palette = store.getState().paletteOpen;
    if (dialogOpen && !OVER_DIALOGS.has(id)) return;
    // The palette's own dialog: Ctrl/Cmd+K closes it; Run waits until it is closed.
    if (palette && id === 'run') return;
    event.preventDefault();
    runCommand(store, id);
  };
  win.addEventListener('keydown', onKeyDown);
  return () => win.removeEventListener('keydown', onKeyDown);
}
