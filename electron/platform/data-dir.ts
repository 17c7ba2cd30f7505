/**
 * The app's data folder: the OS app-data location for "Rerank Studio" (the same folder Electron
 * calls `userData`), or `RERANK_STUDIO_DATA_DIR` when set. Every host resolves it here, so the
 * desktop app, the web host, the CLI and tests agree on where history and models live.
 */
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { APP_NAME } from './app-meta';

export const DATA_DIR_ENV = 'RERANK_STUDIO_DATA_DIR';

export function resolveDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const override = env[DATA_DIR_ENV]?.trim();
  if (override) return path.resolve(override);
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_NAME);
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), APP_NAME);
  }
}

/** Creates the folder if needed, readable by the user only (it will hold history and models). */
export async function ensureDataDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}
