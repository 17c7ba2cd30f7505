import { expect, type Locator, type Page } from '@playwright/test';

/** The comparison dialog: agreement figures, the rank-movement chart, the rank table. */
export class ComparePanel {
  readonly openButton: Locator;
  readonly dialog: Locator;
  readonly agreement: Locator;
  readonly chart: Locator;
  readonly chartLines: Locator;
  readonly table: Locator;
  readonly tableRows: Locator;
  readonly reference: Locator;
  readonly order: Locator;
  readonly rbo: Locator;
  readonly topK: Locator;
  readonly closeButton: Locator;

  constructor(page: Page) {
    this.openButton = page.getByRole('banner').getByRole('button', { name: 'Compare' });
    this.dialog = page.getByRole('dialog', { name: 'Compare rankings' });
    this.agreement = this.dialog.getByRole('table', { name: 'Agreement between rankings' });
    this.chart = this.dialog.getByRole('img', { name: /^Rank movement of the top/ });
    this.chartLines = this.chart.locator('g.bump-line');
    this.table = this.dialog.getByRole('table', { name: 'Ranks of every document' });
    this.tableRows = this.table.getByRole('rowgroup').getByRole('row');
    this.reference = this.dialog.getByRole('combobox', { name: 'Reference ranking' });
    this.order = this.dialog.getByRole('combobox', { name: 'Document order' });
    this.rbo = this.dialog.getByRole('spinbutton', { name: 'RBO p for the comparison' });
    this.topK = this.dialog.getByRole('spinbutton', { name: 'Top-k for the comparison' });
    this.closeButton = this.dialog.getByRole('button', { name: 'Close', exact: true });
  }

  async open(): Promise<void> {
    await this.openButton.click();
    await expect(this.dialog).toBeVisible();
  }

  /** The agreement row of two rankings, e.g. ("1 · input order", "2 · bm25"). */
  pair(first: string, second: string): Locator {
    return this.agreement.getByRole('row', { name: `${first} vs ${second}`, exact: true });
  }

  /** Kendall τ, RBO and top-k overlap of a pair, as shown. */
  async figures(first: string, second: string) {
    const row = this.pair(first, second);
    return {
      tau: await row.getByRole('cell', { name: 'Kendall τ' }).textContent(),
      rbo: await row.getByRole('cell', { name: 'RBO' }).textContent(),
      overlap: await row.getByRole('cell', { name: 'Top-k overlap' }).textContent(),
    };
  }

  /** The rank table's row of a document, by its label (`#2`, `A#0 B#1`). */
  row(label: string): Locator {
    return this.tableRows.and(this.dialog.getByRole('row', { name: label, exact: true }));
  }

  /** The cells of each shown table row: [document, rank in each ranking…]. */
  async rows(): Promise<string[][]> {
    const rows: string[][] = [];
    for (const row of await this.tableRows.all()) {
      rows.push((await row.getByRole('cell').allTextContents()).map((t) => t.trim()));
    }
    return rows;
  }
}
