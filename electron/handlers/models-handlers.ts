/**
 * `models:*`: the models folder, imports and downloads. One download per model at a time;
 * progress goes out as `model:download` events, and the request answers when it is over.
 */
import { stat } from 'node:fs/promises';
import type { Handler } from '../../shared/contract/dispatch';
import { MODEL_CATALOG } from '../../shared/models/catalog';
import { int8Verdict } from '../../shared/models/int8-kernel';
import { cpuFeatures } from '../platform/cpu-features';
import { fail, ok } from '../../shared/util/result';
import { DEFAULT_HUB, DownloadCancelled, downloadModel } from '../models/download';
import { ModelStoreError, type ModelStore } from '../models/store';
import type { EventSink } from '../events/event-bus';
import { estimateLocalRun, type LocalModelDeps } from '../engine/strategies/local-model';
import { StrategyError } from '../engine/strategy';
import { InferenceError } from '../inference/client';
import { isSystemFile, type PathGrants, type PathUse } from '../platform/path-grants';

const IMPORT_FOLDER: PathUse = {
  field: 'path',
  how: 'choose it with Choose… (desktop app), or start the web host with --allow-folder',
};

export interface ModelsHandlerDeps {
  store: ModelStore;
  /** The paths the page may name; a folder is imported only if granted. */
  grants: PathGrants;
  emit: EventSink;
  env: Readonly<Record<string, string | undefined>>;
  /** Present when this host has the inference worker. */
  local?: LocalModelDeps;
}

export function createModelsHandlers({ store, grants, emit, env, local }: ModelsHandlerDeps): {
  'models:list': Handler<'models:list'>;
  'models:import': Handler<'models:import'>;
  'models:download': Handler<'models:download'>;
  'models:cancel-download': Handler<'models:cancel-download'>;
  'models:delete': Handler<'models:delete'>;
  'models:estimate': Handler<'models:estimate'>;
} {
  const downloads = new Map<string, AbortController>();

  const failure = (error: unknown) => {
    if (error instanceof ModelStoreError) return fail('invalid_request', error.message);
    // The disk said no (full, read-only, permissions): the user can act on that.
    if (isSystemError(error)) return fail('internal', `the models folder: ${error.message}`);
    throw error;
  };

  return {
    async 'models:list'() {
      const cpu = cpuFeatures();
      return ok({
        modelsDir: store.dir,
        installed: await store.list(),
        catalog: [...MODEL_CATALOG],
        cpu: { model: cpu.model, arch: cpu.arch, flags: cpu.flags, ...int8Verdict(cpu) },
      });
    },

    async 'models:import'({ path, id }) {
      const granted = await grants.check(path, IMPORT_FOLDER);
      if (!granted.ok) return granted;
      // A granted path that is not there answers as an ungranted one does (no existence probe).
      if (!grants.trustsAll && !(await stat(granted.value).catch(() => undefined))) {
        return grants.unavailable(granted.value, IMPORT_FOLDER);
      }
      if (await isSystemFile(granted.value)) {
        return fail('invalid_request', `${granted.value} is a system file, not a model folder`, [
          'path',
        ]);
      }
      try {
        return ok({ model: await store.import(granted.value, id) });
      } catch (error) {
        return failure(error);
      }
    },

    async 'models:download'({ id, dtypes, hubUrl }) {
      if (downloads.has(id)) return fail('conflict', `${id} is already downloading`);
      const controller = new AbortController();
      downloads.set(id, controller);
      const progress = (phase: 'failed' | 'cancelled', message: string) =>
        emit('model:download', { id, phase, receivedBytes: 0, totalBytes: 0, message });
      try {
        await downloadModel({
          id,
          dtypes,
          hubUrl: hubUrl ?? env.HF_ENDPOINT ?? DEFAULT_HUB,
          modelsDir: store.dir,
          signal: controller.signal,
          onProgress: (event) => emit('model:download', event),
        });
        const model = await store.describe(id);
        if (!model) return fail('internal', `${id} was downloaded but is not a complete model`);
        return ok({ model });
      } catch (error) {
        if (error instanceof DownloadCancelled) {
          progress('cancelled', 'cancelled; downloading again resumes where it stopped');
          return fail('cancelled', `the download of ${id} was cancelled`);
        }
        const answer = failure(error);
        if (!answer.ok) progress('failed', answer.error.message);
        return answer;
      } finally {
        downloads.delete(id);
      }
    },

    'models:cancel-download'({ id }) {
      const controller = downloads.get(id);
      controller?.abort();
      return Promise.resolve(ok({ cancelled: controller !== undefined }));
    },

    async 'models:delete'({ id }) {
      if (downloads.has(id)) return fail('conflict', `${id} is downloading; cancel it first`);
      return ok({ deleted: await store.delete(id) });
    },

    async 'models:estimate'(request) {
      if (!local) return fail('unsupported', 'this host runs no local models');
      if (request.config.provider !== 'local') {
        return fail('invalid_request', 'only local model columns are estimated', ['config']);
      }
      try {
        return ok(await estimateLocalRun(local, request, AbortSignal.timeout(120_000)));
      } catch (error) {
        if (error instanceof StrategyError) return fail(error.error.code, error.error.message);
        if (error instanceof InferenceError) return fail('invalid_request', error.message);
        throw error;
      }
    },
  };
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).code === 'string' &&
    /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code!)
  );
}
