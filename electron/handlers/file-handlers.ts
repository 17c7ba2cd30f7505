/**
 * `files:choose`: the host's native dialog picks a file or folder for an operation that takes
 * a path, and the pick is granted (electron/platform/path-grants.ts): a folder with everything
 * under it (a BEIR or TREC set, a model), a file alone.
 */
import type { Handler } from '../../shared/contract/dispatch';
import type { FilePurpose } from '../../shared/contract/files';
import { fail, ok } from '../../shared/util/result';
import type { PathGrants } from '../platform/path-grants';
import type { FileDialogs, FileFilter } from '../workspaces/file-dialogs';

const DATASET_FILTERS: FileFilter[] = [
  { name: 'Labelled sets (JSONL, CSV)', extensions: ['jsonl', 'json', 'ndjson', 'csv', 'tsv'] },
];
const QRELS_FILTERS: FileFilter[] = [
  { name: 'Qrels (TREC, BEIR)', extensions: ['txt', 'qrels', 'tsv', 'trec'] },
  { name: 'All files', extensions: ['*'] },
];

const DIALOGS: Record<FilePurpose, { title: string; folder: boolean; filters: FileFilter[] }> = {
  'dataset-file': { title: 'Choose a labelled set', folder: false, filters: DATASET_FILTERS },
  'dataset-folder': { title: 'Choose a BEIR or TREC folder', folder: true, filters: [] },
  qrels: { title: 'Choose a qrels file', folder: false, filters: QRELS_FILTERS },
  'model-folder': { title: 'Choose a model folder', folder: true, filters: [] },
};

export function createFileHandlers({
  grants,
  dialogs,
}: {
  grants: PathGrants;
  dialogs?: FileDialogs;
}): { 'files:choose': Handler<'files:choose'> } {
  return {
    async 'files:choose'({ purpose }) {
      if (!dialogs) {
        return fail(
          'unsupported',
          'this host has no file dialog: pick the files to upload them, or start the web host with --allow-folder',
        );
      }
      const { title, folder, filters } = DIALOGS[purpose];
      const chosen = await dialogs.showOpen({ title, filters, folder });
      if (chosen === undefined) return ok({ cancelled: true as const });
      grants.grant(chosen, folder ? 'folder' : 'file');
      return ok({ path: chosen });
    },
  };
}
