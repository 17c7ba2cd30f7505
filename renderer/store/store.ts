/** One store from typed slices (Zustand's slices pattern). Nothing in it is persisted. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Client } from '../client/client';
import { createColumnsSlice } from './columns/slice';
import { createEditorSlice } from './editor/slice';
import { createRunSlice } from './run/slice';
import type { AppState } from './types';

export type AppStore = StoreApi<AppState>;

export function createAppStore(client: Client): AppStore {
  const store = createStore<AppState>()((...args) => ({
    ...createEditorSlice(...args),
    ...createColumnsSlice(...args),
    ...createRunSlice(client)(...args),
  }));
  client.subscribe('run:progress', (event) => store.getState().applyProgress(event));
  return store;
}
