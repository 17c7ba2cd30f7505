/**
 * The Models panel: local models installed in the host's data folder, the catalog of models
 * the app knows, import from a folder, download from the Hub (or a mirror) with progress fed
 * by `model:download` events, cancel, and delete. Failures come back as data and are kept
 * here for the panel to show in the host's words; nothing is thrown.
 */
import type { StateCreator } from 'zustand';
import type {
  CpuInt8,
  DownloadProgress,
  EventPayload,
  InstalledModel,
} from '../../../shared/contract';
import { MODEL_CATALOG, type CatalogModel } from '../../../shared/models/catalog';
import type { LocalModelDtype as ModelDtype } from '../../../shared/pipeline/local-model';
import { fail, ok, type Result } from '../../../shared/util/result';
import type { Client } from '../../client/client';
import type { AppState } from '../types';

export type ModelOperation = 'list' | 'import' | 'cancel' | 'delete';

/** The last failure of a models operation (downloads keep theirs in their own entry). */
export interface ModelsError {
  operation: ModelOperation;
  /** The model it concerns, when there is one. */
  id?: string;
  message: string;
}

/** A download of one model: the last progress the host reported, and how it ended. */
export interface ModelDownload {
  phase: DownloadProgress['phase'];
  file?: string;
  receivedBytes: number;
  totalBytes: number;
  /** Why it failed, in the host's words. */
  message?: string;
  /** Smoothed bytes per second and the time left, as the host estimates them; once known. */
  bytesPerSecond?: number;
  etaMs?: number;
  dtypes: ModelDtype[];
  /** The download call is still in flight; only then do progress events apply. */
  active: boolean;
  /**
   * This attempt's first event (`listing`) has arrived. Events travel apart from the call's
   * answer, so a previous attempt's last events can arrive after it answered; they are
   * ignored until then.
   */
  synced: boolean;
}

export interface ModelsSlice {
  modelsOpen: boolean;
  /** Where the host keeps models; undefined until the first list arrives. */
  modelsDir?: string;
  installedModels: InstalledModel[];
  /** The models the app knows by name (the host's list once it has answered). */
  modelCatalog: CatalogModel[];
  /** Whether q8 (int8) ranks as fp32 on the host's CPU; undefined until the host says. */
  modelsCpu?: CpuInt8;
  /** The installed models have been read from the host at least once. */
  modelsLoaded: boolean;
  modelsLoading: boolean;
  modelDownloads: Record<string, ModelDownload>;
  /** Deletes in flight, by model id. */
  modelDeleting: Record<string, true>;
  importingModel: boolean;
  modelsError?: ModelsError;
  /** The Hub or mirror downloads use; undefined means the host's default. */
  hubUrl?: string;
  /** Opens the panel and asks the host what is installed. */
  openModels: () => void;
  closeModels: () => void;
  refreshModels: () => Promise<Result<void>>;
  /** Reads the installed models unless they are known or being read. */
  ensureModels: () => Promise<void>;
  /** Copies a model folder (Hugging Face layout) into the models folder. */
  importModel: (path: string, id?: string) => Promise<Result<InstalledModel>>;
  /** Downloads a catalog model; resolves when it is installed, failed or cancelled. */
  downloadModel: (id: string, dtypes: ModelDtype[]) => Promise<Result<InstalledModel>>;
  cancelDownload: (id: string) => Promise<Result<boolean>>;
  deleteModel: (id: string) => Promise<Result<boolean>>;
  /** Sets the Hub URL as typed (blank: the default); refuses what is not an http(s) URL. */
  setHubUrl: (text: string) => Result<string | undefined>;
  /** Applies a `model:download` event to the download it belongs to. */
  applyDownloadProgress: (event: EventPayload<'model:download'>) => void;
  dismissModelsError: () => void;
}

const FINISHED: ReadonlySet<DownloadProgress['phase']> = new Set(['done', 'failed', 'cancelled']);

