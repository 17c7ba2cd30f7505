/**
 * The composition root shared by every host: builds the services once and wires the contract
 * handlers to them. Hosts add only their transport (IPC, HTTP, argv) and say whether keys may
 * live in the OS keychain.
 */
import type { Handlers } from '../../shared/contract/dispatch';
import { createEngine } from '../engine/engine';
import { ResultCache } from '../engine/result-cache';
import { RunRegistry } from '../engine/run-registry';
import { createStrategyResolver } from '../engine/strategies';
import { createDedicatedModelRunner, type CachedBatch } from '../engine/strategies/dedicated-model';
import { createAppHandlers, type HostKind } from '../handlers/app-handlers';
import { createRerankHandlers } from '../handlers/rerank-handlers';
import { createModelsHandlers } from '../handlers/models-handlers';
import { createModelStore } from '../models/store';
import { createSecretsHandlers } from '../handlers/secrets-handlers';
import { createLocalInference, type StartWorker } from '../inference/client';
import { createLocalModelRunner } from '../engine/strategies/local-model';
import { createLlmJudgeRunner } from '../engine/strategies/llm/judge';
import { createHistoryHandlers } from '../handlers/history-handlers';
import { createPipelinesHandlers } from '../handlers/pipelines-handlers';
import { createPipelineLibrary } from '../pipeline-library/library';
import { createEvaluationHandlers } from '../handlers/evaluation-handlers';
import { HistoryError } from '../history/db';
import { createHistoryRecorder, type HistoryRecorder } from '../history/recorder';
import { createLlmListwiseRunner } from '../engine/strategies/llm/listwise';
import { createChatClient } from '../chat/chat-client';
import type { ChatAnswer } from '../chat/types';
import path from 'node:path';
import type { KeychainOptions } from '../secrets/keychain';
import { createSecretStore, type SecretStore } from '../secrets/secret-store';
import {
  createHttpTransport,
  DEFAULT_MAX_RESPONSE_BYTES,
  maxResponseBytesFromEnv,
  type HttpTransport,
} from '../transport/http-transport';
import { createEventBus, type EventBus } from '../events/event-bus';
import { createWorkspaceHandlers } from '../handlers/workspace-handlers';
import { createSettingsFile } from '../platform/settings';
import type { FileDialogs } from '../workspaces/file-dialogs';
import { createWorkspaceFiles } from '../workspaces/workspace-files';
import { createPathGrants, type PathGrants } from '../platform/path-grants';
import { createFileHandlers } from '../handlers/file-handlers';
import { logBug, logProblem } from '../log/log';

export interface Services {
  handlers: Handlers;
  events: EventBus;
  runs: RunRegistry;
  /**
   * The paths the page may name (electron/platform/path-grants.ts): the host grants what the
   * OS handed the app and the folders the user chose at startup.
   */
  grants: PathGrants;
  /** Releases pooled connections so a short-lived host (the CLI) can exit at once. */
  close(): Promise<void>;
}

export interface ServicesOptions {
  host: HostKind;
  dataDir: string;
  /** Environment for provider defaults and credentials (read after the app's own keys). */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Keep keys set in the app in the OS keychain (probed on first use). Default: no keychain,
   * keys set in the app live for the session; hosts opt in with {@link keychainFromEnv}.
   */
  keychain?: KeychainOptions | false;
  /** Replaces the store built from `env` and `keychain` (tests). */
  secrets?: SecretStore;
  /** Starts the local inference worker; without it, local models are unavailable. */
  inferenceWorker?: StartWorker;
  transport?: HttpTransport;
  /** Where runs are saved (`<dir>/history.db`; default the data folder); false: not saved. */
  historyDir?: string | false;
  /**
   * Replaces the recorder made from `historyDir`, and runs are saved through it (a worker of
   * `serve --workers N` hands its runs to the primary, which owns the file).
   */
  historyRecorder?: HistoryRecorder;
  /** Native open/save dialogs (the desktop app); without them, workspaces need a path. */
  fileDialogs?: FileDialogs;
}

