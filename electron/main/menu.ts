/**
 * The application menu: the platform's usual roles (app menu on macOS, Edit, View zoom and
 * full screen, Window) and every app command from shared/app/commands.ts with its
 * accelerator. Choosing a command sends it to the window as an `app:command` event, where the
 * renderer runs it exactly as its shortcut or the command palette would.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { APP_COMMANDS, type AppCommand, type AppCommandId } from '../../shared/app/commands';
import { APP_NAME } from '../platform/app-meta';

type Group = AppCommand['group'];

function commandItems(
  group: Group,
  send: (id: AppCommandId) => void,
): MenuItemConstructorOptions[] {
  return APP_COMMANDS.filter((command) => command.group === group).map((command) => ({
    id: command.id,
    label: command.label,
    ...('accelerator' in command ? { accelerator: command.accelerator } : {}),
    click: () => send(command.id),
  }));
}

export function menuTemplate(
  platform: NodeJS.Platform,
  send: (id: AppCommandId) => void,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const items = (group: Group) => commandItems(group, send);
  return [
    ...(mac ? [{ label: APP_NAME, role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        ...items('File'),
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        ...items('Edit'),
      ],
    },
    {
      label: '&View',
      submenu: [
        ...items('View'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: '&Run', submenu: items('Run') },
    { label: '&Columns', submenu: items('Columns') },
    { label: '&Window', role: 'windowMenu' },
    { label: '&Help', role: 'help', submenu: items('Help') },
  ];
}

export function installMenu(send: (id: AppCommandId) => void): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(process.platform, send)));
}
