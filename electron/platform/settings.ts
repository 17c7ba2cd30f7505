/**
 * The app's settings file, `settings.json` in the data folder. Reading never fails the app: a
 * missing or broken file gives the defaults (a broken one is left for the next write to
 * replace). Writes are atomic and one at a time; one that fails (a read-only or full data
 * folder, a folder in the file's place) says so with the file and the reason.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppSettings, DEFAULT_SETTINGS } from '../../shared/app/settings';
import { fail, ok, type Result } from '../../shared/util/result';
import { writeAtomically } from '../pipeline-library/library';

export const SETTINGS_FILE = 'settings.json';

/** The settings file: read with defaults, changed a field at a time. */
export interface SettingsFile {
  read(): Promise<AppSettings>;
  update(change: Partial<AppSettings>): Promise<Result<AppSettings>>;
}

/** The settings file of a data folder. */
export function createSettingsFile(dataDir: string): SettingsFile {
  const file = path.join(dataDir, SETTINGS_FILE);
  let queue: Promise<unknown> = Promise.resolve();

  async function read(): Promise<AppSettings> {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
    const parsed = AppSettings.safeParse(raw);
    return parsed.success ? parsed.data : { ...DEFAULT_SETTINGS };
  }

  /** A folder in the file's place gives only EISDIR or ENOTEMPTY: name the usual cause. */
  async function why(error: unknown): Promise<string> {
    const found = await stat(file).catch(() => undefined);
    if (found?.isDirectory()) return 'it is a folder, not a file';
    return error instanceof Error ? error.message : String(error);
  }

  return {
    read,
    update(change) {
      const next = queue.then(async (): Promise<Result<AppSettings>> => {
        const settings = { ...(await read()), ...change };
        try {
          await mkdir(dataDir, { recursive: true });
          await writeAtomically(file, `${JSON.stringify(settings, null, 2)}\n`);
        } catch (error) {
          return fail('internal', `Could not save the settings to ${file}: ${await why(error)}`);
        }
        return ok(settings);
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
