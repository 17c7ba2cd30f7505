/**
 * How a rerank provider's credential travels, as plain data: the one description the call
 * (electron/providers/auth.ts attaches the key), the code exports (electron/export/
 * provider-request.ts) and "Copy as curl" (shared/wire/curl.ts, through {@link curlAuthFor})
 * all read, so they cannot disagree about a header name, a `Bearer ` prefix, the environment
 * variable a key comes from, or where a SigV4 signature goes.
 */
import type { CurlAuth } from '../contract/schemas';
import type { ProviderDescriptor } from './catalog';

/** Bedrock's region when neither the config nor AWS_REGION names one. */
export const DEFAULT_AWS_REGION = 'us-east-1';

/** The environment variables AWS tools (curl's `--aws-sigv4`, boto, aws4fetch) read. */
export const AWS_ENV = {
  accessKeyId: 'AWS_ACCESS_KEY_ID',
  secretAccessKey: 'AWS_SECRET_ACCESS_KEY',
  sessionToken: 'AWS_SESSION_TOKEN',
} as const;

/**
 * The headers a SigV4 signature adds; a curl command that signs with `--aws-sigv4` must not
 * send the recorded ones too.
 */
export const SIGV4_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-content-sha256',
]);

/** A provider's auth with the config's settings applied. Never holds a credential. */
export type ProviderAuth =
  /**
   * The key in one header: `${header}: ${prefix}<key>` (`Authorization: Bearer <key>`,
   * Azure's `api-key: <key>`), read from `env` by headless hosts and exported code. Vertex's
   * OAuth access token travels this way too, as a Bearer token.
   */
  | { kind: 'header'; header: string; prefix: string; env: string; optional: boolean }
  /** AWS Signature Version 4 over the whole request (Bedrock), for this region and service. */
  | { kind: 'sigv4'; region: string; service: string };

/**
 * Describes how `descriptor`'s credential is sent. `params` are the config's resolved
 * provider parameters (Bedrock's region); without them the region is the default.
 */
export function describeAuth(descriptor: ProviderDescriptor, params?: unknown): ProviderAuth {
  const { auth } = descriptor;
  if (auth.kind === 'sigv4') {
    const region = (params as { region?: string } | undefined)?.region ?? DEFAULT_AWS_REGION;
    return { kind: 'sigv4', region, service: auth.service };
  }
  return {
    kind: 'header',
    header: auth.kind === 'header' ? auth.header : 'Authorization',
    prefix: auth.kind === 'header' ? '' : 'Bearer ',
    env: descriptor.keyEnv[0] ?? 'API_KEY',
    optional: auth.optional === true,
  };
}

/**
 * How "Copy as curl" writes the credential of a request sent with `auth`: the header as a shell
 * expression over its environment variable (`Bearer $COHERE_API_KEY`), or curl's own SigV4
 * signing, with the session token header when the credential had one.
 */
export function curlAuthFor(
  auth: ProviderAuth,
  options: { sessionToken?: boolean } = {},
): CurlAuth {
  if (auth.kind === 'sigv4') {
    const { region, service } = auth;
    return { awsSigv4: { region, service, sessionToken: options.sessionToken === true } };
  }
  return { credentialHeaders: { [auth.header.toLowerCase()]: `${auth.prefix}$${auth.env}` } };
}
