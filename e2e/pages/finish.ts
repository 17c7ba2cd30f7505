import { expect, type Locator, type Page } from '@playwright/test';

/** The command palette (Ctrl/Cmd+K): a combobox and its listbox of commands. */
export class CommandPalette {
  readonly dialog: Locator;
  readonly input: Locator;
  readonly list: Locator;
  readonly options: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Command palette' });
    this.input = this.dialog.getByRole('combobox', { name: 'Command' });
    this.list = this.dialog.getByRole('listbox', { name: 'Commands' });
    this.options = this.list.getByRole('option');
  }

  async open(): Promise<void> {
    await this.page.keyboard.press('ControlOrMeta+k');
    await expect(this.dialog).toBeVisible();
    await expect(this.input).toBeFocused();
  }

  /** Filters by `text` and runs the first match with Enter. */
  async run(text: string): Promise<void> {
    await this.open();
    await this.input.fill(text);
    await this.page.keyboard.press('Enter');
    await expect(this.dialog).toBeHidden();
  }

  /** The option the combobox points at (aria-activedescendant). */
  active(): Locator {
    return this.list.getByRole('option', { selected: true });
  }
}

/** The toolbar's workspace name and app menu. */
export class AppMenu {
  readonly button: Locator;
  readonly menu: Locator;
  readonly workspace: Locator;
  readonly fileInput: Locator;

  constructor(readonly page: Page) {
    const toolbar = page.getByRole('banner');
    this.button = toolbar.getByRole('button', { name: 'Menu', exact: true });
    this.menu = page.getByRole('menu', { name: 'App menu' });
    this.workspace = toolbar.getByLabel('Workspace', { exact: true });
    this.fileInput = page.getByLabel('Workspace file', { exact: true });
  }

  item(name: string | RegExp): Locator {
    return this.menu.getByRole('menuitem', { name });
  }

  themeItem(name: 'System' | 'Light' | 'Dark'): Locator {
    return this.menu.getByRole('menuitemradio', { name });
  }

  recent(name: string): Locator {
    return this.menu.getByRole('group', { name: 'Recent files' }).getByRole('menuitem', { name });
  }

  async open(): Promise<void> {
    await this.button.click();
    await expect(this.menu).toBeVisible();
  }

  async choose(name: string | RegExp): Promise<void> {
    await this.open();
    await this.item(name).click();
    await expect(this.menu).toBeHidden();
  }

  /** The workspace name as shown, with " (unsaved changes)" when it is dirty. */
  async expectWorkspace(name: string, dirty: boolean): Promise<void> {
    await expect(this.workspace).toHaveText(dirty ? `${name} ● (unsaved changes)` : name);
  }
}

/** The notice line (what a workspace command or a drop did). */
export function notice(page: Page): Locator {
  return page.getByLabel('Notice', { exact: true });
}

/** A file as a test drops it. */
export interface DropFile {
  name: string;
  text: string;
  type?: string;
}

/**
 * Drags files over the window and holds them there: the DOM events a drag from the file
 * manager produces, with a real DataTransfer holding real Files. Returns what ends the drag.
 * (e2e code is typed for Node, which has no DataTransfer: the page builds it from a string.)
 */
export async function hoverFiles(
  page: Page,
  files: DropFile[],
): Promise<{ drop: () => Promise<void>; leave: () => Promise<void> }> {
  const dataTransfer = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    for (const f of ${JSON.stringify(files)}) {
      transfer.items.add(new File([f.text], f.name, { type: f.type ?? '' }));
    }
    return transfer;
  })()`);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await page.dispatchEvent('main', 'dragover', { dataTransfer });
  return {
    drop: () => page.dispatchEvent('main', 'drop', { dataTransfer }),
    leave: () => page.dispatchEvent('main', 'dragleave', { dataTransfer }),
  };
}

/** Drags files onto the window and drops them. */
export async function dropFiles(page: Page, files: DropFile[]): Promise<void> {
  await (await hoverFiles(page, files)).drop();
}
