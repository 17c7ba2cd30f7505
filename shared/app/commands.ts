/**
 * The app's commands, declared once: the Electron menu shows them with their accelerators and
 * sends the chosen one to the window as an `app:command` event; the renderer's keyboard
 * shortcuts and command palette run the same ids. A command with no accelerator is reached
 * from the palette or a menu only.
 */

export const APP_COMMANDS = [
  { id: 'run', label: 'Run all columns', group: 'Run', accelerator: 'CmdOrCtrl+Enter' },
  { id: 'cancel', label: 'Cancel the run', group: 'Run', accelerator: 'CmdOrCtrl+.' },
  { id: 'new-column', label: 'New column', group: 'Columns', accelerator: 'CmdOrCtrl+Shift+N' },
  {
    id: 'duplicate-column',
    label: 'Duplicate the last column',
    group: 'Columns',
    accelerator: 'CmdOrCtrl+Shift+D',
  },
  { id: 'focus-query', label: 'Focus the query', group: 'Edit', accelerator: 'CmdOrCtrl+L' },
  {
    id: 'command-palette',
    label: 'Command palette…',
    group: 'View',
    accelerator: 'CmdOrCtrl+K',
  },
  { id: 'compare', label: 'Compare rankings…', group: 'View', accelerator: 'CmdOrCtrl+Shift+M' },
  { id: 'open-history', label: 'History…', group: 'View', accelerator: 'CmdOrCtrl+Shift+H' },
  {
    id: 'open-evaluation',
    label: 'Evaluate on labelled data…',
    group: 'View',
    accelerator: 'CmdOrCtrl+Shift+E',
  },
  { id: 'open-pipelines', label: 'Pipelines…', group: 'View' },
  { id: 'open-models', label: 'Models…', group: 'View' },
  { id: 'open-keys', label: 'Keys…', group: 'View' },
  { id: 'new-workspace', label: 'New workspace', group: 'File', accelerator: 'CmdOrCtrl+N' },
  { id: 'open-workspace', label: 'Open workspace…', group: 'File', accelerator: 'CmdOrCtrl+O' },
  { id: 'save-workspace', label: 'Save workspace', group: 'File', accelerator: 'CmdOrCtrl+S' },
  {
    id: 'save-workspace-as',
    label: 'Save workspace as…',
    group: 'File',
    accelerator: 'CmdOrCtrl+Shift+S',
  },
  { id: 'export-diagnostics', label: 'Export diagnostics…', group: 'Help' },
  { id: 'about', label: 'About Rerank Studio', group: 'Help' },
] as const satisfies readonly {
  id: string;
  label: string;
  group: 'File' | 'Edit' | 'View' | 'Run' | 'Columns' | 'Help';
  accelerator?: string;
}[];

export type AppCommand = (typeof APP_COMMANDS)[number];
export type AppCommandId = AppCommand['id'];

export const APP_COMMAND_IDS = APP_COMMANDS.map((command) => command.id) as [
  AppCommandId,
  ...AppCommandId[],
];

export function isAppCommandId(id: string): id is AppCommandId {
  return (APP_COMMAND_IDS as readonly string[]).includes(id);
}
