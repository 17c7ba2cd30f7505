import { expect, type Locator, type Page } from '@playwright/test';
import type { RerankProvider } from '../../shared/providers/catalog';

const ITEM_LABEL = /^Rank (\d+): document (\d+)$/;

/** The Pipeline select's options, by visible text. */
export type PipelineOption =
  'BM25' | 'Input order' | 'Rerank API' | 'Local model' | 'LLM judge' | 'LLM listwise' | 'Fusion';

/**
 * What a rerank-API column is set to. `provider` is the catalog id (`cohere`, `tei`, …);
 * fields left out are cleared, so the provider's defaults apply. `params` is written as JSON.
 */
export interface ProviderSetup {
  provider: RerankProvider;
  model?: string;
  baseUrl?: string;
  params?: Record<string, unknown>;
}

/** One result column ("Column N: <pipeline name>"), located by its accessible names. */
export class ColumnPanel {
  /** The column's section; its name follows the pipeline ("Column 2: bm25"). */
  readonly region: Locator;
  readonly pipeline: Locator;
  readonly k1: Locator;
  readonly b: Locator;
  readonly status: Locator;
  readonly error: Locator;
  /** While a long column runs: its share done, and "about 2 min left" once known. */
  readonly progress: Locator;
  readonly timeLeft: Locator;
  readonly ranking: Locator;
  readonly items: Locator;
  /** Movement markers of documents that entered the top results from below the cut. */
  readonly newMarkers: Locator;

  /** Rerank API form. `model` has a list of suggestions, so it is a combobox. */
  readonly provider: Locator;
  readonly model: Locator;
  readonly baseUrl: Locator;
  readonly params: Locator;
  /** Why the Parameters box's text was refused. */
  readonly paramsError: Locator;

  /** Local model form. Its model (`model` above) is a select of installed models. */
  readonly variant: Locator;
  readonly maxLength: Locator;
  readonly batchSize: Locator;
  readonly threads: Locator;
  /** "No model installed — open Models …", "<id> is not installed …", an instruction note. */
  readonly modelNote: Locator;
  readonly openModelsButton: Locator;

  readonly editConfigButton: Locator;
  readonly configDialog: Locator;
  readonly configText: Locator;
  readonly configApplyButton: Locator;
  readonly configCancelButton: Locator;
  readonly configError: Locator;

  /** Score kind, fallback, cached, calls, usage and cost of the last run. */
  readonly details: Locator;
  /** "cached": the last run was served from the result cache. */
  readonly cachedBadge: Locator;
  /** The wire inspector: a toggle "Wire (N)" and, open, one list item per exchange. */
  readonly wire: Locator;
  readonly wireToggle: Locator;
  readonly exchanges: Locator;
  /** Opens the export dialog for this column. */
  readonly exportButton: Locator;

  constructor(
    readonly page: Page,
    readonly position: number,
  ) {
    const label = `Column ${position}`;
    this.region = page.getByRole('region', { name: new RegExp(`^${label}: `) });
    this.pipeline = this.region.getByRole('combobox', { name: `Pipeline for ${label}` });
    this.k1 = this.region.getByRole('spinbutton', { name: `k1 for ${label}` });
    this.b = this.region.getByRole('spinbutton', { name: `b for ${label}` });
    this.status = this.region.getByRole('status', { name: `${label} status` });
    this.error = this.region.getByRole('alert', { name: `${label} error` });
    this.progress = this.region.getByRole('progressbar', { name: `${label} progress` });
    this.timeLeft = this.region.getByRole('timer', { name: new RegExp(` left for ${label}$`) });
    this.ranking = this.region.getByRole('list', { name: `Ranking in ${label}` });
    this.items = this.ranking.getByRole('listitem');
    this.exportButton = this.region.getByRole('button', { name: `Export ${label}` });
    this.newMarkers = this.ranking.getByLabel('new in the top results', { exact: true });

    this.provider = this.region.getByRole('combobox', { name: `Provider for ${label}` });
    this.model = this.region.getByRole('combobox', { name: `Model for ${label}` });
    this.baseUrl = this.region.getByRole('textbox', { name: `Base URL for ${label}` });
    this.params = this.region.getByRole('textbox', { name: `Parameters for ${label}` });
    this.paramsError = this.region
      .getByRole('alert')
      .filter({ hasText: 'the run uses the last valid parameters' });

    this.variant = this.region.getByRole('combobox', { name: `Variant for ${label}` });
    this.maxLength = this.region.getByRole('spinbutton', { name: `Max length for ${label}` });
    this.batchSize = this.region.getByRole('spinbutton', { name: `Batch size for ${label}` });
    this.threads = this.region.getByRole('spinbutton', { name: `Threads for ${label}` });
    this.modelNote = this.region.getByRole('note', { name: `Model note for ${label}` });
    this.openModelsButton = this.region.getByRole('button', {
      name: `Open Models from ${label}`,
    });

    this.editConfigButton = this.region.getByRole('button', { name: `Edit config of ${label}` });
    this.configDialog = page.getByRole('dialog', { name: `Config of ${label}` });
    this.configText = this.configDialog.getByRole('textbox', { name: 'Config JSON' });
    this.configApplyButton = this.configDialog.getByRole('button', { name: 'Apply', exact: true });
    this.configCancelButton = this.configDialog.getByRole('button', {
      name: 'Cancel',
      exact: true,
    });
    this.configError = this.configDialog.getByRole('alert');

    this.details = this.region.getByRole('list', { name: `Details of ${label}` });
    this.cachedBadge = this.details.getByRole('listitem').filter({ hasText: /^cached$/ });
    this.wire = this.region.getByRole('region', { name: `Wire exchanges of ${label}` });
    this.wireToggle = this.wire.getByRole('button', { name: /^Wire \(\d+\)$/ });
    this.exchanges = this.wire.getByRole('listitem');
  }

