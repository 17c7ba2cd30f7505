import { expect, type Download, type Locator, type Page } from '@playwright/test';

/** The Evaluation panel (toolbar → Evaluate), as a user sees it. */
export class EvaluationPanel {
  readonly openButton: Locator;
  readonly dialog: Locator;
  readonly files: Locator;
  readonly importedSet: Locator;
  readonly threshold: Locator;
  readonly metrics: Locator;
  readonly startButton: Locator;
  readonly estimate: Locator;
  readonly runButton: Locator;
  readonly progress: Locator;
  readonly status: Locator;
  readonly cancelButton: Locator;
  readonly summary: Locator;
  readonly table: Locator;
  readonly winsAndLosses: Locator;
  readonly breakdownColumn: Locator;
  readonly baseline: Locator;
  readonly pairwise: Locator;
  readonly pairwiseNote: Locator;
  readonly comparisonMetric: Locator;
  readonly swapButton: Locator;
  readonly margins: Locator;
  readonly perQueryRows: Locator;
  readonly saved: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.openButton = page.getByRole('button', { name: 'Evaluate', exact: true });
    this.dialog = page.getByRole('dialog', { name: 'Evaluation' });
    const d = this.dialog;
    this.files = d.getByLabel('Labelled set files');
    this.importedSet = d.getByRole('status', { name: 'Imported set' });
    this.threshold = d.getByRole('textbox', { name: 'Relevance threshold' });
    this.metrics = d.getByRole('textbox', { name: 'Metrics' });
    this.startButton = d.getByRole('button', { name: 'Start evaluation…' });
    this.estimate = d.getByRole('region', { name: 'Cost estimate' });
    this.runButton = this.estimate.getByRole('button', { name: 'Run evaluation' });
    this.progress = d.getByRole('progressbar', { name: 'Evaluation progress' });
    this.status = d.getByRole('status', { name: 'Evaluation status' });
    this.cancelButton = d.getByRole('button', { name: 'Cancel evaluation' });
    this.summary = d.getByRole('status', { name: 'Evaluation summary' });
    this.table = d.getByRole('table', { name: 'Metrics by column' });
    this.winsAndLosses = d.getByRole('status', { name: 'Wins and losses' });
    this.breakdownColumn = d.getByRole('combobox', { name: 'Breakdown column' });
    this.baseline = d.getByRole('combobox', { name: 'Baseline column' });
    this.pairwise = d.getByRole('table', { name: 'Pairwise tests' });
    this.pairwiseNote = d.getByLabel('Pairwise tests note');
    this.comparisonMetric = d.getByRole('combobox', { name: 'Comparison metric' });
    this.swapButton = d.getByRole('button', { name: 'Swap' });
    this.margins = d.getByRole('status', { name: 'Margins' });
    this.perQueryRows = d.getByRole('table', { name: 'Per-query results' }).locator('tbody tr');
    this.saved = d.getByRole('list', { name: 'Saved evaluations list' }).getByRole('listitem');
    this.error = d.getByRole('alert', { name: 'Evaluation error' });
  }

  async open(): Promise<void> {
    await this.openButton.click();
    await expect(this.dialog).toBeVisible();
  }

  async close(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await expect(this.dialog).toBeHidden();
  }

  /** Picks files made in the test, as a user picks them in the file dialog. */
  async importFiles(files: Record<string, string>): Promise<void> {
    await this.files.setInputFiles(
      Object.entries(files).map(([name, text]) => ({
        name,
        mimeType: 'text/plain',
        buffer: Buffer.from(text),
      })),
    );
    await expect(this.importedSet).toBeVisible();
  }

  /** A column's checkbox in the Columns list. */
  columnChoice(name: string): Locator {
    return this.dialog.getByRole('checkbox', { name: `Evaluate ${name}` });
  }

  /** The cell of one metric and column (a column is named by its header). */
  cell(metric: string, column: string): Locator {
    return this.table.getByRole('cell', { name: `${metric} ${column}`, exact: true });
  }

  /** A cell of the pairwise matrix: `row` against `column`, by their labels. */
  pairCell(row: string, column: string): Locator {
    return this.pairwise.getByRole('cell', { name: `${row} against ${column}`, exact: true });
  }

  async headers(): Promise<string[]> {
    return (await this.table.getByRole('columnheader').allInnerTexts()).map((t) => t.trim());
  }

  async exportReport(label: 'CSV' | 'JSON' | 'Markdown'): Promise<{ name: string; text: string }> {
    const [download]: [Download, void] = await Promise.all([
      this.page.waitForEvent('download'),
      this.dialog.getByRole('button', { name: `Export ${label}` }).click(),
    ]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  }
}
