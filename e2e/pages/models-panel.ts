import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The Models dialog, opened from the toolbar's Models button: installed models, the catalog
 * with downloads, the Hub URL and the import form. Located by roles and accessible names only.
 */
export class ModelsPanel {
  readonly openButton: Locator;
  readonly dialog: Locator;
  readonly closeButton: Locator;
  /** "Local ONNX rerankers, kept in <folder>…" once the host has answered. */
  readonly folder: Locator;
  /** A failure that belongs to no model (the list could not be read). */
  readonly error: Locator;
  readonly installed: Locator;
  readonly installedRows: Locator;
  readonly catalog: Locator;
  readonly catalogRows: Locator;
  readonly hubUrl: Locator;
  readonly hubUrlError: Locator;

  readonly importForm: Locator;
  readonly importPath: Locator;
  readonly importId: Locator;
  readonly importButton: Locator;
  /** The host's refusal, word for word. */
  readonly importError: Locator;
  /** "Imported <id>." */
  readonly importStatus: Locator;

  constructor(readonly page: Page) {
    this.openButton = page.getByRole('banner').getByRole('button', { name: 'Models', exact: true });
    this.dialog = page.getByRole('dialog', { name: 'Models' });
    this.closeButton = this.dialog.getByRole('button', { name: 'Close', exact: true });
    this.folder = this.dialog.getByRole('note', { name: 'Models folder' });
    this.error = this.dialog.getByRole('alert', { name: 'Models error' });
    this.installed = this.dialog.getByRole('list', { name: 'Installed models' });
    this.installedRows = this.installed.locator(':scope > li');
    this.catalog = this.dialog.getByRole('list', { name: 'Model catalog' });
    this.catalogRows = this.catalog.locator(':scope > li');
    this.hubUrl = this.dialog.getByRole('textbox', { name: 'Hub URL', exact: true });
    this.hubUrlError = this.dialog.getByRole('alert').filter({ hasText: 'downloads use' });

    this.importForm = this.dialog.getByRole('form', { name: 'Import a model folder' });
    this.importPath = this.importForm.getByRole('textbox', { name: 'Folder path', exact: true });
    this.importId = this.importForm.getByRole('textbox', { name: 'Model id', exact: true });
    this.importButton = this.importForm.getByRole('button', { name: 'Import', exact: true });
    this.importError = this.importForm.getByRole('alert');
    this.importStatus = this.importForm.getByRole('status', { name: 'Import status' });
  }

  async open(): Promise<void> {
    await this.openButton.click();
    await expect(this.dialog).toBeVisible();
    await expect(this.folder).toContainText('kept in');
  }

  async close(): Promise<void> {
    await this.closeButton.click();
    await expect(this.dialog).toBeHidden();
  }

  /**
   * The ids of the installed models, in the order shown, read in one go (a row deleted between
   * reads would otherwise be waited for). Not retrying: use in `expect.poll`.
   */
  async installedIds(): Promise<string[]> {
    // Typed by hand: e2e code is typed for Node, which has no DOM `Element`.
    type Row = { getAttribute(name: string): string | null };
    return this.installedRows.evaluateAll((rows: Row[]) =>
      rows.map((row) => row.getAttribute('aria-label') ?? ''),
    );
  }

  installedRow(id: string): InstalledModelRow {
    return new InstalledModelRow(this.installed, id);
  }

  catalogRow(label: string): CatalogRow {
    return new CatalogRow(this.catalog, label);
  }

  /** Imports a folder and waits until the host has answered (status or error). */
  async importFolder(folder: string, id?: string): Promise<void> {
    await this.importPath.fill(folder);
    await this.importId.fill(id ?? '');
    await this.importButton.click();
    await expect(this.importStatus.or(this.importError)).toBeVisible();
  }
}

/** One installed model: its facts and Delete. */
export class InstalledModelRow {
  readonly region: Locator;
  /** "fp32", "1.2 MB", "max length 512", … */
  readonly facts: Locator;
  readonly deleteButton: Locator;
  readonly error: Locator;

  constructor(list: Locator, id: string) {
    this.region = list.getByRole('listitem', { name: id, exact: true });
    this.facts = this.region.getByRole('list', { name: `Facts of ${id}` }).getByRole('listitem');
    this.deleteButton = this.region.getByRole('button', { name: `Delete ${id}`, exact: true });
    this.error = this.region.getByRole('alert', { name: `Model error for ${id}` });
  }
}

/** One catalog model: facts, the variant to download, Download / Cancel and its progress. */
export class CatalogRow {
  readonly region: Locator;
  readonly facts: Locator;
  readonly installed: Locator;
  readonly variant: Locator;
  /** What a q8 download means on this CPU, where it ranks less accurately. */
  readonly variantNote: Locator;
  readonly downloadButton: Locator;
  readonly cancelButton: Locator;
  readonly progress: Locator;
  /** "Downloading … · 42% · 0.1 of 0.2 MB", "Download cancelled", "Download failed: …". */
  readonly status: Locator;
  /** "about 2 min left", named "About 2 minutes left for the download of …", once known. */
  readonly timeLeft: Locator;

  constructor(list: Locator, label: string) {
    this.region = list.getByRole('listitem', { name: label, exact: true });
    this.facts = this.region.getByRole('list', { name: `Facts of ${label}` }).getByRole('listitem');
    this.installed = this.region.getByRole('status', { name: `${label} installed` });
    this.variant = this.region.getByRole('combobox', { name: `Variant to download for ${label}` });
    this.variantNote = this.region.getByRole('note', { name: `Variant note for ${label}` });
    this.downloadButton = this.region.getByRole('button', { name: `Download ${label}` });
    this.cancelButton = this.region.getByRole('button', { name: `Cancel download of ${label}` });
    this.progress = this.region.getByRole('progressbar', { name: `Download of ${label}` });
    this.status = this.region
      .getByRole('status', { name: `Download status of ${label}` })
      .or(this.region.getByRole('alert', { name: `Download status of ${label}` }));
    this.timeLeft = this.region.getByRole('timer', {
      name: new RegExp(
        ` left for the download of ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
      ),
    });
  }
}
