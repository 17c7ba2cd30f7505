/** Wires every contract operation to IPC, with a sender check, and forwards events. */
import { BrowserWindow, ipcMain } from 'electron';
import { dispatch } from '../../shared/contract/dispatch';
import { OPERATION_NAMES } from '../../shared/contract/names';
import { fail } from '../../shared/util/result';
import type { Services } from '../composition/compose';
import { logBug } from '../log/log';
import { isTrustedSender } from './security';

export function registerIpc(services: Services): void {
  for (const name of OPERATION_NAMES) {
    ipcMain.handle(name, (event, request: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        return fail(
          'invalid_request',
          `${name} refused: the request did not come from the app window`,
        );
      }
      return dispatch(services.handlers, name, request, logBug);
    });
  }
  services.events.subscribe((event, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send(event, payload);
    }
  });
}
