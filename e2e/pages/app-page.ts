import { expect, type Locator, type Page } from '@playwright/test';
import { ColumnPanel } from './column-panel';
import { ComparePanel } from './compare-panel';
import { HistoryPanel } from './history-panel';
import type { WebHostProcess } from '../support/scripts';
import { KeysPanel } from './keys-panel';
import { ModelsPanel } from './models-panel';
import { ExportDialog } from './export-dialog';
import { PipelinesPanel } from './pipelines-panel';

/** How the app under test is hosted; web-only specs need the origin and token. */
export type HostInfo =
  | { kind: 'electron' }
  | {
      kind: 'web';
      origin: string;
      token: string;
      dataDir: string;
      /** What the host has printed so far (stdout and stderr). */
      output: () => string;
    };

/**
 * The Rerank Studio window, located by accessible roles and names only, so a spec reads like
 * what a user (or a screen reader) sees. Waits are readiness signals, never sleeps.
 */
/** Opens a running web host in `page` and waits until the app is ready. */
export async function openWebHost(page: Page, host: WebHostProcess): Promise<AppPage> {
  await page.goto(host.url);
  const app = new AppPage(page, {
    kind: 'web',
    origin: host.origin,
    token: host.token,
    dataDir: host.dataDir,
    output: () => host.output,
  });
  await app.waitUntilReady();
  return app;
}

export class AppPage {
  readonly toolbar: Locator;
  readonly runButton: Locator;
  readonly cancelButton: Locator;
  readonly runStatus: Locator;
  readonly requestError: Locator;
  readonly dismissErrorButton: Locator;

  readonly query: Locator;
  readonly instruction: Locator;
  readonly topN: Locator;

  readonly documentsRegion: Locator;
  readonly documentList: Locator;
  readonly documentBoxes: Locator;
  readonly addDocumentButton: Locator;
  readonly pasteButton: Locator;
  readonly loadFileButton: Locator;
  readonly clearDocumentsButton: Locator;
  readonly fileInput: Locator;
  /** "Added 2 documents from x.jsonl" after a file loads. */
  readonly fileStatus: Locator;
  /** What was wrong with a loaded file. */
  readonly fileError: Locator;

  readonly pasteDialog: Locator;
  readonly pasteText: Locator;

  readonly columnRegions: Locator;
  readonly addColumnButton: Locator;

  /** The Keys dialog and its toolbar button. */
  readonly keys: KeysPanel;
  readonly exportDialog: ExportDialog;
  readonly pipelines: PipelinesPanel;
  /** The Models dialog and its toolbar button. */
  readonly models: ModelsPanel;
  readonly history: HistoryPanel;
  readonly compare: ComparePanel;

  constructor(
    readonly page: Page,
    readonly host: HostInfo,
  ) {
    // The toolbar is the page's banner; scoping to it keeps "Cancel" apart from the dialog's.
    this.toolbar = page.getByRole('banner');
    this.runButton = this.toolbar.getByRole('button', { name: 'Run', exact: true });
    this.cancelButton = this.toolbar.getByRole('button', { name: 'Cancel', exact: true });
    this.runStatus = this.toolbar.getByRole('status', { name: 'Run status' });
    this.requestError = page.getByRole('alert', { name: 'Request error' });
    this.dismissErrorButton = page.getByRole('button', { name: 'Dismiss error' });

    this.query = page.getByRole('textbox', { name: 'Query', exact: true });
    this.instruction = page.getByRole('textbox', { name: 'Instruction', exact: true });
    this.topN = page.getByRole('spinbutton', { name: 'Top N', exact: true });

    this.documentsRegion = page.getByRole('region', { name: 'Documents', exact: true });
    this.documentList = this.documentsRegion.getByRole('list', { name: 'Document list' });
    this.documentBoxes = this.documentList.getByRole('textbox');
    this.addDocumentButton = this.documentsRegion.getByRole('button', { name: 'Add document' });
    this.pasteButton = this.documentsRegion.getByRole('button', { name: 'Paste documents' });
    this.loadFileButton = this.documentsRegion.getByRole('button', { name: 'Load file' });
    this.clearDocumentsButton = this.documentsRegion.getByRole('button', {
      name: 'Clear documents',
    });
    this.fileInput = this.documentsRegion.getByLabel('Document file', { exact: true });
    this.fileStatus = this.documentsRegion.getByRole('status');
    this.fileError = this.documentsRegion.getByRole('alert');

    this.pasteDialog = page.getByRole('dialog', { name: 'Paste documents' });
    this.pasteText = this.pasteDialog.getByRole('textbox', { name: 'Documents to paste' });

    this.columnRegions = page
      .getByRole('region', { name: 'Result columns' })
      .getByRole('region', { name: /^Column \d+: / });
    this.addColumnButton = page.getByRole('button', { name: 'Add column', exact: true });
    this.keys = new KeysPanel(page);
    this.exportDialog = new ExportDialog(page);
    this.pipelines = new PipelinesPanel(page);
    this.models = new ModelsPanel(page);
    this.history = new HistoryPanel(page);
    this.compare = new ComparePanel(page);
  }

