import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { APP_COMMANDS, type AppCommandId } from '../../shared/app/commands';
import { formatAccelerator } from '../../shared/app/accelerators';
import { THEMES, type Theme } from '../../shared/app/settings';
import { runCommand } from '../commands/registry';
import { platformIsMac } from '../commands/shortcuts';
import { useAppStore, useAppStoreApi } from '../store/context';

const THEME_LABELS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };
const FILE_COMMANDS: AppCommandId[] = [
  'new-workspace',
  'open-workspace',
  'save-workspace',
  'save-workspace-as',
];
const HELP_COMMANDS: AppCommandId[] = ['command-palette', 'export-diagnostics', 'about'];

/**
 * The workspace's name with its unsaved-changes marker, and the app menu beside it: the
 * workspace commands, recent files, the theme, the palette, diagnostics and About. A menu
 * button (ARIA menu): ↑/↓, Home/End move, Esc closes and returns focus to the button.
 * Hosts without native dialogs open a workspace through the file input here.
 */
export function AppMenu() {
  const store = useAppStoreApi();
  const name = useAppStore((s) => s.workspaceName);
  const dirty = useAppStore((s) => s.workspaceDirty);
  const recent = useAppStore((s) => s.recentFiles);
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  const openWorkspace = useAppStore((s) => s.openWorkspace);
  const openWorkspaceText = useAppStore((s) => s.openWorkspaceText);
  const openFileRequest = useAppStore((s) => s.openFileRequest);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const mac = platformIsMac();

  useEffect(() => {
    document.title = `${dirty ? '• ' : ''}${name} — Rerank Studio`;
  }, [name, dirty]);

  useEffect(() => {
    if (openFileRequest > 0) fileInput.current?.click();
  }, [openFileRequest]);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role^="menuitem"]')?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = (refocus = true) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };
  const act = (action: () => unknown) => {
    close();
    void action();
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const move = (index: number) => items[(index + items.length) % items.length]?.focus();
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(items.length - 1);
    else if (event.key === 'Escape') close();
    else if (event.key === 'Tab') return setOpen(false);
    else return;
    event.preventDefault();
    // Esc here closes the menu only; it must not also cancel a run.
    event.stopPropagation();
  };

  const commandItem = (id: AppCommandId) => {
    const command = APP_COMMANDS.find((c) => c.id === id)!;
    return (
      <button
        key={id}
        type="button"
        role="menuitem"
        onClick={() => act(() => runCommand(store, id))}
      >
        <span>{command.label}</span>
        {'accelerator' in command && <kbd>{formatAccelerator(command.accelerator, mac)}</kbd>}
      </button>
    );
  };

  return (
    <div className="app-menu">
      <span className="workspace-title" aria-label="Workspace">
        {name}
        {dirty && (
          <span className="dirty-marker" title="Unsaved changes">
            <span aria-hidden="true"> ●</span>
            <span className="visually-hidden"> (unsaved changes)</span>
          </span>
        )}
      </span>
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="app-menu-list"
        onClick={() => setOpen(!open)}
      >
        Menu
      </button>
      {open && (
        <div
          id="app-menu-list"
          ref={menu}
          role="menu"
          aria-label="App menu"
          className="menu"
          onKeyDown={onMenuKeyDown}
        >
          {FILE_COMMANDS.map(commandItem)}
          <div role="separator" />
          <div role="group" aria-label="Recent files">
            <div className="menu-heading" aria-hidden="true">
              Recent files
            </div>
            {recent.length === 0 && (
              <button type="button" role="menuitem" aria-disabled="true" className="menu-empty">
                No recent files
              </button>
            )}
            {recent.map((file) => (
              <button
                key={file.path}
                type="button"
                role="menuitem"
                title={file.path}
                onClick={() => act(() => openWorkspace(file.path))}
              >
                {file.name}
              </button>
            ))}
          </div>
          <div role="separator" />
          <div role="group" aria-label="Theme">
            <div className="menu-heading" aria-hidden="true">
              Theme
            </div>
            {THEMES.map((option) => (
              <button
                key={option}
                type="button"
                role="menuitemradio"
                aria-checked={theme === option}
                onClick={() => act(() => setTheme(option))}
              >
                {THEME_LABELS[option]}
              </button>
            ))}
          </div>
          <div role="separator" />
          {HELP_COMMANDS.map(commandItem)}
        </div>
      )}
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        aria-label="Workspace file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void file.text().then((text) => openWorkspaceText(text, file.name));
        }}
      />
    </div>
  );
}