export function createServices({
  host,
  dataDir,
  env = process.env,
  keychain = false,
  secrets = createSecretStore({ env, keychain }),
  transport,
  inferenceWorker,
  historyDir,
  historyRecorder,
  fileDialogs,
}: ServicesOptions): Services {
  const events = createEventBus();
  const runs = new RunRegistry();
  const http = transport ?? createHttpTransport({ maxResponseBytes: responseCap(env) });
  const dedicatedModel = createDedicatedModelRunner({
    transport: http,
    secrets,
    cache: new ResultCache<CachedBatch>(),
    env,
  });
  const models = createModelStore(path.join(dataDir, 'models'));
  const inference = inferenceWorker ? createLocalInference(inferenceWorker) : undefined;
  const localModel = inference
    ? createLocalModelRunner({ inference, modelsDir: models.dir })
    : undefined;
  const llm = {
    chat: createChatClient(http),
    secrets,
    // One entry per judged document: far more entries than rerank batches, each small.
    cache: new ResultCache<ChatAnswer>({ maxEntries: 20_000 }),
  };
  const engine = createEngine({
    resolveStrategy: createStrategyResolver({
      dedicatedModel,
      localModel,
      llmJudge: createLlmJudgeRunner(llm),
      llmListwise: createLlmListwiseRunner(llm),
    }),
    reportBug: (error) => logBug('engine', error),
  });
  const history =
    historyRecorder ??
    createHistoryRecorder({ dataDir: historyDir || dataDir, onError: reportHistoryError });
  // The CLI's user typed the paths it passes; every other host takes them from a page.
  const grants = createPathGrants({ trustAll: host === 'cli' });
  const workspaces = createWorkspaceFiles(dataDir, grants, fileDialogs);
  const handlers: Handlers = {
    ...createAppHandlers({ host, dataDir, settings: createSettingsFile(dataDir), secrets }),
    ...createWorkspaceHandlers(workspaces),
    ...createFileHandlers({ grants, dialogs: fileDialogs }),
    ...createRerankHandlers({
      engine,
      runs,
      emit: events.emit,
      history:
        historyDir === false && !historyRecorder
          ? undefined
          : {
              recorder: history,
              source: host === 'cli' || host === 'server' ? host : 'playground',
            },
    }),
    ...createHistoryHandlers(history),
    ...createPipelinesHandlers({
      library: createPipelineLibrary(path.join(dataDir, 'pipelines')),
      history,
      env,
    }),
    ...createEvaluationHandlers({
      engine,
      emit: events.emit,
      history,
      grants,
      source: host === 'cli' ? 'cli' : 'app',
    }),
    ...createSecretsHandlers({ secrets, transport: http, env }),
    ...createModelsHandlers({
      store: models,
      grants,
      emit: events.emit,
      env,
      ...(inference ? { local: { inference, modelsDir: models.dir } } : {}),
    }),
  };
  return {
    handlers,
    events,
    runs,
    grants,
    close: async () => {
      await Promise.all([http.close(), inference?.close(), history.close()]);
    },
  };
}

/** How a history that cannot be opened or written is reported (stderr, once per cause). */
export function reportHistoryError(error: unknown): void {
  if (error instanceof HistoryError)
    logProblem('run history', `${error.message}; runs are not being saved`);
  else logBug('history', error);
}

/** The cap on provider and LLM response bodies; a bad setting is said, and the default used. */
function responseCap(env: Readonly<Record<string, string | undefined>>): number {
  try {
    return maxResponseBytesFromEnv(env);
  } catch (error) {
    logProblem('settings', `${(error as Error).message}; using the default`);
    return DEFAULT_MAX_RESPONSE_BYTES;
  }
}

/**
 * The keychain settings a host reads from its environment: `RERANK_STUDIO_KEYCHAIN=off` for
 * none (a server that should never touch one), `RERANK_STUDIO_KEYCHAIN_SERVICE` for another
 * service name than `rerank-studio` (isolated profiles, tests).
 */
export function keychainFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): KeychainOptions | false {
  if (env.RERANK_STUDIO_KEYCHAIN === 'off') return false;
  const service = env.RERANK_STUDIO_KEYCHAIN_SERVICE?.trim();
  return service ? { service } : {};
}
