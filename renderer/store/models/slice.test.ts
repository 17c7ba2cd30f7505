import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { MODEL_CATALOG } from '../../../shared/models/catalog';
import { createAppStore, type AppStore } from '../store';
import { startModelHub, writeTinyModel } from '../../../testkit/renderer/models';
import { webHostClient } from '../../../testkit/renderer/web-host-client';
import { describeDownload, downloadTimeLeft, type ModelDownload } from './slice';

const TINY = 'tests/tiny';
/** A catalog model; the loopback Hub serves the tiny model under its id. */
const CATALOG_ID = 'Xenova/ms-marco-TinyBERT-L-2-v2';

/** A folder of its own for this test, deleted when it ends. */
function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-models-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function folderBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(path.join(entry.parentPath, entry.name)).size, 0);
}

/**
 * A store on a real web host whose data folder holds the tiny model as `tests/tiny`; the host
 * lets the page name paths under `allowFolder` (as `--allow-folder` does).
 */
async function modelsStore(allowFolder?: string) {
  const { client, dataDir, requests } = await webHostClient({
    prepareDataDir: (dir) => writeTinyModel(path.join(dir, 'models', ...TINY.split('/'))),
    ...(allowFolder ? { env: { RERANK_STUDIO_ALLOW_FOLDERS: allowFolder } } : {}),
  });
  return { store: createAppStore(client), dataDir, requests };
}

async function openPanel(store: AppStore) {
  store.getState().openModels();
  expect(store.getState().modelsOpen).toBe(true);
  await vi.waitFor(() => expect(store.getState().modelsLoaded).toBe(true), { interval: 20 });
  expect(store.getState().modelsLoading).toBe(false);
}

