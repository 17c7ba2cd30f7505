/**
 * Workspaces: reading and writing `.rerank.json` files by path (atomically, on the host), the
 * recent-files list, and the autosave of the current workspace in the data folder. Without a
 * path, open and save ask the host's native file dialog; a host without one (the web host)
 * says so in `workspace:state`, and the renderer downloads and uploads instead.
 */
import { z } from 'zod';
import { Workspace } from '../workspace/workspace';

const FilePath = z.string().min(1, 'a file path is required').max(4096);

/** A recent workspace file, newest first in the list. */
export const RecentFile = z.object({
  path: z.string(),
  name: z.string(),
  /** When it was last opened or saved (ms since the epoch). */
  at: z.number(),
});
export type RecentFile = z.output<typeof RecentFile>;

const Cancelled = z.object({ cancelled: z.literal(true) });

/** The autosaved workspace, with the file it belongs to and whether it had unsaved changes. */
export const Autosave = z.object({
  workspace: Workspace,
  /** The file the workspace came from or was saved to, if any. */
  path: FilePath.optional(),
  /** Whether it had changes not saved to `path`. */
  dirty: z.boolean(),
  savedAt: z.number(),
});
export type Autosave = z.output<typeof Autosave>;

/** `workspace:*` operations. */
export const workspaceOperations = {
  /** Whether open and save can show a native dialog, and the recent files, newest first. */
  'workspace:state': {
    request: z.object({}).strict(),
    response: z.object({ nativeDialogs: z.boolean(), recent: z.array(RecentFile) }),
  },
  /** Reads and validates a workspace file (asking for one without a path). */
  'workspace:open': {
    request: z.object({ path: FilePath.optional() }).strict(),
    response: z.union([Cancelled, z.object({ path: z.string(), workspace: Workspace })]),
  },
  /**
   * Writes a workspace file atomically. With a `path` it is written there; without one (or for
   * "save as") the native dialog asks, starting from `suggestedName`.
   */
  'workspace:save': {
    request: z
      .object({
        workspace: Workspace,
        path: FilePath.optional(),
        suggestedName: z.string().max(255).optional(),
      })
      .strict(),
    response: z.union([Cancelled, z.object({ path: z.string() })]),
  },
  /** Keeps the current workspace in the data folder, to be restored at the next start. */
  'workspace:autosave': {
    request: Autosave.omit({ savedAt: true }).strict(),
    response: z.object({ savedAt: z.number() }),
  },
  /**
   * The text of a file the host handed the app (opened from the OS: a file association, the
   * command line), to be treated as a dropped file: a workspace, a pipeline config, documents.
   */
  'workspace:read-file': {
    request: z.object({ path: FilePath }).strict(),
    response: z.object({ name: z.string(), text: z.string() }),
  },
  /** The last autosave, if there is one that reads; `problem` says why one was set aside. */
  'workspace:restore': {
    request: z.object({}).strict(),
    response: z.object({ autosave: Autosave.optional(), problem: z.string().optional() }),
  },
} as const;
