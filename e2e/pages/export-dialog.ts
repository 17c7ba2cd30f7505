import type { Locator, Page } from '@playwright/test';

/** A column's export dialog: target picker, exported text or the reason, Copy, Save, Close. */
export class ExportDialog {
  readonly dialog: Locator;
  readonly target: Locator;
  readonly text: Locator;
  readonly reason: Locator;
  readonly status: Locator;
  readonly copyButton: Locator;
  readonly saveButton: Locator;
  readonly closeButton: Locator;

  constructor(page: Page) {
    this.dialog = page.getByRole('dialog', { name: /^Export Column \d+$/ });
    this.target = this.dialog.getByRole('combobox', { name: 'Export target' });
    this.text = this.dialog.getByRole('textbox', { name: 'Exported text' });
    this.reason = this.dialog.getByRole('note', { name: 'Why not available' });
    this.status = this.dialog.getByRole('status', { name: 'Export status' });
    this.copyButton = this.dialog.getByRole('button', { name: 'Copy' });
    this.saveButton = this.dialog.getByRole('button', { name: 'Save' });
    this.closeButton = this.dialog.getByRole('button', { name: 'Close' });
  }

  /** Picks a target by its label, e.g. "curl" or "Pipeline config (JSON)". */
  async choose(label: string | RegExp): Promise<void> {
    const option = this.target.getByRole('option', { name: label });
    await this.target.selectOption({ label: (await option.textContent()) ?? '' });
  }
}