  /** The app has rendered its editor and is ready for input. */
  async waitUntilReady(): Promise<void> {
    await expect(this.query).toBeVisible();
    await expect(this.runButton).toBeEnabled();
  }

  /** Column N (1-based, as the UI numbers them). */
  column(position: number): ColumnPanel {
    return new ColumnPanel(this.page, position);
  }

  document(index: number): Locator {
    return this.documentList.getByRole('textbox', { name: `Document ${index}`, exact: true });
  }

  moveUpButton(index: number): Locator {
    return this.documentList.getByRole('button', { name: `Move document ${index} up` });
  }

  moveDownButton(index: number): Locator {
    return this.documentList.getByRole('button', { name: `Move document ${index} down` });
  }

  deleteButton(index: number): Locator {
    return this.documentList.getByRole('button', { name: `Delete document ${index}` });
  }

  /** The documents' texts in editor order. Not retrying: use inside `expect.poll`. */
  async documentTexts(): Promise<string[]> {
    const texts: string[] = [];
    for (const box of await this.documentBoxes.all()) texts.push(await box.inputValue());
    return texts;
  }

  async expectDocuments(texts: string[]): Promise<void> {
    await expect(this.documentBoxes).toHaveCount(texts.length);
    await expect.poll(() => this.documentTexts(), { message: 'document texts' }).toEqual(texts);
  }

  /** Pastes documents (one per line) through the paste dialog and waits for it to close. */
  async pasteDocuments(lines: string[], mode: 'replace' | 'append'): Promise<void> {
    await this.pasteButton.click();
    await expect(this.pasteDialog).toBeVisible();
    await this.pasteText.fill(lines.join('\n'));
    const submit = mode === 'replace' ? 'Replace all' : 'Add';
    await this.pasteDialog.getByRole('button', { name: submit, exact: true }).click();
    await expect(this.pasteDialog).toBeHidden();
  }

  /** Loads a file through the hidden file input, as the "Load file" button's picker would. */
  async loadFile(
    name: string,
    contents: string,
    mimeType = 'application/octet-stream',
  ): Promise<void> {
    await this.fileInput.setInputFiles({ name, mimeType, buffer: Buffer.from(contents, 'utf8') });
  }

  /** Loads a file the way a user does: the "Load file" button, then the file picker. */
  async loadFileWithPicker(name: string, contents: string): Promise<void> {
    const picker = this.page.waitForEvent('filechooser');
    await this.loadFileButton.click();
    const chooser = await picker;
    expect(chooser.isMultiple()).toBe(false);
    await chooser.setFiles({
      name,
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(contents, 'utf8'),
    });
  }

  /**
   * Clicks Run and waits until the run is over (Run is enabled again). A fast run can finish
   * before the click returns, so specs then wait for the results they expect, which retrying
   * assertions (`expectRanking`, `toHaveText`) do.
   */
  async run(): Promise<void> {
    await this.runButton.click();
    await expect(this.runButton).toBeEnabled();
  }

  /** Runs with the keyboard shortcut from the query box. */
  async runWithKeyboard(): Promise<void> {
    await this.query.focus();
    await this.page.keyboard.press('ControlOrMeta+Enter');
    await expect(this.runButton).toBeEnabled();
  }

  /** The clipboard's text, read in the page (needs the clipboard-read permission). */
  async readClipboard(): Promise<string> {
    // A string, because e2e code is typed for Node, which has no `navigator`.
    return this.page.evaluate<string>('navigator.clipboard.readText()');
  }

  async expectRequestError(message: string): Promise<void> {
    await expect(this.requestError).toBeVisible();
    await expect(this.requestError).toHaveText(message);
  }
}
