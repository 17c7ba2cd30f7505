import { describe, expect, it } from 'vitest';
import { APP_COMMANDS } from './commands';
import {
  ariaKeyShortcuts,
  formatAccelerator,
  matchesShortcut,
  parseAccelerator,
  type KeyPress,
} from './accelerators';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('accelerators', () => {
  it('reads every command accelerator', () => {
    for (const command of APP_COMMANDS) {
      if ('accelerator' in command)
        expect(() => parseAccelerator(command.accelerator)).not.toThrow();
    }
    expect(() => parseAccelerator('Hyper+K')).toThrow('unknown modifier "Hyper"');
  });

  it('CmdOrCtrl is Ctrl off a Mac and Cmd on one, and the other key must not be held', () => {
    const palette = parseAccelerator('CmdOrCtrl+K');
    expect(matchesShortcut(palette, press('k', { ctrlKey: true }), false)).toBe(true);
    expect(matchesShortcut(palette, press('K', { ctrlKey: true }), false)).toBe(true);
    expect(matchesShortcut(palette, press('k', { metaKey: true }), false)).toBe(false);
    expect(matchesShortcut(palette, press('k', { metaKey: true }), true)).toBe(true);
    expect(matchesShortcut(palette, press('k', { ctrlKey: true }), true)).toBe(false);
    expect(matchesShortcut(palette, press('k', { ctrlKey: true, shiftKey: true }), false)).toBe(
      false,
    );
    const history = parseAccelerator('CmdOrCtrl+Shift+H');
    expect(matchesShortcut(history, press('H', { ctrlKey: true, shiftKey: true }), false)).toBe(
      true,
    );
    const run = parseAccelerator('CmdOrCtrl+Enter');
    expect(matchesShortcut(run, press('Enter', { ctrlKey: true }), false)).toBe(true);
    expect(
      matchesShortcut(parseAccelerator('CmdOrCtrl+.'), press('.', { metaKey: true }), true),
    ).toBe(true);
  });

  it('shows a shortcut the way each platform writes it', () => {
    expect(formatAccelerator('CmdOrCtrl+Shift+H', false)).toBe('Ctrl+Shift+H');
    expect(formatAccelerator('CmdOrCtrl+Shift+H', true)).toBe('⇧⌘H');
    expect(formatAccelerator('CmdOrCtrl+Enter', true)).toBe('⌘↩');
    expect(ariaKeyShortcuts('CmdOrCtrl+Enter')).toBe('Control+Enter Meta+Enter');
    expect(ariaKeyShortcuts('CmdOrCtrl+Shift+S')).toBe('Control+Shift+S Meta+Shift+S');
  });
});