  /** Chooses the pipeline by its visible option text. */
  async choosePipeline(option: PipelineOption): Promise<void> {
    await this.pipeline.selectOption({ label: option });
  }

  /**
   * Makes this column a rerank-API column with these settings, through the form as a user
   * would, and checks that every field was accepted.
   */
  async configureProvider({ provider, model, baseUrl, params }: ProviderSetup): Promise<void> {
    await this.choosePipeline('Rerank API');
    await this.provider.selectOption(provider);
    await expect(this.provider).toHaveValue(provider);
    // Every field is written, so what the column had before (same provider) cannot linger.
    await this.model.fill(model ?? '');
    await this.baseUrl.fill(baseUrl ?? '');
    await this.params.fill(params === undefined ? '' : JSON.stringify(params, null, 2));
    for (const field of [this.model, this.baseUrl, this.params]) {
      await expect(field).not.toHaveAttribute('aria-invalid');
    }
  }

  /**
   * The Provider options of one group ("Hosted", "Gateways", "Self-hosted"). By CSS, because
   * role queries do not expose an <optgroup> as a named group.
   */
  providerOptions(group: string): Locator {
    return this.provider.locator(`optgroup[label="${group}"] > option`);
  }

  /** Opens Edit config and replaces the text (a config object is written as JSON). */
  async openConfig(config?: object | string): Promise<void> {
    await this.editConfigButton.click();
    await expect(this.configDialog).toBeVisible();
    if (config !== undefined) {
      await this.configText.fill(typeof config === 'string' ? config : JSON.stringify(config));
    }
  }

  /** Sets the column's whole config through Edit config and waits for the dialog to close. */
  async applyConfig(config: object | string): Promise<void> {
    await this.openConfig(config);
    await this.configApplyButton.click();
    await expect(this.configDialog).toBeHidden();
  }

  /** The config the Edit config dialog shows, parsed; the dialog is closed again. */
  async readConfig(): Promise<unknown> {
    await this.openConfig();
    const text = await this.configText.inputValue();
    await this.configCancelButton.click();
    await expect(this.configDialog).toBeHidden();
    return JSON.parse(text) as unknown;
  }

  /** Opens the wire inspector (if closed) and waits for N exchanges. */
  async openWire(count: number): Promise<void> {
    await expect(this.wireToggle).toHaveAccessibleName(`Wire (${count})`);
    if ((await this.wireToggle.getAttribute('aria-expanded')) !== 'true') {
      await this.wireToggle.click();
    }
    await expect(this.exchanges).toHaveCount(count);
  }

  /** Exchange K (1-based, as the copy buttons number them). */
  exchange(k: number): Locator {
    return this.exchanges.nth(k - 1);
  }

  /** The toggle that shows exchange K's headers and bodies; its name starts "#<attempt> ". */
  exchangeToggle(k: number): Locator {
    return this.exchange(k).getByRole('button', { name: /^#\d+ / });
  }

  /** A block of an expanded exchange: "Request headers", "Request body", "Response body", … */
  exchangeBlock(k: number, title: string): Locator {
    return this.exchange(k).getByRole('group', { name: title, exact: true });
  }

  /** "Copied", or why the copy failed, beside exchange K's copy button. */
  copyStatus(k: number): Locator {
    return this.exchange(k).getByRole('status');
  }

  copyCurlButton(k: number): Locator {
    return this.region.getByRole('button', { name: `Copy curl of exchange ${k} of ${this.label}` });
  }

  async setBm25Params(params: { k1?: number; b?: number }): Promise<void> {
    if (params.k1 !== undefined) await this.k1.fill(String(params.k1));
    if (params.b !== undefined) await this.b.fill(String(params.b));
  }

  /**
   * The original document indices of the ranked items, best first, read from each item's
   * accessible name ("Rank 1: document 3"). Not retrying: use inside `expect.poll`, or
   * through `expectRanking`.
   */
  async rankedIndices(): Promise<number[]> {
    const indices: number[] = [];
    for (const item of await this.items.all()) {
      const name = (await item.getAttribute('aria-label')) ?? '';
      const match = ITEM_LABEL.exec(name);
      if (!match) throw new Error(`unexpected result item name: "${name}"`);
      if (Number(match[1]) !== indices.length + 1) {
        throw new Error(`result item "${name}" is out of rank order`);
      }
      indices.push(Number(match[2]));
    }
    return indices;
  }

  /** The displayed scores in rank order ("score 0.470" → 0.47). */
  async scores(): Promise<number[]> {
    const texts = await this.items.getByText(/^score /).allTextContents();
    return texts.map((text) => Number(text.replace(/^score /, '')));
  }

  /** The native scores in rank order, from each score's "native score <raw>" tooltip. */
  async rawScores(): Promise<number[]> {
    const scores = this.items.getByText(/^score /);
    const raw: number[] = [];
    for (const score of await scores.all()) {
      const title = (await score.getAttribute('title')) ?? '';
      raw.push(Number(title.replace(/^native score /, '')));
    }
    return raw;
  }

  /** Waits until the column shows exactly this ranking (document indices, best first). */
  async expectRanking(indices: number[]): Promise<void> {
    await expect
      .poll(() => this.rankedIndices(), { message: `ranking in ${this.label}` })
      .toEqual(indices);
  }

  get label(): string {
    return `Column ${this.position}`;
  }
}
