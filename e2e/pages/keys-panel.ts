import { expect, type Locator, type Page } from '@playwright/test';
import { credentialInfo, type KeyProvider } from '../../shared/providers/credentials';

/** Where the host keeps keys set now, as the panel words it. */
export type StorageKind = 'keychain' | 'session';

/**
 * The Keys dialog ("Provider keys"), opened from the toolbar's Keys button. Located by roles
 * and accessible names only.
 */
export class KeysPanel {
  readonly openButton: Locator;
  readonly dialog: Locator;
  readonly closeButton: Locator;
  /** "Keys are saved in the OS keychain …" or the session-only warning. */
  readonly storage: Locator;
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.openButton = page.getByRole('banner').getByRole('button', { name: 'Keys', exact: true });
    this.dialog = page.getByRole('dialog', { name: 'Provider keys' });
    this.closeButton = this.dialog.getByRole('button', { name: 'Close', exact: true });
    this.storage = this.dialog.getByRole('note', { name: 'Key storage' });
    this.rows = this.dialog.getByRole('list', { name: 'Providers' }).getByRole('listitem');
  }

  async open(): Promise<void> {
    await this.openButton.click();
    await expect(this.dialog).toBeVisible();
    await expect(this.storage).toBeVisible();
  }

  async close(): Promise<void> {
    await this.closeButton.click();
    await expect(this.dialog).toBeHidden();
  }

  /** What the panel says about storage, read from its words. */
  async storageKind(): Promise<StorageKind> {
    const text = (await this.storage.textContent()) ?? '';
    if (/held for this session only/.test(text)) return 'session';
    if (/saved in the OS keychain/.test(text)) return 'keychain';
    throw new Error(`unexpected key storage note: "${text}"`);
  }

  row(provider: KeyProvider): KeyRow {
    return new KeyRow(this.dialog, provider);
  }
}

/** One provider's row in the Keys panel. */
export class KeyRow {
  readonly label: string;
  readonly region: Locator;
  /** "Not set", "Keychain ••••abcd", "Environment ••••abcd", "This session only ••••abcd". */
  readonly status: Locator;
  readonly setButton: Locator;
  readonly replaceButton: Locator;
  readonly removeButton: Locator;
  readonly testButton: Locator;
  /** "OK · 200 · 12 ms · <url>", or "Failed · …" and the provider's message. */
  readonly testResult: Locator;
  /** An error of this provider's last Remove or Test (or Set, once its form is closed). */
  readonly error: Locator;
  readonly form: Locator;
  readonly saveButton: Locator;
  readonly cancelButton: Locator;
  /** Why the form's input was refused; a field's own message is also its description. */
  readonly formError: Locator;

  constructor(dialog: Locator, provider: KeyProvider) {
    const label = credentialInfo(provider).label;
    this.label = label;
    this.region = dialog.getByRole('listitem', { name: label, exact: true });
    this.status = this.region.getByRole('status', { name: `Key status of ${label}` });
    this.setButton = this.region.getByRole('button', { name: `Set key for ${label}` });
    this.replaceButton = this.region.getByRole('button', { name: `Replace key for ${label}` });
    this.removeButton = this.region.getByRole('button', { name: `Remove key for ${label}` });
    this.testButton = this.region.getByRole('button', { name: `Test key for ${label}` });
    this.testResult = this.region.getByRole('status', { name: `Test result for ${label}` });
    this.error = this.region.getByRole('alert', { name: `Key error for ${label}` });
    this.form = this.region.getByRole('form', { name: `Key for ${label}` });
    this.saveButton = this.form.getByRole('button', { name: 'Save', exact: true });
    this.cancelButton = this.form.getByRole('button', { name: 'Cancel', exact: true });
    this.formError = this.form.getByRole('alert');
  }

  /** A credential input by its visible label: "API key", "Access key ID", … */
  field(fieldLabel: string): Locator {
    return this.form.getByLabel(`${fieldLabel} for ${this.label}`, { exact: true });
  }

  /** Opens the form (Set or Replace), fills the fields and saves. */
  async enter(values: Record<string, string>): Promise<void> {
    if (!(await this.form.isVisible())) {
      await this.setButton.or(this.replaceButton).click();
    }
    await expect(this.form).toBeVisible();
    for (const [fieldLabel, value] of Object.entries(values)) {
      await this.field(fieldLabel).fill(value);
    }
    await this.saveButton.click();
  }

  /** Enters one API key and waits until the form has closed. */
  async setKey(key: string): Promise<void> {
    await this.enter({ 'API key': key });
    await expect(this.form).toBeHidden();
  }
}
