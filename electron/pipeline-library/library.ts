/**
 * The saved pipelines: one JSON file per pipeline, `<dataDir>/pipelines/<key>.rerank.json`,
 * so `rerank-studio serve --config <dataDir>/pipelines` serves the library as it is and users
 * can keep it in git. Writes are atomic (a temporary file, fsync, rename, fsync of the folder):
 * a crash leaves the old file or the new one, never half of either. A file that does not parse
 * is reported and left alone, never overwritten or dropped.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipelineKey, slugify, type PipelineConfig } from '../../shared/pipeline/config';
import {
  formatConfigIssues,
  importPipelineConfig,
  type ConfigIssue,
} from '../../shared/pipeline/import';
import { importPipelineConfigText } from '../../shared/pipeline/import-text';
import { fail, ok, type Result } from '../../shared/util/result';

export const PIPELINE_SUFFIX = '.rerank.json';

export interface LibraryEntry {
  config: PipelineConfig & { key: string };
  file: string;
}

export interface LibraryListing {
  entries: LibraryEntry[];
  problems: { file: string; message: string }[];
}

export interface PipelineLibrary {
  readonly dir: string;
  list(): Promise<LibraryListing>;
  get(key: string): Promise<LibraryEntry | undefined>;
  /** Validates (listing every problem), picks a unique key if none is given, writes. */
  save(raw: unknown, replaces?: string): Promise<Result<LibraryEntry>>;
  delete(key: string): Promise<boolean>;
}

export function createPipelineLibrary(dir: string): PipelineLibrary {
  const fileOf = (key: string) => path.join(dir, `${key}${PIPELINE_SUFFIX}`);

  async function list(): Promise<LibraryListing> {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((name) => name.endsWith(PIPELINE_SUFFIX)).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], problems: [] };
      throw error;
    }
    const entries: LibraryEntry[] = [];
    const problems: LibraryListing['problems'] = [];
    for (const name of names) {
      const file = path.join(dir, name);
      const loaded = await loadConfigFile(file);
      if (!loaded.ok) problems.push({ file, message: formatConfigIssues(loaded.errors) });
      else entries.push({ config: { ...loaded.value, key: pipelineKey(loaded.value) }, file });
    }
    entries.sort((a, b) => a.config.name.localeCompare(b.config.name));
    return { entries, problems };
  }

  return {
    dir,
    list,
    async get(key) {
      return (await list()).entries.find((entry) => entry.config.key === key);
    },
    async save(raw, replaces) {
      const checked = importPipelineConfig(raw);
      if (!checked.ok) return fail('invalid_request', formatConfigIssues(checked.errors));
      const { disabled, ...rest } = checked.value;
      const given = (raw as { key?: unknown }).key;
      const { entries } = await list();
      const taken = new Set(entries.map((e) => e.config.key).filter((key) => key !== replaces));
      let key: string;
      if (typeof given === 'string') {
        if (taken.has(given)) {
          return fail(
            'conflict',
            `a saved pipeline already has the key "${given}": choose another`,
            ['config', 'key'],
          );
        }
        key = given;
      } else {
        key = uniqueKey(slugify(rest.name), taken);
      }
      // `disabled` is written only when set, so an enabled pipeline's file is the config a
      // column runs, and its history figures line up with the file.
      const config = { ...rest, key, ...(disabled ? { disabled: true } : {}) };
      await mkdir(dir, { recursive: true });
      const file = fileOf(key);
      await writeAtomically(file, `${JSON.stringify(config, null, 2)}\n`);
      if (replaces && replaces !== key) await rm(fileOf(replaces), { force: true });
      return ok({ config, file });
    },
    async delete(key) {
      const file = fileOf(key);
      try {
        await rm(file);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw error;
      }
    },
  };
}

/** `bm25`, then `bm25-2`, `bm25-3`, … within the 80-character slug limit. */
function uniqueKey(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const key = `${base.slice(0, 80 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(key)) return key;
  }
}

/** Reads and validates one config file (JSON or YAML), every problem listed. */
export async function loadConfigFile(
  file: string,
): Promise<{ ok: true; value: PipelineConfig } | { ok: false; errors: ConfigIssue[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, errors: [{ path: '', message: `${file}: ${(error as Error).message}` }] };
  }
  const parsed = importPipelineConfigText(text, file);
  if (parsed.ok) return parsed;
  return {
    ok: false,
    errors: parsed.errors.map((issue) =>
      issue.message.startsWith(file) ? issue : { ...issue, message: `${file}: ${issue.message}` },
    ),
  };
}

/** Temporary file in the same folder, fsync, rename over the target, fsync the folder. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  // The rename is durable only once the folder's entry is on disk (not possible on Windows).
  const folder = await open(path.dirname(file), 'r').catch(() => undefined);
  if (folder) {
    await folder.sync().catch(() => undefined);
    await folder.close();
  }
}
