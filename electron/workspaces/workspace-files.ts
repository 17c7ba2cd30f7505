/**
 * Workspace files on disk: open and save `.rerank.json` files by path (atomically: temporary
 * file, fsync, rename), the recent-files list (`recent-workspaces.json`) and the autosave of
 * the current workspace (`autosave.rerank.json`), both in the data folder. A broken autosave
 * is moved aside and reported, never overwritten unseen.
 *
 * Paths are the host's to hand out (electron/platform/path-grants.ts): the renderer may open or
 * save by path only a file a native dialog chose, one on the recent list (a lasting source of
 * grants), or one the host granted (a file the OS asked the app to open). A page that was made
 * to misbehave cannot then write over any file it names.
 */
import { mkdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Autosave, RecentFile } from '../../shared/contract';
import { Autosave as AutosaveSchema, RecentFile as RecentSchema } from '../../shared/contract';
import {
  parseWorkspaceText,
  WORKSPACE_SUFFIX,
  workspaceFileName,
  workspaceName,
  workspaceText,
  type Workspace,
} from '../../shared/workspace/workspace';
import { fail, ok, type Result } from '../../shared/util/result';
import { writeAtomically } from '../pipeline-library/library';
import { isSystemFile, type PathGrants, type PathUse } from '../platform/path-grants';
import { WORKSPACE_FILTERS, type FileDialogs } from './file-dialogs';

export const RECENT_FILE = 'recent-workspaces.json';
export const AUTOSAVE_FILE = `autosave${WORKSPACE_SUFFIX}`;
/** How many recent files are kept. */
export const MAX_RECENT = 10;

/** Workspace files, the recent list and the autosave of one data folder. */
export interface WorkspaceFiles {
  readonly nativeDialogs: boolean;
  recent(): Promise<RecentFile[]>;
  open(
    file?: string,
  ): Promise<Result<{ cancelled: true } | { path: string; workspace: Workspace }>>;
  save(
    workspace: Workspace,
    file?: string,
    suggestedName?: string,
  ): Promise<Result<{ cancelled: true } | { path: string }>>;
  autosave(entry: Omit<Autosave, 'savedAt'>): Promise<number>;
  restore(): Promise<{ autosave?: Autosave; problem?: string }>;
  /**
   * The text of a file the host granted or the recent list holds (a pipeline config or a
   * workspace the OS asked the app to open), for the renderer to treat as a dropped file.
   */
  readGranted(file: string): Promise<Result<{ name: string; text: string }>>;
}

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code;

const OPEN: PathUse = { field: 'path', how: 'use Open… to choose it' };
const SAVE: PathUse = { field: 'path', how: 'use Save as… to choose it' };

/**
 * `grants` decide which paths the renderer may name (the recent list is added to them);
 * `dialogs` choose paths when the renderer gives none; without them such calls are refused.
 */
