/** `workspace:*`: workspace files, recent files and the autosave (see electron/workspaces). */
import type { Handler } from '../../shared/contract/dispatch';
import type { OperationName } from '../../shared/contract';
import { ok } from '../../shared/util/result';
import type { WorkspaceFiles } from '../workspaces/workspace-files';

type WorkspaceName = Extract<OperationName, `workspace:${string}`>;

/** The `workspace:*` handlers over one {@link WorkspaceFiles}. */
export function createWorkspaceHandlers(files: WorkspaceFiles): {
  [N in WorkspaceName]: Handler<N>;
} {
  return {
    async 'workspace:state'() {
      return ok({ nativeDialogs: files.nativeDialogs, recent: await files.recent() });
    },
    'workspace:open': ({ path }) => files.open(path),
    'workspace:save': ({ workspace, path, suggestedName }) =>
      files.save(workspace, path, suggestedName),
    async 'workspace:autosave'(entry) {
      return ok({ savedAt: await files.autosave(entry) });
    },
    'workspace:read-file': ({ path }) => files.readGranted(path),
    async 'workspace:restore'() {
      return ok(await files.restore());
    },
  };
}
