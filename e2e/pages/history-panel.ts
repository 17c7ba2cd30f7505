import { expect, type Locator, type Page } from '@playwright/test';

/** The History dialog: saved runs, their filters, and the actions on each run. */
export class HistoryPanel {
  readonly openButton: Locator;
  readonly dialog: Locator;
  readonly search: Locator;
  readonly runs: Locator;
  readonly compareSelectedButton: Locator;
  readonly closeButton: Locator;

  constructor(page: Page) {
    this.openButton = page.getByRole('banner').getByRole('button', { name: 'History' });
    this.dialog = page.getByRole('dialog', { name: 'History' });
    this.search = this.dialog.getByRole('searchbox', { name: 'Search runs' });
    this.runs = this.dialog.getByRole('list', { name: 'Saved runs' }).getByRole('listitem');
    this.compareSelectedButton = this.dialog.getByRole('button', { name: /^Compare selected/ });
    this.closeButton = this.dialog.getByRole('button', { name: 'Close', exact: true });
  }

  async open(): Promise<void> {
    await this.openButton.click();
    await expect(this.dialog).toBeVisible();
  }

  /** The saved run whose query is exactly `query`. */
  run(query: string): Locator {
    return this.runs.filter({ has: this.dialog.page().getByText(query, { exact: true }) });
  }

  filter(name: string): Locator {
    return this.dialog.getByRole('combobox', { name });
  }

  /** Ticks a run for comparison. */
  async select(query: string): Promise<void> {
    await this.run(query)
      .getByRole('checkbox', { name: /^Select for comparison: / })
      .check();
  }
}
