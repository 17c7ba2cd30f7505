/**
 * Sandboxed preload: exposes the contract as named functions, nothing else. Requests are
 * validated in main; this layer only forwards.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL } from '../../shared/contract/bridge';
import { EVENT_NAMES, OPERATION_NAMES } from '../../shared/contract/names';

const operations = Object.fromEntries(
  OPERATION_NAMES.map((name) => [name, (request: unknown) => ipcRenderer.invoke(name, request)]),
);

const events = Object.fromEntries(
  EVENT_NAMES.map((name) => [
    name,
    (listener: (payload: unknown) => void) => {
      const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(name, forward);
      return () => {
        ipcRenderer.removeListener(name, forward);
      };
    },
  ]),
);

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, { operations, events });
