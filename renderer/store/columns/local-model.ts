/**
 * Pure helpers behind a local model column: its fresh config, the params its run uses, and
 * edits of model, dtype and the numeric settings that refuse what the host would refuse.
 */
import type { InstalledModel } from '../../../shared/contract';
import type { PipelineConfig } from '../../../shared/pipeline/config';
import {
  LOCAL_MODEL_DEFAULTS,
  LOCAL_MODEL_RANGES,
  LocalModelParams,
  type LocalModelDtype,
  type LocalModelNumber,
} from '../../../shared/pipeline/local-model';
import { formatIssue } from '../../../shared/contract/issues';
import { fail, ok, type Result } from '../../../shared/util/result';

/** The column name while no model is chosen. */
export const LOCAL_MODEL_NAME = 'Local model';

/** How the form and its messages name each number. */
export const LOCAL_NUMBER_LABELS: Record<LocalModelNumber, string> = {
  maxLength: 'max length',
  batchSize: 'batch size',
  threads: 'threads',
};

/** The name a column gets from its model: the model id, or "Local model" without one. */
export function localModelName(model: string | undefined): string {
  return model ?? LOCAL_MODEL_NAME;
}

export function isLocalModelConfig(config: PipelineConfig): boolean {
  return config.strategy === 'dedicated-model' && config.provider === 'local';
}

/** fp32 when the model has it (the reference numbers), else the variant it has. */
export function defaultDtype(model: InstalledModel | undefined): LocalModelDtype {
  const first = model?.dtypes[0];
  return !first || model.dtypes.includes('fp32') ? 'fp32' : first;
}

/**
 * Threads for a new column: the default, but no more than the machine's cores (the host runs on
 * this machine: Electron's main process, or the loopback web host). More ONNX Runtime threads
 * than cores halves throughput, and a value written in the config is the user's choice, which
 * the host does not cut down.
 */
function defaultThreads(): number {
  const cores = globalThis.navigator?.hardwareConcurrency;
  return cores && cores > 0
    ? Math.min(LOCAL_MODEL_DEFAULTS.threads, cores)
    : LOCAL_MODEL_DEFAULTS.threads;
}

/** A fresh local model column: this model (none when nothing is installed) and the defaults. */
export function localModelConfig(model?: InstalledModel): PipelineConfig {
  return {
    version: 1,
    name: localModelName(model?.id),
    strategy: 'dedicated-model',
    provider: 'local',
    ...(model ? { model: model.id } : {}),
    params: { ...LOCAL_MODEL_DEFAULTS, threads: defaultThreads(), dtype: defaultDtype(model) },
  };
}

/**
 * The params a run of this config uses. Params the host would refuse (typed in Edit config)
 * are shown as the defaults with the reason, so the form can fix them.
 */
export function localParamsOf(config: PipelineConfig): {
  params: LocalModelParams;
  error?: string;
} {
  const parsed = LocalModelParams.safeParse(config.params ?? {});
  if (parsed.success) return { params: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    params: { ...LOCAL_MODEL_DEFAULTS },
    error: issue ? `params.${formatIssue(issue)}` : 'invalid params',
  };
}

/**
 * Another model for the column. Its dtype is kept when the new model has it; a name that was
 * the old model's follows the new one (a name the user chose stays).
 */
export function withLocalModel(
  config: PipelineConfig,
  model: string,
  installed: InstalledModel | undefined,
): PipelineConfig {
  const { params } = localParamsOf(config);
  const dtype =
    installed && !installed.dtypes.includes(params.dtype) ? defaultDtype(installed) : params.dtype;
  const name = config.name === localModelName(config.model) ? localModelName(model) : config.name;
  return { ...config, name, model, params: { ...params, dtype } };
}

export function withLocalDtype(config: PipelineConfig, dtype: LocalModelDtype): PipelineConfig {
  return { ...config, params: { ...localParamsOf(config).params, dtype } };
}

/** A numeric setting as typed; refused unless it is a whole number in its range. */
export function withLocalNumber(
  config: PipelineConfig,
  name: LocalModelNumber,
  text: string,
): Result<PipelineConfig> {
  const { min, max } = LOCAL_MODEL_RANGES[name];
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    return fail(
      'invalid_request',
      `${LOCAL_NUMBER_LABELS[name]} must be a whole number from ${min} to ${max}`,
    );
  }
  return ok({ ...config, params: { ...localParamsOf(config).params, [name]: value } });
}