/** `models` with `model` in place of the one with its id, or added; sorted by id. */
function withModel(models: InstalledModel[], model: InstalledModel): InstalledModel[] {
  return [...models.filter((m) => m.id !== model.id), model].sort((a, b) =>
    a.id.localeCompare(b.id),
  );
}

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol, hostname } = new URL(text);
  return (protocol === 'http:' || protocol === 'https:') && hostname !== '';
}

export const createModelsSlice =
  (client: Client): StateCreator<AppState, [], [], ModelsSlice> =>
  (set, get) => {
    let listing: Promise<Result<void>> | undefined;
    const download = (id: string, change: Partial<ModelDownload>) =>
      set((state) => {
        const current = state.modelDownloads[id];
        if (!current) return {};
        return { modelDownloads: { ...state.modelDownloads, [id]: { ...current, ...change } } };
      });

    return {
      modelsOpen: false,
      installedModels: [],
      modelCatalog: [...MODEL_CATALOG],
      modelsLoaded: false,
      modelsLoading: false,
      modelDownloads: {},
      modelDeleting: {},
      importingModel: false,

      openModels() {
        set({ modelsOpen: true, modelsError: undefined });
        void get().refreshModels();
      },
      closeModels: () => set({ modelsOpen: false, modelsError: undefined }),
      dismissModelsError: () => set({ modelsError: undefined }),

      refreshModels() {
        // One list request at a time: a second caller shares the answer.
        listing ??= (async () => {
          set({ modelsLoading: true });
          const result = await client.call('models:list', {});
          listing = undefined;
          if (!result.ok) {
            set({
              modelsLoading: false,
              modelsError: { operation: 'list', message: result.error.message },
            });
            return result;
          }
          const { modelsDir, installed, catalog, cpu } = result.value;
          set({
            modelsLoading: false,
            modelsLoaded: true,
            modelsDir,
            installedModels: installed,
            modelCatalog: catalog,
            modelsCpu: cpu,
          });
          return ok(undefined);
        })();
        return listing;
      },

      async ensureModels() {
        if (get().modelsLoaded) return;
        await get().refreshModels();
      },

      async importModel(path, id) {
        set({ importingModel: true, modelsError: undefined });
        const result = await client.call('models:import', {
          path,
          ...(id === undefined || id.trim() === '' ? {} : { id: id.trim() }),
        });
        set({ importingModel: false });
        if (!result.ok) {
          set({ modelsError: { operation: 'import', message: result.error.message } });
          return result;
        }
        const { model } = result.value;
        set((state) => ({ installedModels: withModel(state.installedModels, model) }));
        return ok(model);
      },

      async downloadModel(id, dtypes) {
        if (get().modelDownloads[id]?.active) {
          return fail('conflict', `${id} is already downloading`);
        }
        const { hubUrl } = get();
        set((state) => ({
          modelDownloads: {
            ...state.modelDownloads,
            [id]: {
              phase: 'listing',
              receivedBytes: 0,
              totalBytes: 0,
              dtypes,
              active: true,
              synced: false,
            },
          },
        }));
        try {
          // Events flow before the download starts, so no progress is missed.
          await client.ready();
        } catch (error) {
          const message = `no progress from the host: ${(error as Error).message}`;
          download(id, { phase: 'failed', message, active: false });
          return fail('internal', message);
        }
        const result = await client.call('models:download', {
          id,
          dtypes,
          ...(hubUrl === undefined ? {} : { hubUrl }),
        });
        if (!result.ok) {
          const cancelled =
            result.error.code === 'cancelled' || get().modelDownloads[id]?.phase === 'cancelled';
          download(id, {
            phase: cancelled ? 'cancelled' : 'failed',
            message: cancelled ? undefined : result.error.message,
            active: false,
          });
          return result;
        }
        const { model } = result.value;
        set((state) => {
          const modelDownloads = { ...state.modelDownloads };
          delete modelDownloads[id];
          return { modelDownloads, installedModels: withModel(state.installedModels, model) };
        });
        return ok(model);
      },

      async cancelDownload(id) {
        const result = await client.call('models:cancel-download', { id });
        if (!result.ok) {
          set({ modelsError: { operation: 'cancel', id, message: result.error.message } });
          return result;
        }
        return ok(result.value.cancelled);
      },

      async deleteModel(id) {
        set((state) => ({
          modelDeleting: { ...state.modelDeleting, [id]: true },
          modelsError: undefined,
        }));
        const result = await client.call('models:delete', { id });
        set((state) => {
          const modelDeleting = { ...state.modelDeleting };
          delete modelDeleting[id];
          return { modelDeleting };
        });
        if (!result.ok) {
          set({ modelsError: { operation: 'delete', id, message: result.error.message } });
          return result;
        }
        set((state) => ({ installedModels: state.installedModels.filter((m) => m.id !== id) }));
        return ok(result.value.deleted);
      },

      setHubUrl(text) {
        const trimmed = text.trim();
        if (trimmed === '') {
          set({ hubUrl: undefined });
          return ok(undefined);
        }
        if (!isHttpUrl(trimmed)) {
          return fail('invalid_request', 'Hub URL must be a full http:// or https:// URL');
        }
        set({ hubUrl: trimmed });
        return ok(trimmed);
      },

      applyDownloadProgress(event) {
        const current = get().modelDownloads[event.id];
        // Events of a download this window did not start, or that already answered, are late.
        if (!current?.active) return;
        if (!current.synced && event.phase !== 'listing') return;
        // How it ended is the call's answer, which carries the same message.
        if (FINISHED.has(event.phase)) return;
        download(event.id, {
          synced: true,
          phase: event.phase,
          file: event.file,
          receivedBytes: event.receivedBytes,
          totalBytes: event.totalBytes,
          message: event.message,
          bytesPerSecond: event.bytesPerSecond,
          etaMs: event.etaMs,
        });
      },
    };
  };

