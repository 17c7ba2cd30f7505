/** One store from typed slices (Zustand's slices pattern). Nothing in it is persisted. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Client } from '../client/client';
import { createBudgetSlice } from './budget/slice';
import { createColumnsSlice } from './columns/slice';
import { createCompareSlice } from './compare/slice';
import { createEditorSlice } from './editor/slice';
import { createEstimateSlice } from './estimate/slice';
import { createEvaluationSlice } from './evaluation/slice';
import { createHistorySlice } from './history/slice';
import { createExportSlice } from './export/slice';
import { createPipelinesSlice } from './pipelines/slice';
import { createKeysSlice } from './keys/slice';
import { createModelsSlice } from './models/slice';
import { createRunSlice } from './run/slice';
import { createScoreViewSlice } from './score-view/slice';
import type { AppState } from './types';
import { createWireSlice, systemClipboard, type TextClipboard } from './wire/slice';
import { runCommand } from '../commands/registry';
import { createAppSlice } from './app/slice';
import { browserDownload, type FileDownload } from './app/downloads';
import { createDropSlice } from './drop/slice';
import { createWorkspaceSlice } from './workspace/slice';

export type AppStore = StoreApi<AppState>;

/** The store's edges besides the client; tests pass their own. */
export interface AppStoreOptions {
  clipboard?: TextClipboard;
  /** Where files the user saves go (default: the browser's download). */
  download?: FileDownload;
}

export function createAppStore(client: Client, options: AppStoreOptions = {}): AppStore {
  const download = options.download ?? browserDownload;
  const store = createStore<AppState>()((...args) => ({
    ...createEditorSlice(...args),
    ...createColumnsSlice(...args),
    ...createRunSlice(client)(...args),
    ...createBudgetSlice(...args),
    ...createWireSlice(options.clipboard ?? systemClipboard)(...args),
    ...createKeysSlice(client)(...args),
    ...createModelsSlice(client)(...args),
    ...createEstimateSlice(client)(...args),
    ...createScoreViewSlice(...args),
    ...createHistorySlice(client, download)(...args),
    ...createCompareSlice(client)(...args),
    ...createPipelinesSlice(client)(...args),
    ...createExportSlice(client, options.clipboard ?? systemClipboard, download)(...args),
    ...createEvaluationSlice(client, download)(...args),
    ...createAppSlice(client, download)(...args),
    ...createWorkspaceSlice(client, download)(...args),
    ...createDropSlice(...args),
  }));
  client.subscribe('eval:progress', (event) => store.getState().applyEvaluationProgress(event));
  client.subscribe('app:command', (event) => runCommand(store, event.command));
  client.subscribe('app:open-paths', (event) => void store.getState().openPaths(event.paths));
  client.subscribe('run:progress', (event) => store.getState().applyProgress(event));
  client.subscribe('model:download', (event) => store.getState().applyDownloadProgress(event));
  // A removed column's score view goes with it.
  store.subscribe((state, previous) => {
    if (state.columns !== previous.columns) state.forgetScoreViews(state.columns.map((c) => c.id));
  });
  return store;
}
