import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { ariaKeyShortcuts, formatAccelerator } from '../../shared/app/accelerators';
import { commandUnavailable, paletteCommands, runCommand } from '../commands/registry';
import { platformIsMac } from '../commands/shortcuts';
import { useAppStore, useAppStoreApi } from '../store/context';
import { ModalDialog } from './modal-dialog';

/** Every word typed must appear in the command's label or group. */
function matches(query: string, text: string): boolean {
  const haystack = text.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

/**
 * The command palette (Ctrl/Cmd+K): every command with its shortcut, filtered as you type;
 * ↑/↓ move, Enter runs, Esc closes. An ARIA combobox whose list is a listbox, so the choice is
 * read out while focus stays in the text box.
 */
export function CommandPalette() {
  const store = useAppStoreApi();
  const close = useAppStore((s) => s.closePalette);
  // Availability depends on these; a change re-renders the list.
  useAppStore((s) => `${s.runStatus} ${s.columns.length} ${s.snapshot !== undefined}`);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const mac = platformIsMac();
  const commands = useMemo(
    () => paletteCommands().filter((c) => matches(query, `${c.label} ${c.group}`)),
    [query],
  );
  const current = Math.min(active, Math.max(commands.length - 1, 0));

  const choose = (index: number) => {
    const command = commands[index];
    if (!command || commandUnavailable(store.getState(), command.id)) return;
    close();
    runCommand(store, command.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (commands.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + commands.length) % commands.length);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      setActive(event.key === 'Home' ? 0 : commands.length - 1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(current);
    }
  };

  const optionId = (index: number) => `${listId}-${index}`;
  useEffect(() => {
    document.getElementById(`${listId}-${current}`)?.scrollIntoView({ block: 'nearest' });
  }, [listId, current]);
  return (
    <ModalDialog label="Command palette" className="command-palette" onClose={close}>
      <input
        type="text"
        role="combobox"
        aria-label="Command"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={commands.length > 0 ? optionId(current) : undefined}
        placeholder="Type a command"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        autoFocus
      />
      <ul id={listId} role="listbox" aria-label="Commands" className="palette-list">
        {commands.map((command, i) => {
          const why = commandUnavailable(store.getState(), command.id);
          return (
            // Chosen with the keyboard from the combobox, or with the pointer here.
            <li
              key={command.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === current}
              aria-disabled={why !== undefined}
              className={i === current ? 'palette-option active' : 'palette-option'}
              onMouseMove={() => setActive(i)}
              onClick={() => choose(i)}
              title={why}
              aria-keyshortcuts={
                'accelerator' in command ? ariaKeyShortcuts(command.accelerator) : undefined
              }
            >
              <span className="palette-group">{command.group}</span>
              <span className="palette-label">{command.label}</span>
              {why && <span className="palette-why">({why})</span>}
              {'accelerator' in command && (
                <kbd className="palette-shortcut">
                  {formatAccelerator(command.accelerator, mac)}
                </kbd>
              )}
            </li>
          );
        })}
        {commands.length === 0 && (
          <li role="option" aria-selected="false" aria-disabled="true" className="palette-empty">
            No command matches “{query}”
          </li>
        )}
      </ul>
    </ModalDialog>
  );
}