describe('models slice', () => {
  it('lists what the data folder holds and the catalog, as the host reads them', async () => {
    const { store, dataDir } = await modelsStore();
    expect(store.getState().modelsLoaded).toBe(false);
    await openPanel(store);
    const state = store.getState();
    expect(state.modelsDir).toBe(path.join(dataDir, 'models'));
    expect(state.installedModels).toEqual([
      {
        id: TINY,
        dtypes: ['fp32'],
        sizeBytes: folderBytes(path.join(dataDir, 'models', 'tests', 'tiny')),
        maxLength: 512,
      },
    ]);
    expect(state.modelCatalog).toEqual(MODEL_CATALOG);
    expect(state.modelsError).toBeUndefined();
    store.getState().closeModels();
    expect(store.getState().modelsOpen).toBe(false);
  });

  it('imports a folder by path, says what the host refused in its words, and deletes', async () => {
    const chosen = scratch();
    const { store, dataDir } = await modelsStore(chosen);
    await openPanel(store);
    const state = () => store.getState();
    const folder = await writeTinyModel(path.join(chosen, 'my-reranker'), { seed: 11 });
    const elsewhere = await writeTinyModel(path.join(scratch(), 'elsewhere'), { seed: 3 });
    const unavailable = (at: string) =>
      `${at} is not available: it does not exist, or it was not chosen in Rerank Studio; choose it with Choose… (desktop app), or start the web host with --allow-folder`;

    const imported = await state().importModel(folder, 'tests/imported');
    expect(imported).toMatchObject({ ok: true, value: { id: 'tests/imported', dtypes: ['fp32'] } });
    expect(state().installedModels.map((m) => m.id)).toEqual(['tests/imported', TINY]);
    expect(state().importingModel).toBe(false);

    // Without an id the host names it after the folder; blank counts as none.
    expect(await state().importModel(folder, '  ')).toMatchObject({
      ok: true,
      value: { id: 'local/my-reranker' },
    });

    const refusals: [string, string | undefined, string][] = [
      [
        folder,
        'tests/imported',
        'a model "tests/imported" is already installed; delete it or choose another id',
      ],
      // Missing, or outside the folders the host was given: the same answer.
      [path.join(folder, 'nowhere'), undefined, unavailable(path.join(folder, 'nowhere'))],
      [elsewhere, undefined, unavailable(elsewhere)],
      [path.join(folder, 'onnx'), undefined, `${path.join(folder, 'onnx')} has no config.json`],
      ['', undefined, 'path: a folder path is required'],
      [folder, 'no-slash', 'a model id is "org/name", like "Xenova/ms-marco-MiniLM-L-6-v2"'],
    ];
    for (const [from, id, message] of refusals) {
      const result = await state().importModel(from, id);
      expect(result).toMatchObject({ ok: false, error: { message } });
      expect(state().modelsError).toEqual({ operation: 'import', message });
      expect(state().importingModel).toBe(false);
    }
    expect(state().installedModels).toHaveLength(3);

    expect(await state().deleteModel('tests/imported')).toEqual({ ok: true, value: true });
    expect(state().modelsError).toBeUndefined();
    expect(state().modelDeleting).toEqual({});
    expect(state().installedModels.map((m) => m.id)).toEqual(['local/my-reranker', TINY]);
    expect(existsSync(path.join(dataDir, 'models', 'tests', 'imported'))).toBe(false);
    // A fresh list agrees.
    await state().refreshModels();
    expect(state().installedModels.map((m) => m.id)).toEqual(['local/my-reranker', TINY]);
    // Nothing there: the host says so, and nothing changes.
    expect(await state().deleteModel('tests/imported')).toEqual({ ok: true, value: false });
  });

  it('downloads from a Hub mirror with progress, cancels, and resumes', async () => {
    const { store, dataDir } = await modelsStore();
    const repo = await writeTinyModel(path.join(scratch(), 'repo'));
    // Slow enough that the cancel lands inside a file: ~1.6 kB/s.
    const hub = await startModelHub({ repo, bytesPerTick: 32 });
    const state = () => store.getState();

    expect(state().setHubUrl('ftp://mirror.example')).toMatchObject({
      ok: false,
      error: { message: 'Hub URL must be a full http:// or https:// URL' },
    });
    expect(state().setHubUrl('http://')).toMatchObject({ ok: false });
    expect(state().hubUrl).toBeUndefined();
    expect(state().setHubUrl(` ${hub.url} `)).toEqual({ ok: true, value: hub.url });
    expect(state().hubUrl).toBe(hub.url);

    const seen: ModelDownload[] = [];
    const unsubscribe = store.subscribe((s) => {
      const progress = s.modelDownloads[CATALOG_ID];
      if (progress && progress !== seen.at(-1)) seen.push(progress);
    });
    onTestFinished(unsubscribe);

    const first = state().downloadModel(CATALOG_ID, ['fp32']);
    expect(state().modelDownloads[CATALOG_ID]).toMatchObject({ phase: 'listing', active: true });
    // Past config.json (221 bytes), inside tokenizer.json.
    await vi.waitFor(
      () => expect(state().modelDownloads[CATALOG_ID]?.receivedBytes).toBeGreaterThan(500),
      { timeout: 10_000, interval: 20 },
    );
    const during = state().modelDownloads[CATALOG_ID]!;
    expect(during.phase).toBe('downloading');
    const total = [...hub.files.values()].reduce((sum, body) => sum + body.length, 0);
    expect(total).toBeLessThan(1e6);
    expect(describeDownload(during)).toMatch(
      new RegExp(`^Downloading \\S+ · \\d{1,2}% · \\d+\\.\\d of ${(total / 1e3).toFixed(1)} kB$`),
    );
    // A second download of the same model waits for the first.
    expect(await state().downloadModel(CATALOG_ID, ['fp32'])).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });

    // Part-way through a file, so the next attempt has something to resume.
    await vi.waitFor(() => expect(hub.partWay()).toBe(true), { timeout: 10_000, interval: 10 });
    expect(await state().cancelDownload(CATALOG_ID)).toEqual({ ok: true, value: true });
    expect(await first).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(state().modelDownloads[CATALOG_ID]).toMatchObject({
      phase: 'cancelled',
      active: false,
    });
    expect(describeDownload(state().modelDownloads[CATALOG_ID]!)).toBe('Download cancelled');
    expect(state().installedModels.some((m) => m.id === CATALOG_ID)).toBe(false);

    hub.setBytesPerTick(undefined);
    const second = await state().downloadModel(CATALOG_ID, ['fp32']);
    expect(second).toMatchObject({ ok: true, value: { id: CATALOG_ID, dtypes: ['fp32'] } });
    expect(state().modelDownloads[CATALOG_ID]).toBeUndefined();
    expect(state().installedModels.map((m) => m.id)).toEqual([CATALOG_ID]);
    expect(existsSync(path.join(dataDir, 'models', ...CATALOG_ID.split('/'), 'onnx'))).toBe(true);
    // The second attempt resumed the file the first had begun.
    expect(hub.requests.some((r) => r.range !== undefined)).toBe(true);

    // What the panel showed: the host's events, each with the download's total, and within
    // each attempt bytes that only grow (the second starts from what the first left).
    const cancelledAt = seen.findIndex((p) => p.phase === 'cancelled');
    const attempts = [seen.slice(0, cancelledAt), seen.slice(cancelledAt + 1)];
    for (const attempt of attempts) {
      const downloading = attempt.filter((p) => p.phase === 'downloading');
      expect(downloading.length).toBeGreaterThan(0);
      for (const [i, p] of downloading.entries()) {
        expect(p.totalBytes).toBe(total);
        if (i > 0) {
          expect(p.receivedBytes).toBeGreaterThanOrEqual(downloading[i - 1]!.receivedBytes);
        }
      }
    }
    // The first attempt's own "cancelled" event can arrive after its answer, while the second
    // runs: the second must never show it.
    expect(attempts[1]!.map((p) => p.phase)).not.toContain('cancelled');
    // A late event of a download that has answered changes nothing.
    state().applyDownloadProgress({
      id: CATALOG_ID,
      phase: 'downloading',
      receivedBytes: 1,
      totalBytes: 2,
    });
    expect(state().modelDownloads[CATALOG_ID]).toBeUndefined();
  });

  it('shows the time left on a download from the host’s smoothed bytes per second', async () => {
    const { store } = await modelsStore();
    const repo = await writeTinyModel(path.join(scratch(), 'repo'));
    // ~12.8 kB/s: the 5.6 kB model file alone outlasts several of the host's 100 ms events.
    const hub = await startModelHub({ repo, bytesPerTick: 256 });
    const state = () => store.getState();
    expect(state().setHubUrl(hub.url).ok).toBe(true);
    const seen: ModelDownload[] = [];
    const stop = store.subscribe((s) => {
      const progress = s.modelDownloads[CATALOG_ID];
      if (progress && progress !== seen.at(-1)) seen.push(progress);
    });
    onTestFinished(stop);
    expect((await state().downloadModel(CATALOG_ID, ['fp32'])).ok).toBe(true);

    const timed = seen.filter((p) => downloadTimeLeft(p) !== undefined);
    expect(timed.length).toBeGreaterThanOrEqual(2);
    const left = timed.map((p) => p.totalBytes - p.receivedBytes);
    expect(left).toEqual([...left].sort((a, b) => b - a));
    for (const p of timed) {
      expect(p.bytesPerSecond).toBeGreaterThan(0);
      expect(downloadTimeLeft(p)).toBeCloseTo(
        ((p.totalBytes - p.receivedBytes) / p.bytesPerSecond!) * 1000,
        6,
      );
    }
    // Listing and verifying say nothing of time left.
    expect(seen.filter((p) => p.phase !== 'downloading').map(downloadTimeLeft)).toEqual(
      seen.filter((p) => p.phase !== 'downloading').map(() => undefined),
    );
  });

  it('keeps a failed download with the host message and the Hub it was asked of', async () => {
    const { store, requests } = await modelsStore();
    const repo = await writeTinyModel(path.join(scratch(), 'repo'));
    const hub = await startModelHub({ repo });
    const state = () => store.getState();

    // No q8 file in the repository: the host names what is missing.
    expect(state().setHubUrl(hub.url).ok).toBe(true);
    const result = await state().downloadModel(CATALOG_ID, ['q8']);
    const message = `${CATALOG_ID} on the Hub has no onnx/model_quantized.onnx; it cannot run here`;
    expect(result).toMatchObject({ ok: false, error: { message } });
    expect(state().modelDownloads[CATALOG_ID]).toMatchObject({
      phase: 'failed',
      message,
      active: false,
    });
    expect(describeDownload(state().modelDownloads[CATALOG_ID]!)).toBe(
      `Download failed: ${message}`,
    );
    expect(requests.filter((r) => r.name === 'models:download').at(-1)?.request).toEqual({
      id: CATALOG_ID,
      dtypes: ['q8'],
      hubUrl: hub.url,
    });

    // Blank goes back to the host's default Hub.
    expect(state().setHubUrl('')).toEqual({ ok: true, value: undefined });
    expect(state().hubUrl).toBeUndefined();
    // Nothing is downloading: the host says there was nothing to cancel.
    expect(await state().cancelDownload(CATALOG_ID)).toEqual({ ok: true, value: false });
  });

  it('refuses to delete a model while it downloads, by the host', async () => {
    const { store } = await modelsStore();
    const repo = await writeTinyModel(path.join(scratch(), 'repo'));
    const hub = await startModelHub({ repo, bytesPerTick: 64 });
    const state = () => store.getState();
    expect(state().setHubUrl(hub.url).ok).toBe(true);
    const pending = state().downloadModel(CATALOG_ID, ['fp32']);
    await vi.waitFor(() => expect(state().modelDownloads[CATALOG_ID]?.phase).toBe('downloading'), {
      timeout: 10_000,
      interval: 20,
    });
    expect(await state().deleteModel(CATALOG_ID)).toMatchObject({ ok: false });
    expect(state().modelsError).toEqual({
      operation: 'delete',
      id: CATALOG_ID,
      message: `${CATALOG_ID} is downloading; cancel it first`,
    });
    state().dismissModelsError();
    expect(state().modelsError).toBeUndefined();
    await state().cancelDownload(CATALOG_ID);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });
});
