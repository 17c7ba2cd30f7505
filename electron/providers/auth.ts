/**
 * The credential of a resolved call, attached as the provider's auth description says
 * (shared/providers/auth.ts `describeAuth`, which the code exports and "Copy as curl" read
 * too): a header, or a SigV4 signer. Also the values to redact and how "Copy as curl" writes
 * the credential back as environment variables.
 */
import type { CurlAuth } from '../../shared/contract/schemas';
import { curlAuthFor, describeAuth } from '../../shared/providers/auth';
import { noteSecrets } from '../secrets/log-redaction';
import { secretValues } from '../secrets/secret-store';
import type { ResolvedCall } from './resolve';
import { createSigV4Signer, type Signer } from './sigv4';

/** What a request carries for its credential. Holds the key: never logged, never returned. */
export interface AttachedAuth {
  /** Added to every request (a key header); empty when signing. */
  headers: Record<string, string>;
  /** Signs each request as sent (Bedrock). */
  sign?: Signer;
  /** Every credential value, for redaction of wire records and messages. */
  secrets: string[];
  /** How the wire record's "Copy as curl" writes the credential; `{}` when none was sent. */
  curl: CurlAuth;
}

/**
 * The credential of `resolved` as headers or a signer. `resolveCall` has already refused a
 * credential of the wrong kind for the provider, so a mismatch here is a bug.
 */
export function authFor(resolved: ResolvedCall): AttachedAuth {
  const { descriptor, credential, params } = resolved;
  const secrets = secretValues(credential);
  noteSecrets(secrets);
  if (!credential) return { headers: {}, secrets, curl: {} };
  const auth = describeAuth(descriptor, params);
  if (auth.kind === 'sigv4') {
    if (credential.kind !== 'aws') throw new Error(`${resolved.provider} needs an AWS key pair`);
    return {
      headers: {},
      sign: createSigV4Signer(credential, auth.region, auth.service),
      secrets,
      curl: curlAuthFor(auth, { sessionToken: !!credential.sessionToken }),
    };
  }
  if (credential.kind === 'aws') throw new Error(`${resolved.provider} takes an API key`);
  return {
    headers: { [auth.header]: `${auth.prefix}${credential.key}` },
    secrets,
    curl: curlAuthFor(auth),
  };
}
