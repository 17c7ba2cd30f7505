/**
 * Which paths the page may name. A page (the desktop window's renderer, the web host's browser
 * tab) is not trusted with the file system: a page made to misbehave — an injected script, an
 * extension, a document that reaches it — must not read `/proc/self/environ`, a `.env`, or tell
 * which files exist. So every operation that takes a path from the page goes through one
 * {@link PathGrants}: a path is used only if the host granted it, because
 *
 * - a native dialog chose it (the desktop app's Open…, Choose…),
 * - the OS asked the app to open it (a file association, a second launch, macOS `open-file`),
 * - it is under a folder the user chose (a dialog, or `--allow-folder` when starting the web
 *   host from a terminal), or
 * - a source of lasting grants holds it (the recent workspaces, each chosen once in a dialog).
 *
 * A path that is not granted answers exactly as a path that does not exist, without touching
 * the file system, so the answer says nothing about what is on the disk. The CLI trusts every
 * path: its user typed it.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { fail, type Result } from '../../shared/util/result';

/** A file exactly, or a folder and everything under it. */
export type GrantScope = 'file' | 'folder';

/** How a refusal names the request field and tells the user how to choose the path instead. */
export interface PathUse {
  /** The request field that held the path (`path`, `qrelsPath`). */
  field: string;
  /** What to do instead, e.g. `use Open… to choose it`. */
  how: string;
}

/** A lasting source of grants kept elsewhere (the recent workspaces list). */
export type GrantSource = (absolute: string) => Promise<boolean> | boolean;

export interface PathGrants {
  /** Whether every path is taken as given (the CLI); no grant is then needed. */
  readonly trustsAll: boolean;
  /** Lets the page name `target` (resolved to an absolute path). */
  grant(target: string, scope: GrantScope): void;
  /** Adds a source of grants consulted after the grants given here. */
  addSource(source: GrantSource): void;
  /**
   * The absolute path when the page may use it; otherwise the refusal {@link unavailable}
   * gives, decided without looking at the disk.
   */
  check(target: string, use: PathUse): Promise<Result<string>>;
  /**
   * The one answer for a path that is not granted and for a granted one that does not exist:
   * the same words, so neither tells the page anything about the disk.
   */
  unavailable(absolute: string, use: PathUse): Result<never>;
}

/**
 * The folders `RERANK_STUDIO_ALLOW_FOLDERS` names (separated as PATH is): what `--allow-folder`
 * gives the web host, for either host started by a script (tests, a launcher).
 */
export function allowedFoldersFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return env.RERANK_STUDIO_ALLOW_FOLDERS?.split(path.delimiter).filter(Boolean) ?? [];
}

/** Folders the user chose at startup, as `--allow-folder` gives them, resolved against `cwd`. */
export function grantFolders(grants: PathGrants, folders: readonly string[], cwd: string): void {
  for (const folder of folders) grants.grant(path.resolve(cwd, folder), 'folder');
}

export function createPathGrants(options: { trustAll?: boolean } = {}): PathGrants {
  const files = new Set<string>();
  const folders = new Set<string>();
  const sources: GrantSource[] = [];
  const trustsAll = options.trustAll === true;

  const underFolder = (absolute: string) => {
    for (const folder of folders) {
      const relative = path.relative(folder, absolute);
      // `..` or another drive: outside. Lexical, so `granted/../etc` is outside too.
      if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) {
        return true;
      }
    }
    return false;
  };

  const unavailable = (absolute: string, use: PathUse): Result<never> =>
    fail(
      'not_found',
      `${absolute} is not available: it does not exist, or it was not chosen in Rerank Studio; ${use.how}`,
      [use.field],
    );

  return {
    trustsAll,
    grant(target, scope) {
      (scope === 'file' ? files : folders).add(path.resolve(target));
    },
    addSource(source) {
      sources.push(source);
    },
    async check(target, use) {
      const absolute = path.resolve(target);
      if (trustsAll || files.has(absolute) || underFolder(absolute)) {
        return { ok: true, value: absolute };
      }
      for (const source of sources) {
        if (await source(absolute)) return { ok: true, value: absolute };
      }
      return unavailable(absolute, use);
    },
    unavailable,
  };
}

/**
 * Kernel and device files are no user's document, whatever was granted: `/proc/<pid>/environ`
 * is a process's environment, keys included, and `/dev` files block or never end. Checked on
 * the path as given and as resolved (a symlink in a chosen folder may point there).
 */
const SYSTEM_ROOTS = ['/proc', '/sys', '/dev'];

export async function isSystemFile(file: string): Promise<boolean> {
  const real = await realpath(file).catch(() => undefined);
  return [path.resolve(file), real ?? ''].some((p) =>
    SYSTEM_ROOTS.some((root) => p === root || p.startsWith(`${root}/`)),
  );
}
