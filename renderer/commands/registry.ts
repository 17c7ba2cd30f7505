/**
 * Every app command (shared/app/commands.ts) mapped to the store action it runs, and whether
 * it can run now. The menu (through `app:command`), the keyboard shortcuts and the command
 * palette all go through {@link runCommand}, so they cannot drift apart.
 */
import { APP_COMMANDS, type AppCommand, type AppCommandId } from '../../shared/app/commands';
import { MAX_COLUMNS } from '../../shared/rerank/limits';
import type { AppStore } from '../store/store';
import type { AppState } from '../store/types';

interface CommandAction {
  run: (state: AppState) => unknown;
  /** Why the command cannot run now, shown in the palette; undefined: it can. */
  unavailable?: (state: AppState) => string | undefined;
}

const whileIdle = (state: AppState) =>
  state.runStatus === 'idle' ? undefined : 'a run is in progress';
const lastColumn = (state: AppState) => state.columns.at(-1);

const ACTIONS: Record<AppCommandId, CommandAction> = {
  run: { run: (s) => s.run(), unavailable: whileIdle },
  cancel: {
    run: (s) => s.cancel(),
    unavailable: (s) => (s.runStatus === 'running' ? undefined : 'nothing is running'),
  },
  'new-column': {
    run: (s) => s.addColumn(),
    unavailable: (s) =>
      s.columns.length < MAX_COLUMNS ? undefined : 'there is no room for another column',
  },
  'duplicate-column': {
    run: (s) => {
      const column = lastColumn(s);
      if (column) s.duplicateColumn(column.id);
    },
    unavailable: (s) =>
      !lastColumn(s)
        ? 'there is no column'
        : s.columns.length < MAX_COLUMNS
          ? undefined
          : 'there is no room for another column',
  },
  'focus-query': { run: (s) => s.requestFocus('query') },
  'command-palette': { run: (s) => (s.paletteOpen ? s.closePalette() : s.openPalette()) },
  compare: {
    run: (s) => s.openCompare(),
    unavailable: (s) =>
      s.runStatus !== 'idle'
        ? 'a run is in progress'
        : !s.snapshot
          ? 'run the columns first'
          : undefined,
  },
  'open-history': { run: (s) => s.openHistory() },
  'open-evaluation': { run: (s) => s.openEvaluation() },
  'open-pipelines': { run: (s) => s.openPipelines() },
  'open-models': { run: (s) => s.openModels() },
  'open-keys': { run: (s) => s.openKeys() },
  'new-workspace': { run: (s) => s.newWorkspace() },
  'open-workspace': { run: (s) => s.openWorkspace() },
  'save-workspace': { run: (s) => s.saveWorkspace() },
  'save-workspace-as': { run: (s) => s.saveWorkspaceAs() },
  'export-diagnostics': { run: (s) => s.exportDiagnostics() },
  about: { run: (s) => s.openAbout() },
};

/** Why a command cannot run in this state, or undefined when it can. */
export function commandUnavailable(state: AppState, id: AppCommandId): string | undefined {
  return ACTIONS[id].unavailable?.(state);
}

/** Runs a command if it can run now; says whether it ran. */
export function runCommand(store: AppStore, id: AppCommandId): boolean {
  const state = store.getState();
  if (commandUnavailable(state, id) !== undefined) return false;
  void ACTIONS[id].run(state);
  return true;
}

/** The commands in palette order: by group, as declared within a group. */
export function paletteCommands(): readonly AppCommand[] {
  const order = ['File', 'Edit', 'Run', 'Columns', 'View', 'Help'];
  return [...APP_COMMANDS].sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group));
}
