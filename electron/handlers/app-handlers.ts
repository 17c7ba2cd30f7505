import type { Handler } from '../../shared/contract/dispatch';
import type { OperationResponse } from '../../shared/contract';
import { ok } from '../../shared/util/result';
import { APP_NAME, APP_VERSION } from '../platform/app-meta';

export type HostKind = OperationResponse<'app:info'>['host'];

export interface AppHandlerDeps {
  host: HostKind;
  dataDir: string;
}

export function createAppHandlers({ host, dataDir }: AppHandlerDeps): {
  'app:info': Handler<'app:info'>;
} {
  return {
    'app:info'() {
      const versions: Record<string, string> = {
        node: process.versions.node,
        v8: process.versions.v8,
      };
      for (const name of ['electron', 'chrome'] as const) {
        const value = process.versions[name];
        if (value) versions[name] = value;
      }
      return Promise.resolve(
        ok({
          name: APP_NAME,
          version: APP_VERSION,
          host,
          dataDir,
          platform: process.platform,
          arch: process.arch,
          versions,
        }),
      );
    },
  };
}
