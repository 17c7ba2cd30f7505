import { expect, type Locator, type Page } from '@playwright/test';

const ITEM_LABEL = /^Rank (\d+): document (\d+)$/;

/** One result column ("Column N: <pipeline name>"), located by its accessible names. */
export class ColumnPanel {
  /** The column's section; its name follows the pipeline ("Column 2: bm25"). */
  readonly region: Locator;
  readonly pipeline: Locator;
  readonly k1: Locator;
  readonly b: Locator;
  readonly status: Locator;
  readonly error: Locator;
  readonly ranking: Locator;
  readonly items: Locator;
  /** Movement markers of documents that entered the top results from below the cut. */
  readonly newMarkers: Locator;

  constructor(
    page: Page,
    readonly position: number,
  ) {
    const label = `Column ${position}`;
    this.region = page.getByRole('region', { name: new RegExp(`^${label}: `) });
    this.pipeline = this.region.getByRole('combobox', { name: `Pipeline for ${label}` });
    this.k1 = this.region.getByRole('spinbutton', { name: `k1 for ${label}` });
    this.b = this.region.getByRole('spinbutton', { name: `b for ${label}` });
    this.status = this.region.getByRole('status', { name: `${label} status` });
    this.error = this.region.getByRole('alert', { name: `${label} error` });
    this.ranking = this.region.getByRole('list', { name: `Ranking in ${label}` });
    this.items = this.ranking.getByRole('listitem');
    this.newMarkers = this.ranking.getByLabel('new in the top results', { exact: true });
  }

  /** Chooses the pipeline by its visible option text ("BM25", "Input order"). */
  async choosePipeline(option: 'BM25' | 'Input order'): Promise<void> {
    await this.pipeline.selectOption({ label: option });
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