export function createWorkspaceFiles(
  dataDir: string,
  grants: PathGrants,
  dialogs?: FileDialogs,
): WorkspaceFiles {
  const recentFile = path.join(dataDir, RECENT_FILE);
  const autosaveFile = path.join(dataDir, AUTOSAVE_FILE);
  // Recent-list updates are read-modify-write: one at a time, so two quick saves keep both.
  let recentQueue: Promise<unknown> = Promise.resolve();

  async function readRecent(): Promise<RecentFile[]> {
    let text: string;
    try {
      text = await readFile(recentFile, 'utf8');
    } catch (error) {
      if (errno(error) === 'ENOENT') return [];
      throw error;
    }
    // A damaged list is only a convenience lost: start a new one.
    try {
      const parsed = z.array(RecentSchema).safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }

  function updateRecent(change: (list: RecentFile[]) => RecentFile[]): Promise<void> {
    const next = recentQueue.then(async () => {
      const list = change(await readRecent()).slice(0, MAX_RECENT);
      await mkdir(dataDir, { recursive: true });
      await writeAtomically(recentFile, `${JSON.stringify(list, null, 2)}\n`);
    });
    recentQueue = next.catch(() => undefined);
    return next;
  }

  const remember = (file: string) =>
    updateRecent((list) => [
      { path: file, name: workspaceName(file), at: Date.now() },
      ...list.filter((entry) => entry.path !== file),
    ]);
  const forget = (file: string) =>
    updateRecent((list) => list.filter((entry) => entry.path !== file));

  // Each file on the recent list was chosen in a dialog once: it stays granted.
  grants.addSource(async (file) => (await readRecent()).some((entry) => entry.path === file));

  return {
    nativeDialogs: dialogs !== undefined,
    recent: readRecent,

    async open(file) {
      let chosen = file;
      if (chosen === undefined) {
        if (!dialogs) return fail('unsupported', 'this host has no file dialog: give a path');
        chosen = await dialogs.showOpen({ title: 'Open workspace', filters: WORKSPACE_FILTERS });
        if (chosen === undefined) return ok({ cancelled: true as const });
        grants.grant(chosen, 'file');
      }
      const checked = await grants.check(chosen, OPEN);
      if (!checked.ok) return checked;
      const absolute = checked.value;
      if (await isSystemFile(absolute)) {
        return fail('invalid_request', `${absolute} is a system file, not a workspace`, ['path']);
      }
      let text: string;
      try {
        text = await readFile(absolute, 'utf8');
      } catch (error) {
        if (errno(error) === 'ENOENT') {
          // Only a file the page already knows was granted (it is on the recent list) is said
          // to be gone; any other answers as an ungranted path does.
          const recent = (await readRecent()).some((entry) => entry.path === absolute);
          if (!recent) return grants.unavailable(absolute, OPEN);
          await forget(absolute);
          return fail(
            'not_found',
            `${absolute} no longer exists; it was removed from the recent files`,
            ['path'],
          );
        }
        return fail('invalid_request', `${absolute}: ${(error as Error).message}`, ['path']);
      }
      const workspace = parseWorkspaceText(text, absolute);
      if (!workspace.ok) return workspace;
      await remember(absolute);
      return ok({ path: absolute, workspace: workspace.value });
    },

    async save(workspace, file, suggestedName) {
      let chosen = file;
      if (chosen === undefined) {
        if (!dialogs) return fail('unsupported', 'this host has no file dialog: give a path');
        chosen = await dialogs.showSave({
          title: 'Save workspace',
          defaultPath: workspaceFileName(suggestedName ?? 'workspace'),
          filters: WORKSPACE_FILTERS,
        });
        if (chosen === undefined) return ok({ cancelled: true as const });
        grants.grant(chosen, 'file');
      }
      const checked = await grants.check(chosen, SAVE);
      if (!checked.ok) return checked;
      const absolute = checked.value;
      try {
        await writeAtomically(absolute, workspaceText(workspace));
      } catch (error) {
        return fail('invalid_request', `cannot save ${absolute}: ${(error as Error).message}`, [
          'path',
        ]);
      }
      await remember(absolute);
      return ok({ path: absolute });
    },

    async autosave(entry) {
      const savedAt = Date.now();
      await mkdir(dataDir, { recursive: true });
      await writeAtomically(autosaveFile, `${JSON.stringify({ ...entry, savedAt }, null, 2)}\n`);
      return savedAt;
    },

    async restore() {
      let text: string;
      try {
        text = await readFile(autosaveFile, 'utf8');
      } catch (error) {
        if (errno(error) === 'ENOENT') return {};
        throw error;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        raw = undefined;
      }
      const parsed = AutosaveSchema.safeParse(raw);
      if (parsed.success) return { autosave: parsed.data };
      // Kept for the user to look at (or a newer app to read), out of the way of the next save.
      const aside = `${autosaveFile}.unreadable-${Date.now()}`;
      await rename(autosaveFile, aside);
      return {
        problem: `the autosaved workspace could not be read and was moved to ${aside}; starting with the sample`,
      };
    },

    async readGranted(file) {
      const checked = await grants.check(file, OPEN);
      if (!checked.ok) return checked;
      const absolute = checked.value;
      if (await isSystemFile(absolute)) {
        return fail('invalid_request', `${absolute} is a system file, not a document`, ['path']);
      }
      try {
        return ok({ name: path.basename(absolute), text: await readFile(absolute, 'utf8') });
      } catch (error) {
        if (errno(error) === 'ENOENT') return grants.unavailable(absolute, OPEN);
        return fail('invalid_request', `${absolute}: ${(error as Error).message}`, ['path']);
      }
    },
  };
}
