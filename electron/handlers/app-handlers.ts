/** `app:info`, `app:diagnostics` and `settings:*`. */
import { homedir } from 'node:os';
import type { Handler } from '../../shared/contract/dispatch';
import type { OperationResponse } from '../../shared/contract';
import { isKeyProvider } from '../../shared/providers/credentials';
import { ok } from '../../shared/util/result';
import { SCHEMA_VERSION } from '../history/migrations';
import { APP_NAME, APP_VERSION } from '../platform/app-meta';
import type { SettingsFile } from '../platform/settings';
import { noteSecrets } from '../secrets/log-redaction';
import { secretValues, type SecretStore } from '../secrets/secret-store';
import { recentProblems } from '../log/log';

export type HostKind = OperationResponse<'app:info'>['host'];

export interface AppHandlerDeps {
  host: HostKind;
  dataDir: string;
  settings: SettingsFile;
  secrets: SecretStore;
}

function appInfo(host: HostKind, dataDir: string): OperationResponse<'app:info'> {
  const versions: Record<string, string> = {
    node: process.versions.node,
    v8: process.versions.v8,
  };
  for (const name of ['electron', 'chrome'] as const) {
    const value = process.versions[name];
    if (value) versions[name] = value;
  }
  return {
    name: APP_NAME,
    version: APP_VERSION,
    host,
    dataDir,
    platform: process.platform,
    arch: process.arch,
    versions,
  };
}

/** The home folder as `~`: a bug report need not carry the user's name. */
function withoutHome(file: string, home = homedir()): string {
  return home && file.startsWith(home) ? `~${file.slice(home.length)}` : file;
}

export function createAppHandlers({ host, dataDir, settings, secrets }: AppHandlerDeps): {
  'app:info': Handler<'app:info'>;
  'app:diagnostics': Handler<'app:diagnostics'>;
  'settings:get': Handler<'settings:get'>;
  'settings:set': Handler<'settings:set'>;
} {
  return {
    'app:info'() {
      return Promise.resolve(ok(appInfo(host, dataDir)));
    },
    async 'app:diagnostics'() {
      const info = appInfo(host, dataDir);
      const [current, keys] = await Promise.all([settings.read(), secrets.status()]);
      // Keys from the environment or keychain that no request has used yet are not known to
      // the redactor: tell it every configured one before the problems are read out.
      for (const { provider, configured } of keys.providers) {
        if (configured && isKeyProvider(provider))
          noteSecrets(secretValues(await secrets.credential(provider)));
      }
      return ok({
        generatedAt: new Date().toISOString(),
        app: { ...info, dataDir: withoutHome(info.dataDir) },
        settings: current,
        historySchemaVersion: SCHEMA_VERSION,
        keyStorage: keys.storage.kind,
        // Picked field by field: a status's last4 is part of a key and stays out.
        keys: keys.providers.map(({ provider, configured, source }) => ({
          provider,
          configured,
          ...(source ? { source } : {}),
        })),
        recentProblems: recentProblems(),
      });
    },
    async 'settings:get'() {
      return ok(await settings.read());
    },
    async 'settings:set'(change) {
      const update = change.theme === undefined ? {} : { theme: change.theme };
      return settings.update(update);
    },
  };
}
