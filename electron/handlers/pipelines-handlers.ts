/**
 * `pipelines:*`: the saved-pipeline library (each entry with its run-history figures) and
 * exports. Stats come from `history:stats`' per-config lines: a pipeline's line is the one
 * whose config key is its own config's, so runs of a column made from it (in the app, the CLI
 * or the server) count, and a tuned copy starts a line of its own.
 */
import type { Handler } from '../../shared/contract/dispatch';
import type { OperationName, PipelineStats } from '../../shared/contract';
import { DEFAULT_SAMPLE, exportPipeline, EXPORT_TARGETS } from '../../shared/export';
import type { ConfigStats } from '../../shared/history/saved-run';
import type { PipelineConfig } from '../../shared/pipeline/config';
import { fail, ok } from '../../shared/util/result';
import { buildProviderRequest } from '../export/provider-request';
import { configKey } from '../history/config-key';
import type { HistoryRecorder } from '../history/recorder';
import type { LibraryEntry, PipelineLibrary } from '../pipeline-library/library';
import { logProblem } from '../log/log';

type PipelinesName = Extract<OperationName, `pipelines:${string}`>;

export interface PipelinesHandlerDeps {
  library: PipelineLibrary;
  history: HistoryRecorder;
  env: Readonly<Record<string, string | undefined>>;
}

/** The key a column made from this pipeline records under (`disabled` is not part of it). */
export function statsKey(config: PipelineConfig): string {
  const recorded: PipelineConfig = { ...config };
  delete recorded.disabled;
  return configKey(recorded);
}

function statsOf(line: ConfigStats | undefined): PipelineStats {
  if (!line) return { runs: 0, errors: 0 };
  return {
    runs: line.runs,
    errors: line.errors,
    lastRunAt: line.lastRunAt,
    ...(line.averageLatencyMs !== undefined ? { averageLatencyMs: line.averageLatencyMs } : {}),
    ...(line.lastError ? { lastError: line.lastError } : {}),
  };
}

export function createPipelinesHandlers({ library, history, env }: PipelinesHandlerDeps): {
  [N in PipelinesName]: Handler<N>;
} {
  /** Figures per config key; an unreadable history gives none rather than failing the list. */
  async function statsByKey(): Promise<Map<string, ConfigStats>> {
    try {
      const store = await history.store();
      return new Map(store.configStats().map((line) => [line.configKey, line]));
    } catch (error) {
      logProblem(
        'pipelines',
        `no run figures: ${error instanceof Error ? error.message : String(error)}`,
      );
      return new Map();
    }
  }
  const withStats = (entry: LibraryEntry, stats: Map<string, ConfigStats>) => ({
    config: entry.config,
    file: entry.file,
    stats: statsOf(stats.get(statsKey(entry.config))),
  });

  return {
    async 'pipelines:list'() {
      const [{ entries, problems }, stats] = await Promise.all([library.list(), statsByKey()]);
      return ok({ pipelines: entries.map((entry) => withStats(entry, stats)), problems });
    },
    async 'pipelines:get'({ key }) {
      const entry = await library.get(key);
      if (!entry) return fail('not_found', `no saved pipeline "${key}"`, ['key']);
      return ok(withStats(entry, await statsByKey()));
    },
    async 'pipelines:save'({ config, replaces }) {
      const saved = await library.save(config, replaces);
      if (!saved.ok) return saved;
      return ok(withStats(saved.value, await statsByKey()));
    },
    async 'pipelines:delete'({ key }) {
      return ok({ deleted: await library.delete(key) });
    },
    'pipelines:export'({ config, targets, sample }) {
      const example = sample ?? DEFAULT_SAMPLE;
      const request =
        config.strategy === 'dedicated-model'
          ? buildProviderRequest(config, example, env)
          : undefined;
      const exports = (targets ?? EXPORT_TARGETS).map((target) =>
        exportPipeline(config, target, {
          sample: example,
          ...(request?.ok ? { request: request.value } : {}),
          ...(request && !request.ok ? { requestError: request.error.message } : {}),
        }),
      );
      return Promise.resolve(ok({ exports }));
    },
  };
}
