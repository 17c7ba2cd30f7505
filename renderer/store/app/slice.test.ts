/**
 * The app slice against a real web host: the theme setting (saved in the data folder), the
 * About dialog, the diagnostics download, the palette, focus requests and notices, and the
 * commands the menu, the shortcuts and the palette send.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { MAX_COLUMNS } from '../../../shared/rerank/limits';
import { commandUnavailable, runCommand } from '../../commands/registry';
import { createAppStore } from '../store';
import { webHostClient } from '../../../testkit/renderer/web-host-client';
import type { FileDownload } from './downloads';

interface Saved {
  text: string;
  fileName: string;
  type: string;
}

/** A store on a real host whose downloads are recorded instead of handed to a browser. */
async function appStore(options: Parameters<typeof webHostClient>[0] = {}) {
  const host = await webHostClient(options);
  const downloads: Saved[] = [];
  const download: FileDownload = (text, fileName, type) => downloads.push({ text, fileName, type });
  return { store: createAppStore(host.client, { download }), host, downloads };
}

const settingsFile = (dataDir: string) => path.join(dataDir, 'settings.json');

describe('app slice', () => {
  it('applies a theme at once, saves it in the data folder, and reads it back', async () => {
    const { store, host } = await appStore({
      // Another version's file: an unknown theme and an unknown field fall back, not fail.
      prepareDataDir: (dir) =>
        writeFileSync(settingsFile(dir), JSON.stringify({ theme: 'sepia', zoom: 2 })),
    });
    expect(store.getState().theme).toBe('system');
    await store.getState().loadSettings();
    expect(store.getState().theme).toBe('system');

    const saving = store.getState().setTheme('dark');
    expect(store.getState().theme).toBe('dark');
    await saving;
    expect(JSON.parse(readFileSync(settingsFile(host.dataDir), 'utf8'))).toEqual({ theme: 'dark' });
    expect(store.getState().appNotice).toBeUndefined();

    // The next window on the same host starts in the saved theme.
    const next = createAppStore(host.client);
    await next.getState().loadSettings();
    expect(next.getState().theme).toBe('dark');
  });

  it('keeps the chosen theme when it cannot be saved, and says why', async () => {
    const { store, host } = await appStore({
      // A folder where the settings file should be: nothing can be written there.
      prepareDataDir: (dir) =>
        mkdirSync(path.join(settingsFile(dir), 'inside'), { recursive: true }),
    });
    await store.getState().loadSettings();
    await store.getState().setTheme('light');
    expect(store.getState().theme).toBe('light');
    const file = settingsFile(host.dataDir);
    expect(store.getState().appNotice).toEqual({
      error: true,
      text: `The theme was not saved: Could not save the settings to ${file}: it is a folder, not a file`,
    });
    store.getState().dismissNotice();
    expect(store.getState().appNotice).toBeUndefined();
  });

  it('shows what the host is in About, and why not when it cannot be reached', async () => {
    const { store, host } = await appStore();
    const state = () => store.getState();
    await state().openAbout();
    expect(state().aboutOpen).toBe(true);
    expect(state().appInfo).toMatchObject({
      name: 'Rerank Studio',
      host: 'web',
      dataDir: host.dataDir,
      platform: process.platform,
    });
    expect(state().appInfo?.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(state().appInfoError).toBeUndefined();
    state().closeAbout();
    expect(state().aboutOpen).toBe(false);

    await host.stopHost();
    await state().openAbout();
    expect(state().aboutOpen).toBe(true);
    expect(state().appInfoError).toMatch(/^cannot reach the Rerank Studio host: /);
  });

  it('downloads the diagnostics with settings and key status, never a key', async () => {
    // Ends in letters hex, times and versions never hold, so its last four are findable.
    const key = `co-${randomBytes(12).toString('hex')}QZXW`;
    const { store, host, downloads } = await appStore({ env: { COHERE_API_KEY: key } });
    await store.getState().setTheme('dark');
    const result = await store.getState().exportDiagnostics();

    expect(downloads).toHaveLength(1);
    const [saved] = downloads as [Saved];
    expect(result).toEqual({ ok: true, value: saved.text });
    expect(saved.type).toBe('application/json');
    expect(saved.fileName).toMatch(
      /^rerank-studio-diagnostics-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.json$/,
    );
    expect(store.getState().appNotice).toEqual({
      error: false,
      text: `Diagnostics saved as ${saved.fileName}`,
    });
    const diagnostics = JSON.parse(saved.text) as {
      app: { host: string };
      settings: unknown;
      keys: unknown[];
    };
    expect(diagnostics.app.host).toBe('web');
    expect(diagnostics.settings).toEqual({ theme: 'dark' });
    expect(diagnostics.keys).toContainEqual({
      provider: 'cohere',
      configured: true,
      source: 'env',
    });
    // Not the key, nor the part of it a key status shows.
    expect(saved.text).not.toContain(key);
    expect(saved.text).not.toContain(key.slice(-4));

    // The host gone: nothing is downloaded, and the notice says why.
    await host.stopHost();
    const failed = await store.getState().exportDiagnostics();
    expect(failed.ok).toBe(false);
    expect(downloads).toHaveLength(1);
    expect(store.getState().appNotice?.error).toBe(true);
    expect(store.getState().appNotice?.text).toMatch(
      /^No diagnostics: cannot reach the Rerank Studio host: /,
    );
  });

  it('opens and closes the palette, and makes each focus request a new one', async () => {
    const { store } = await appStore();
    const state = () => store.getState();
    expect(state().paletteOpen).toBe(false);
    state().openPalette();
    expect(state().paletteOpen).toBe(true);
    state().closePalette();
    expect(state().paletteOpen).toBe(false);

    expect(state().focusRequest).toBeUndefined();
    state().requestFocus('query');
    state().requestFocus('query');
    expect(state().focusRequest).toEqual({ target: 'query', seq: 2 });

    state().showNotice({ error: false, text: 'Saved' });
    state().showNotice({ error: true, text: 'Not saved' });
    expect(state().appNotice).toEqual({ error: true, text: 'Not saved' });
  });

  it('runs the commands the menu sends, only when they can run', async () => {
    const { store, host, downloads } = await appStore();
    const state = () => store.getState();
    const menu = (command: Parameters<typeof runCommand>[1]) =>
      host.deliver('app:command', { command });

    menu('command-palette');
    expect(state().paletteOpen).toBe(true);
    menu('command-palette');
    expect(state().paletteOpen).toBe(false);
    menu('focus-query');
    expect(state().focusRequest).toEqual({ target: 'query', seq: 1 });

    menu('about');
    await vi.waitFor(() => expect(state().appInfo?.host).toBe('web'), { interval: 10 });
    menu('export-diagnostics');
    await vi.waitFor(() => expect(downloads).toHaveLength(1), { interval: 10 });

    // Nothing to cancel or compare yet: the palette says why, and the command does nothing.
    expect(commandUnavailable(state(), 'cancel')).toBe('nothing is running');
    expect(commandUnavailable(state(), 'compare')).toBe('run the columns first');
    expect(runCommand(store, 'compare')).toBe(false);

    menu('run');
    expect(state().runStatus).toBe('running');
    expect(commandUnavailable(state(), 'run')).toBe('a run is in progress');
    await vi.waitFor(() => expect(state().runStatus).toBe('idle'), { interval: 10 });
    expect(Object.values(state().columnRuns).map((c) => c.status)).toEqual(['ok', 'ok']);
    expect(commandUnavailable(state(), 'compare')).toBeUndefined();

    // Columns up to the limit, then no more.
    while (state().columns.length < MAX_COLUMNS) menu('new-column');
    expect(commandUnavailable(state(), 'new-column')).toBe('there is no room for another column');
    expect(runCommand(store, 'duplicate-column')).toBe(false);
    menu('new-column');
    expect(state().columns).toHaveLength(MAX_COLUMNS);
  });
});
