/**
 * The app's settings file, `settings.json` in the data folder. Reading never fails the app: a
 * missing or broken file gives the defaults (a broken one is left for the next write to
 * replace). Writes are atomic and one at a time.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppSettings, DEFAULT_SETTINGS } from '../../shared/app/settings';
import { writeAtomically } from '../pipeline-library/library';

export const SETTINGS_FILE = 'settings.json';

/** The settings file: read with defaults, changed a field at a time. */
export interface SettingsFile {
  read(): Promise<AppSettings>;
  update(change: Partial<AppSettings>): Promise<AppSettings>;
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

  return {
    read,
    update(change) {
      const next = queue.then(async () => {
        const settings = { ...(await read()), ...change };
        await mkdir(dataDir, { recursive: true });
        await writeAtomically(file, `${JSON.stringify(settings, null, 2)}\n`);
        return settings;
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
