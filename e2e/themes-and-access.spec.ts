/**
 * Themes, keyboard access and small windows: the Theme setting (system, light, dark) is kept by
 * the host and applied as data-theme over the OS preference; every toolbar control and every
 * control of a dialog is reached with Tab and shows a focus ring; at 640x400 CSS pixels (a
 * 1280x800 screen at 200% zoom) no toolbar control is cut off or overlaps another, the page
 * does not scroll sideways (the columns area does) and dialogs fit.
 */
import type { Locator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { AppMenu, CommandPalette } from './pages/finish';

// Typed by hand: e2e code is typed for Node, which has no DOM `Element`.
interface El {
  ownerDocument: { activeElement: unknown; body: unknown };
  contains(other: unknown): boolean;
  scrollWidth: number;
  clientWidth: number;
  textContent: string | null;
  labels?: ArrayLike<{ textContent: string | null }>;
  getAttribute(name: string): string | null;
}

const background = (page: Page) =>
  page.evaluate<string>('getComputedStyle(document.body.parentElement).backgroundColor');

test('the theme follows the OS until the setting forces one, and the host keeps it', async ({
  app,
}) => {
  const { page, host } = app;
  const menu = new AppMenu(page);
  const root = page.locator('html');
  await expect(root).toHaveAttribute('data-theme', 'system');
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background(page)).toBe('rgb(21, 23, 27)');
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await background(page)).toBe('rgb(246, 247, 249)');

  await menu.open();
  await expect(menu.themeItem('System')).toHaveAttribute('aria-checked', 'true');
  await menu.themeItem('Dark').click();
  await expect(root).toHaveAttribute('data-theme', 'dark');
  expect(await background(page)).toBe('rgb(21, 23, 27)');
  await menu.open();
  await expect(menu.themeItem('Dark')).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('Escape');
  await expect(menu.menu).toBeHidden();
  await expect(menu.button).toBeFocused();

  if (host.kind === 'web') {
    const settings = path.join(host.dataDir, 'settings.json');
    await expect
      .poll(() => {
        try {
          return (JSON.parse(readFileSync(settings, 'utf8')) as { theme: string }).theme;
        } catch {
          return undefined;
        }
      })
      .toBe('dark');
    await page.reload();
    await expect(root).toHaveAttribute('data-theme', 'dark');
  }
});

/** Whether the focused element shows the focus ring (a visible outline from :focus-visible). */
async function focusRing(page: Page): Promise<{ name: string; ring: boolean }> {
  return page.evaluate<{ name: string; ring: boolean }>(`(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const label = el.labels && el.labels[0] ? el.labels[0].textContent.trim() : '';
    const name = el.getAttribute('aria-label') || label || el.textContent.trim() || el.tagName;
    const ring = el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    return { name, ring };
  })()`);
}

/** Tabs from the start of the page until `until` is focused; the names and rings on the way. */
async function tabUntil(page: Page, until: Locator, limit = 40) {
  const seen: { name: string; ring: boolean }[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    seen.push(await focusRing(page));
    if (await until.evaluate((el: El) => el === el.ownerDocument.activeElement)) return seen;
  }
  throw new Error(
    `Tab never reached the control; went through ${seen.map((s) => s.name).join(', ')}`,
  );
}

test('Tab reaches every toolbar control and every control of a dialog, each with a focus ring', async ({
  app,
}) => {
  const { page } = app;
  await app.run();
  // From the top of the page: a click on the title moves where Tab starts from.
  await page.getByRole('heading', { name: 'Rerank Studio' }).click();
  // Every enabled control of the toolbar, in page order, with its accessible name.
  const controls = app.toolbar.locator('button:enabled:visible, input:enabled:visible');
  const names: string[] = [];
  for (const control of await controls.all()) {
    names.push(
      await control.evaluate(
        (el: El) =>
          el.getAttribute('aria-label') ??
          el.labels?.[0]?.textContent?.trim() ??
          el.textContent?.trim() ??
          '',
      ),
    );
  }
  expect(names).toEqual(expect.arrayContaining(['Menu', 'Run', 'Bypass cache', 'History', 'Keys']));
  const seen = await tabUntil(page, controls.last());
  expect(seen.map((s) => s.name)).toEqual(names);
  expect(seen.filter((s) => !s.ring)).toEqual([]);

  // In a dialog Tab walks all of its controls and nothing behind it (past the last one the
  // browser's own UI takes focus, which leaves the page's focus on its body).
  const menu = new AppMenu(page);
  await menu.choose('About Rerank Studio');
  const about = page.getByRole('dialog', { name: 'About Rerank Studio' });
  await expect(about).toContainText('Rerank Studio 0.1.0');
  const inDialog = [];
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    inDialog.push(await focusRing(page));
    const where = await about.evaluate((el: El) => {
      const active = el.ownerDocument.activeElement;
      return el.contains(active) ? 'dialog' : active === el.ownerDocument.body ? 'browser' : 'page';
    });
    expect(where).not.toBe('page');
    if (where === 'browser') inDialog.pop();
  }
  expect(new Set(inDialog.map((s) => s.name))).toEqual(new Set(['Export diagnostics', 'Close']));
  expect(inDialog.filter((s) => !s.ring)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(about).toBeHidden();
});

/** The boxes of the visible controls in `scope`. */
async function controlBoxes(scope: Locator) {
  const boxes: { name: string; x: number; y: number; width: number; height: number }[] = [];
  for (const control of await scope
    .locator('button:visible, input:visible, select:visible')
    .all()) {
    const box = await control.boundingBox();
    const name = (await control.getAttribute('aria-label')) ?? (await control.innerText());
    if (box) boxes.push({ name, ...box });
  }
  return boxes;
}

test.describe('at 640x400 CSS pixels (200% zoom)', () => {
  test.use({ viewport: { width: 640, height: 400 } });

  test('no toolbar control is cut off or overlaps, the columns scroll, dialogs fit', async ({
    app,
  }) => {
    const { page } = app;
    await app.run();
    const boxes = await controlBoxes(app.toolbar);
    expect(boxes.length).toBeGreaterThanOrEqual(8);
    for (const box of boxes) {
      expect(box.x, `${box.name} starts inside the window`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${box.name} ends inside the window`).toBeLessThanOrEqual(640);
    }
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const apart =
          a.x + a.width <= b.x ||
          b.x + b.width <= a.x ||
          a.y + a.height <= b.y ||
          b.y + b.height <= a.y;
        expect(apart, `${a.name} and ${b.name} do not overlap`).toBe(true);
      }
    }
    // The editor's controls fit the width too (the page scrolls down to them, never sideways).
    for (const box of await controlBoxes(page.getByRole('region', { name: 'Request' }))) {
      expect(box.x, `${box.name} starts inside the window`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${box.name} ends inside the window`).toBeLessThanOrEqual(640);
    }
    const page_ = await page.evaluate<{ scroll: number; client: number }>(
      '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
    );
    expect(page_.scroll).toBeLessThanOrEqual(page_.client);
    const columns = page.getByRole('region', { name: 'Result columns' });
    expect(await columns.evaluate((el: El) => el.scrollWidth > el.clientWidth)).toBe(true);
    // Every column can be scrolled into view and is then whole on screen.
    await app.column(2).region.scrollIntoViewIfNeeded();
    await expect(app.column(2).region).toBeInViewport();

    for (const open of [async () => app.keys.open(), async () => new CommandPalette(page).open()]) {
      await open();
      const dialog = page.locator('dialog[open]');
      const box = (await dialog.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(640);
      expect(box.y + box.height).toBeLessThanOrEqual(400);
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    }
  });
});
