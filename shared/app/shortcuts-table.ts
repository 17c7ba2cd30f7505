/**
 * The README's table of commands and shortcuts, made from the command list so the two cannot
 * disagree (a test compares them).
 */
import { formatAccelerator } from './accelerators';
import { APP_COMMANDS } from './commands';

/** One row per command: label, group, and the shortcut on Windows/Linux and on macOS. */
export function shortcutRows(): [string, string, string, string][] {
  return APP_COMMANDS.map((command) => {
    const accelerator = 'accelerator' in command ? command.accelerator : undefined;
    const key = (mac: boolean) =>
      accelerator ? `\`${formatAccelerator(accelerator, mac)}\`` : 'palette or menu';
    return [command.label, command.group, key(false), key(true)];
  });
}

export const SHORTCUT_HEADER = ['command', 'menu', 'Windows and Linux', 'macOS'] as const;

/** The table as Markdown (before Prettier pads its columns). */
export function shortcutsTable(): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(SHORTCUT_HEADER),
    line(SHORTCUT_HEADER.map(() => '---')),
    ...shortcutRows().map(line),
  ].join('\n');
}
