import { expect, type Locator, type Page } from '@playwright/test';

/** The Pipelines panel: save a column as a pipeline, and each saved pipeline's row. */
export class PipelinesPanel {
  readonly dialog: Locator;
  readonly columnSelect: Locator;
  readonly name: Locator;
  readonly saveButton: Locator;
  readonly list: Locator;
  readonly error: Locator;

  constructor(private readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Pipelines' });
    this.columnSelect = this.dialog.getByRole('combobox', { name: 'Column to save' });
    this.name = this.dialog.getByRole('textbox', { name: 'Pipeline name' });
    this.saveButton = this.dialog.getByRole('button', { name: 'Save as pipeline' });
    this.list = this.dialog.getByRole('list', { name: 'Saved pipelines' });
    this.error = this.dialog.getByRole('alert', { name: 'Pipelines error' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('banner').getByRole('button', { name: 'Pipelines' }).click();
    await expect(this.dialog).toBeVisible();
  }

  async close(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Close' }).last().click();
    await expect(this.dialog).toBeHidden();
  }

  async saveColumn(position: number, name: string): Promise<void> {
    const option = this.columnSelect.getByRole('option', {
      name: new RegExp(`^Column ${position}:`),
    });
    await this.columnSelect.selectOption({ label: (await option.textContent()) ?? '' });
    await this.name.fill(name);
    await this.saveButton.click();
    await expect(this.row(name).region).toBeVisible();
  }

  row(name: string) {
    const region = this.list.getByRole('listitem', { name: `Pipeline: ${name}` });
    return {
      region,
      stats: region.getByLabel(`Stats of ${name}`),
      lastError: region.getByLabel(`Last error of ${name}`),
      button: (label: string) => region.getByRole('button', { name: label, exact: true }),
    };
  }
}
