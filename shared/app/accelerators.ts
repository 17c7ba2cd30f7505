/**
 * Electron-style accelerators (`CmdOrCtrl+Shift+H`) read for the renderer's keyboard handling
 * and for showing a shortcut. Only the parts the app's commands use are understood: the
 * modifiers CmdOrCtrl, Ctrl, Alt, Shift and Cmd, then one key (a letter, a digit, `.`, Enter,
 * Esc). Written by hand: it is a few lines, and Electron's own parser lives in the main process.
 */

export interface Shortcut {
  /** `KeyboardEvent.key`, lower-cased for letters. */
  key: string;
  /** Cmd on macOS, Ctrl elsewhere. */
  primary: boolean;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
}

/** The fields of a `KeyboardEvent` a shortcut is matched against. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const KEY_NAMES: Record<string, string> = { enter: 'Enter', return: 'Enter', esc: 'Escape' };

/** Reads an accelerator; throws for a modifier it does not know (a bug in the command list). */
export function parseAccelerator(accelerator: string): Shortcut {
  const parts = accelerator.split('+');
  const last = parts.pop();
  if (!last) throw new Error(`accelerator "${accelerator}" has no key`);
  const shortcut: Shortcut = {
    key: KEY_NAMES[last.toLowerCase()] ?? (last.length === 1 ? last.toLowerCase() : last),
    primary: false,
    ctrl: false,
    alt: false,
    shift: false,
  };
  for (const part of parts) {
    switch (part.toLowerCase()) {
      case 'cmdorctrl':
      case 'commandorcontrol':
        shortcut.primary = true;
        break;
      case 'ctrl':
      case 'control':
        shortcut.ctrl = true;
        break;
      case 'cmd':
      case 'command':
        shortcut.primary = true;
        break;
      case 'alt':
      case 'option':
        shortcut.alt = true;
        break;
      case 'shift':
        shortcut.shift = true;
        break;
      default:
        throw new Error(`accelerator "${accelerator}": unknown modifier "${part}"`);
    }
  }
  return shortcut;
}

/**
 * Whether a key press is the shortcut. `mac` says which key CmdOrCtrl is; the other of Ctrl
 * and Cmd must not be held, so Ctrl+K on a Mac is not Cmd+K.
 */
export function matchesShortcut(shortcut: Shortcut, press: KeyPress, mac: boolean): boolean {
  const wantMeta = shortcut.primary && mac;
  const wantCtrl = shortcut.ctrl || (shortcut.primary && !mac);
  if (press.metaKey !== wantMeta || press.ctrlKey !== wantCtrl) return false;
  if (press.altKey !== shortcut.alt || press.shiftKey !== shortcut.shift) return false;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  return key === shortcut.key;
}

/** How a shortcut reads on this platform: `Ctrl+Shift+H`, or `⌘⇧H` on a Mac. */
export function formatAccelerator(accelerator: string, mac: boolean): string {
  const shortcut = parseAccelerator(accelerator);
  const key = shortcut.key.length === 1 ? shortcut.key.toUpperCase() : shortcut.key;
  if (mac) {
    return `${shortcut.ctrl ? '⌃' : ''}${shortcut.alt ? '⌥' : ''}${shortcut.shift ? '⇧' : ''}${shortcut.primary ? '⌘' : ''}${key === 'Enter' ? '↩' : key}`;
  }
  return [
    shortcut.primary || shortcut.ctrl ? 'Ctrl' : undefined,
    shortcut.alt ? 'Alt' : undefined,
    shortcut.shift ? 'Shift' : undefined,
    key,
  ]
    .filter(Boolean)
    .join('+');
}

/** `aria-keyshortcuts` value: both platforms' forms, as the Run button already says. */
export function ariaKeyShortcuts(accelerator: string): string {
  const s = parseAccelerator(accelerator);
  const key = s.key.length === 1 ? s.key.toUpperCase() : s.key;
  const rest = [s.alt ? 'Alt' : '', s.shift ? 'Shift' : '', key].filter(Boolean).join('+');
  if (!s.primary) return [s.ctrl ? 'Control' : '', rest].filter(Boolean).join('+');
  return `Control+${rest} Meta+${rest}`;
}

/** macOS (and iPadOS) by the browser's own report; CmdOrCtrl is Cmd there. */
export function isMacPlatform(platform: string): boolean {
  return /mac|iphone|ipad/i.test(platform);
}