/** Whole percent of a download, or undefined while its size is unknown. */
export function downloadPercent(progress: ModelDownload): number | undefined {
  if (progress.totalBytes <= 0) return undefined;
  return Math.min(100, Math.floor((progress.receivedBytes / progress.totalBytes) * 100));
}

/** "18.2 MB", "1.1 GB", "512 kB": sizes as people read them (decimal units). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}

/** "7.6 of 18.0 MB": both amounts in the unit that suits the total. */
function formatOf(received: number, total: number): string {
  const [size, unit] = total >= 1e9 ? [1e9, 'GB'] : total >= 1e6 ? [1e6, 'MB'] : [1e3, 'kB'];
  return `${(received / size).toFixed(1)} of ${(total / size).toFixed(1)} ${unit}`;
}

/** "Downloading onnx/model.onnx · 42% · 7.6 of 18.0 MB", "Verifying…", "Failed: …". */
export function describeDownload(progress: ModelDownload): string {
  switch (progress.phase) {
    case 'listing':
      return 'Listing files…';
    case 'downloading': {
      const percent = downloadPercent(progress);
      const file = progress.file ? ` ${progress.file}` : '';
      if (percent === undefined)
        return `Downloading${file} · ${formatBytes(progress.receivedBytes)}`;
      return `Downloading${file} · ${percent}% · ${formatOf(progress.receivedBytes, progress.totalBytes)}`;
    }
    case 'verifying':
      return 'Verifying…';
    case 'done':
      return 'Installed';
    case 'cancelled':
      return 'Download cancelled';
    case 'failed':
      return `Download failed: ${progress.message ?? 'no reason given'}`;
  }
}

/** The time left on a download under way, once the host has a rate; undefined otherwise. */
export function downloadTimeLeft(progress: ModelDownload): number | undefined {
  return progress.phase === 'downloading' && progress.receivedBytes < progress.totalBytes
    ? progress.etaMs
    : undefined;
}

/** True while a download of this entry is under way. */
export function isDownloading(progress: ModelDownload | undefined): boolean {
  return progress?.active === true && !FINISHED.has(progress.phase);
}
