/**
 * Commands: the palette lists every command with its shortcut and runs them from the keyboard;
 * the shortcuts run the same commands; Esc still cancels a run when no dialog is open; the
 * run shows columns done and elapsed time while it is in flight.
 */
import { APP_COMMANDS } from '../shared/app/commands';
import { startProviderSimulator } from '../testkit/provider-simulator';
import { simulatorEnv } from '../testkit/provider-env';
import { expect, test } from './fixtures';
import { CommandPalette } from './pages/finish';

test('the palette lists every command, filters, moves with the arrows and runs with Enter', async ({
  app,
}) => {
  const palette = new CommandPalette(app.page);
  await palette.open();
  await expect(palette.input).toHaveAttribute('aria-expanded', 'true');
  await expect(palette.options).toHaveCount(APP_COMMANDS.length);
  await expect(palette.list.getByRole('option', { name: /History…/ })).toContainText(
    /Ctrl\+Shift\+H|⇧⌘H/,
  );
  // Compare needs a run first: listed, but not available.
  await expect(palette.list.getByRole('option', { name: /Compare rankings/ })).toHaveAttribute(
    'aria-disabled',
    'true',
  );

  await palette.input.fill('column');
  await expect(palette.options).toHaveText([
    /Run all columns/,
    /New column/,
    /Duplicate the last column/,
  ]);
  await expect(palette.active()).toContainText('Run all columns');
  await app.page.keyboard.press('ArrowDown');
  await expect(palette.active()).toContainText('New column');
  await app.page.keyboard.press('ArrowDown');
  await expect(palette.active()).toContainText('Duplicate the last column');
  await expect(palette.input).toHaveAttribute(
    'aria-activedescendant',
    (await palette.active().getAttribute('id'))!,
  );
  await app.page.keyboard.press('ArrowDown');
  await expect(palette.active()).toContainText('Run all columns');
  await app.page.keyboard.press('ArrowUp');
  await app.page.keyboard.press('Enter');
  await expect(palette.dialog).toBeHidden();
  await expect(app.columnRegions).toHaveCount(3);
  await expect(app.column(3).region).toHaveAccessibleName('Column 3: bm25 (copy)');

  await palette.open();
  await palette.input.fill('no such thing');
  await expect(palette.options).toHaveText([/No command matches/]);
  await app.page.keyboard.press('Escape');
  await expect(palette.dialog).toBeHidden();

  await palette.run('history');
  await expect(app.history.dialog).toBeVisible();
});

test('shortcuts run the commands: new and duplicate column, focus query, history', async ({
  app,
}) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Add document' }).focus();
  await page.keyboard.press('ControlOrMeta+Shift+N');
  await expect(app.columnRegions).toHaveCount(3);
  await page.keyboard.press('ControlOrMeta+Shift+D');
  await expect(app.columnRegions).toHaveCount(4);
  await expect(app.column(4).region).toHaveAccessibleName('Column 4: bm25 (copy)');
  await page.keyboard.press('ControlOrMeta+l');
  await expect(app.query).toBeFocused();
  await page.keyboard.press('ControlOrMeta+Shift+H');
  await expect(app.history.dialog).toBeVisible();
  // Shortcuts other than Run wait while a dialog is open.
  await page.keyboard.press('ControlOrMeta+Shift+N');
  await expect(app.columnRegions).toHaveCount(4);
  await page.keyboard.press('Escape');
  await expect(app.history.dialog).toBeHidden();
  await app.runWithKeyboard();
  await app.column(2).expectRanking([2, 6, 4, 0, 1, 3, 5, 7]);
  await page.keyboard.press('ControlOrMeta+Shift+M');
  await expect(app.compare.dialog).toBeVisible();
});

test.describe('a run in flight', () => {
  // eslint-disable-next-line no-empty-pattern
  test.use({ hostEnv: async ({}, use) => use(simulatorEnv()) });

  test('shows columns done of all and the time, and Esc cancels it', async ({ app }) => {
    const simulator = await startProviderSimulator();
    try {
      await app.addColumnButton.click();
      const slow = app.column(3);
      await slow.configureProvider({
        provider: 'cohere',
        baseUrl: simulator.baseUrl('cohere'),
        params: { maxRetries: 0 },
      });
      simulator.script('cohere', [{ hang: true }]);
      await app.runButton.click();
      const progress = app.toolbar.getByRole('progressbar', { name: 'Columns done' });
      await expect(progress).toBeVisible();
      await expect(app.toolbar).toContainText(/2 of 3 columns · \d+\.\d s/);
      await expect(progress).toHaveAttribute('value', '2');
      await expect(progress).toHaveAttribute('max', '3');
      await app.page.keyboard.press('Escape');
      await expect(app.runStatus).toHaveText('Cancelled');
      await expect(progress).toBeHidden();
      await expect(slow.status).toHaveText('Cancelled');
    } finally {
      await simulator.close();
    }
  });
});
