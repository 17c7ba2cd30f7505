/**
 * About and diagnostics: the About dialog shows the versions `app:info` reports, the host and
 * the data folder; Export diagnostics downloads versions, platform, settings, the history
 * schema version, each provider's key status without any of the key, and recent problems.
 */
import { readFileSync } from 'node:fs';
import type { Diagnostics } from '../shared/contract';
import { expect, test } from './fixtures';
import { AppMenu, CommandPalette, notice } from './pages/finish';

test.use({ hostEnv: { COHERE_API_KEY: 'co-about-test-key-0123456789' } });

test('About shows the versions, host and data folder; diagnostics download without keys', async ({
  app,
}) => {
  const { page, host } = app;
  await new AppMenu(page).choose('About Rerank Studio');
  const about = page.getByRole('dialog', { name: 'About Rerank Studio' });
  await expect(about).toContainText('VersionRerank Studio 0.1.0');
  await expect(about).toContainText(/Node\d+\.\d+\.\d+/);
  await expect(about).toContainText(/V8\d+\.\d+/);
  if (host.kind === 'web') {
    await expect(about).toContainText(/Hostweb on \w+ \(\w+\)/);
    await expect(about.getByRole('code')).toHaveText(host.dataDir);
  } else {
    await expect(about).toContainText(/Electron\d+/);
    await expect(about).toContainText(/Chrome\d+/);
  }

  const downloading = page.waitForEvent('download');
  await about.getByRole('button', { name: 'Export diagnostics' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^rerank-studio-diagnostics-.*\.json$/);
  const text = readFileSync(await download.path(), 'utf8');
  const diagnostics = JSON.parse(text) as Diagnostics;
  expect(diagnostics.app.name).toBe('Rerank Studio');
  expect(diagnostics.app.versions.node).toMatch(/^\d+\./);
  expect(diagnostics.settings).toEqual({ theme: 'system' });
  expect(diagnostics.historySchemaVersion).toBeGreaterThan(0);
  expect(diagnostics.keys.find((k) => k.provider === 'cohere')).toEqual({
    provider: 'cohere',
    configured: true,
    source: 'env',
  });
  expect(diagnostics.keys.find((k) => k.provider === 'jina')).toEqual({
    provider: 'jina',
    configured: false,
  });
  expect(Array.isArray(diagnostics.recentProblems)).toBe(true);
  expect(text).not.toContain('co-about-test-key');
  expect(text).not.toContain('last4');
  await expect(notice(page)).toContainText('Diagnostics saved as rerank-studio-diagnostics-');
  await page.keyboard.press('Escape');

  // The same from the palette.
  const again = page.waitForEvent('download');
  await new CommandPalette(page).run('diagnostics');
  expect((await again).suggestedFilename()).toMatch(/^rerank-studio-diagnostics-/);
});
