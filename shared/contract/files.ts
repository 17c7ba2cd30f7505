/**
 * Choosing a file or folder on the host for an operation that takes a path (`eval:import`,
 * `models:import`): the host shows its native dialog and grants what the user chose, so the
 * page may then name it. Only a host with native dialogs (the desktop app) can; the others
 * answer `unsupported` (see `workspace:state`'s `nativeDialogs`), and the page uploads the
 * files' contents instead, or uses a folder the host was started with.
 */
import { z } from 'zod';

/** What the path is for: the dialog's title, filters and whether it picks a folder. */
export const FILE_PURPOSES = ['dataset-file', 'dataset-folder', 'qrels', 'model-folder'] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];

export const filesOperations = {
  'files:choose': {
    request: z.object({ purpose: z.enum(FILE_PURPOSES) }).strict(),
    response: z.union([
      z.object({ cancelled: z.literal(true) }),
      /** The chosen path, granted to the page. */
      z.object({ path: z.string() }),
    ]),
  },
} as const;
