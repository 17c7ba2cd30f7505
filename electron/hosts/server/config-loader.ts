/**
 * What `serve --config FILE|DIR` serves: one config file, or every `*.json`, `*.yaml` and
 * `*.yml` in a folder (the app's pipeline library is such a folder). Disabled pipelines are
 * skipped; any invalid file stops the start with every problem of every file listed, because
 * a server that silently drops a pipeline answers 404 for it in production.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipelineKey, type PipelineConfig } from '../../../shared/pipeline/config';
import { loadConfigFile } from '../../pipeline-library/library';

export interface ServedPipeline {
  key: string;
  config: PipelineConfig;
  file: string;
}

export type LoadResult =
  { ok: true; pipelines: ServedPipeline[]; skipped: string[] } | { ok: false; errors: string[] };

const CONFIG_FILE = /\.(json|ya?ml)$/i;

export async function loadServedConfigs(target: string): Promise<LoadResult> {
  let files: string[];
  try {
    const info = await stat(target);
    files = info.isDirectory()
      ? (await readdir(target))
          .filter((name) => CONFIG_FILE.test(name) && !name.startsWith('.'))
          .sort()
          .map((name) => path.join(target, name))
      : [target];
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      errors: [
        `--config ${target}: ${code === 'ENOENT' ? 'no such file or folder' : (error as Error).message}`,
      ],
    };
  }
  const errors: string[] = [];
  const skipped: string[] = [];
  const byKey = new Map<string, ServedPipeline>();
  for (const file of files) {
    const loaded = await loadConfigFile(file);
    if (!loaded.ok) {
      errors.push(...loaded.errors.map((issue) => issue.message));
      continue;
    }
    const key = pipelineKey(loaded.value);
    if (loaded.value.disabled) {
      skipped.push(key);
      continue;
    }
    const other = byKey.get(key);
    if (other) {
      errors.push(`${file}: key "${key}" is also the key of ${other.file}; keys must be unique`);
      continue;
    }
    byKey.set(key, { key, config: { ...loaded.value, key }, file });
  }
  if (errors.length) return { ok: false, errors };
  if (byKey.size === 0) {
    return { ok: false, errors: [`--config ${target}: no enabled pipeline config found`] };
  }
  return { ok: true, pipelines: [...byKey.values()], skipped };
}
