/**
 * Where provider credentials come from. Only Node code reads them, for the duration of one
 * request; nothing here ever returns a key to the renderer.
 */
import { PROVIDER_CATALOG, type RerankProvider } from '../../shared/providers/catalog';

export type CredentialSource = 'keychain' | 'env' | 'session';

export type Credential =
  | { kind: 'api-key'; key: string; source: CredentialSource }
  | {
      kind: 'aws';
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken?: string;
      source: CredentialSource;
    };

export interface SecretStore {
  /** The credential for a provider, or undefined if none is configured. */
  credential(provider: RerankProvider): Promise<Credential | undefined>;
}

/** Every secret value inside a credential, for redaction. */
export function secretValues(credential: Credential | undefined): string[] {
  if (!credential) return [];
  if (credential.kind === 'api-key') return [credential.key];
  return [credential.accessKeyId, credential.secretAccessKey, credential.sessionToken].filter(
    (value): value is string => !!value,
  );
}

/**
 * Credentials from environment variables, for the headless hosts (web host, CLI, server):
 * `<PROVIDER>_API_KEY` names (the catalog's `keyEnv`), and AWS's standard names for Bedrock.
 */
export function createEnvSecretStore(
  env: Readonly<Record<string, string | undefined>>,
): SecretStore {
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  return {
    credential(provider) {
      if (provider === 'bedrock') {
        const accessKeyId = read('AWS_ACCESS_KEY_ID');
        const secretAccessKey = read('AWS_SECRET_ACCESS_KEY');
        if (!accessKeyId || !secretAccessKey) return Promise.resolve(undefined);
        const sessionToken = read('AWS_SESSION_TOKEN');
        return Promise.resolve({
          kind: 'aws',
          accessKeyId,
          secretAccessKey,
          ...(sessionToken ? { sessionToken } : {}),
          source: 'env',
        });
      }
      for (const name of PROVIDER_CATALOG[provider].keyEnv) {
        const key = read(name);
        if (key) return Promise.resolve({ kind: 'api-key', key, source: 'env' });
      }
      return Promise.resolve(undefined);
    },
  };
}
