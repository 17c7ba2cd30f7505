/**
 * Credential checks: API keys in `Authorization: Bearer`, keys in a named header (Azure
 * `api-key`, Pinecone `Api-Key`), and a real AWS Signature Version 4 verification for Bedrock.
 *
 * SigV4 is recomputed with `@smithy/signature-v4` over the received method, path, query, the
 * headers named in `SignedHeaders` and the body, with the configured secret; a signature that
 * does not match, a wrong key id, scope, clock or session token fails the way AWS does.
 * Error codes follow Bedrock's troubleshooting page
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/troubleshooting-api-error-codes.html:
 * IncompleteSignature 400, InvalidClientTokenId/AccessDenied 403) and a real agent-runtime answer
 * to an unknown key id (403 {"message":"The security token included in the request is invalid."},
 * BerriAI/litellm#20473). The other message texts are the ones AWS services commonly return;
 * Bedrock's own wording for them was not verified.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentials, SimContext } from './types';

export type AuthOutcome = 'ok' | 'missing' | 'wrong' | 'wrong-style';

/** `Authorization: Bearer <key>`; an undefined key means the endpoint is open. */
export function checkBearer(headers: Record<string, string>, key: string | undefined): AuthOutcome {
  if (key === undefined) return 'ok';
  const authorization = headers.authorization;
  if (authorization === undefined) {
    return headers['api-key'] !== undefined || headers['x-api-key'] !== undefined
      ? 'wrong-style'
      : 'missing';
  }
  const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
  if (!match) return 'wrong-style';
  return match[1] === key ? 'ok' : 'wrong';
}

/** A key carried as is in a named header; a Bearer token instead is the wrong style. */
export function checkHeaderKey(
  headers: Record<string, string>,
  header: string,
  key: string | undefined,
): AuthOutcome {
  if (key === undefined) return 'ok';
  const value = headers[header.toLowerCase()];
  if (value === undefined) return headers.authorization !== undefined ? 'wrong-style' : 'missing';
  return value === key ? 'ok' : 'wrong';
}

export interface AwsAuthFailure {
  status: 400 | 403;
  /** AWS error code, sent in `x-amzn-ErrorType`. */
  type: string;
  message: string;
}

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your ' +
  'AWS Secret Access Key and signing method. Consult the service documentation for details.';
const MAX_SKEW_MS = 15 * 60 * 1000;

const fail = (status: 400 | 403, type: string, message: string): AwsAuthFailure => ({
  status,
  type,
  message,
});

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, ...number[]];
  return new Date(Date.UTC(y!, mo! - 1, d, h, mi, s));
}

function parseQuery(query: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Verifies the request's SigV4 signature for `service` with `aws`; undefined when it is valid.
 * `now` is injectable so tests of clock skew need no fake timers.
 */
export async function verifySigV4(
  ctx: SimContext,
  aws: AwsCredentials,
  service: string,
  now = Date.now(),
): Promise<AwsAuthFailure | undefined> {
  const { headers } = ctx;
  const authorization = headers.authorization;
  if (authorization === undefined) {
    return fail(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  const m =
    /^(\S+)\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(
      authorization.trim(),
    );
  if (!m) {
    return fail(
      400,
      'IncompleteSignatureException',
      `Authorization header requires 'Credential' parameter. Authorization header requires ` +
        `'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. ` +
        `Authorization=${authorization.split(' ')[0] ?? ''}`,
    );
  }
  const [, algorithm, credential, signedList, signature] = m as unknown as string[];
  if (algorithm !== 'AWS4-HMAC-SHA256') {
    return fail(400, 'IncompleteSignatureException', `Unsupported AWS 'algorithm': '${algorithm}'`);
  }
  const [accessKeyId, shortDate, region, scopeService, terminator] = credential!.split('/');
  if (accessKeyId !== aws.accessKeyId) {
    return fail(
      403,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  }
  const amzDate = headers['x-amz-date'];
  const signingDate = amzDate === undefined ? undefined : parseAmzDate(amzDate);
  if (amzDate === undefined || signingDate === undefined) {
    return fail(
      400,
      'IncompleteSignatureException',
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  if (terminator !== 'aws4_request' || shortDate !== amzDate.slice(0, 8)) {
    return fail(
      403,
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${shortDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
  if (region !== aws.region) {
    return fail(403, 'InvalidSignatureException', 'Credential should be scoped to a valid region.');
  }
  if (scopeService !== service) {
    return fail(
      403,
      'InvalidSignatureException',
      `Credential should be scoped to correct service: '${service}'.`,
    );
  }
  if (Math.abs(now - signingDate.getTime()) > MAX_SKEW_MS) {
    return fail(
      403,
      'InvalidSignatureException',
      `Signature expired: ${amzDate} is now earlier or later than allowed (15 min).`,
    );
  }
  const token = headers['x-amz-security-token'];
  if (token !== aws.sessionToken) {
    return fail(
      403,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  }
  const signedHeaders = signedList!.split(';');
  if (!signedHeaders.includes('host')) {
    return fail(
      403,
      'InvalidSignatureException',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  }
  // The signer trusts x-amz-content-sha256 as the payload hash, so check it against the body
  // first: a tampered body must fail even when the header was carried over unchanged.
  const claimedHash = headers['x-amz-content-sha256'];
  if (
    claimedHash !== undefined &&
    claimedHash !== createHash('sha256').update(ctx.rawBody).digest('hex')
  ) {
    return fail(403, 'InvalidSignatureException', SIGNATURE_MISMATCH);
  }
  const toSign: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = headers[name];
    if (value === undefined) return fail(403, 'InvalidSignatureException', SIGNATURE_MISMATCH);
    toSign[name] = value;
  }
  const [hostname = '', port] = (headers.host ?? '').split(':');
  const request = new HttpRequest({
    method: ctx.method,
    protocol: 'http:',
    hostname,
    port: port === undefined ? undefined : Number(port),
    path: ctx.fullPath.split('?')[0] ?? '/',
    query: parseQuery(ctx.query),
    headers: toSign,
    body: ctx.rawBody,
  });
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: aws.accessKeyId,
      secretAccessKey: aws.secretAccessKey,
      sessionToken: signedHeaders.includes('x-amz-security-token') ? aws.sessionToken : undefined,
    },
    region: aws.region,
    service,
    sha256: Hash.bind(null, 'sha256'),
    // Only hash the payload into a header when the client signed that header itself.
    applyChecksum: false,
  });
  const signed = await signer.sign(request, {
    signingDate,
    signableHeaders: new Set(signedHeaders),
  });
  const expected = /Signature=([0-9a-f]+)$/.exec(String(signed.headers.authorization ?? ''));
  const expectedList = /SignedHeaders=([^,\s]+)/.exec(String(signed.headers.authorization ?? ''));
  if (!expected || !sameText(expected[1]!, signature!) || expectedList?.[1] !== signedList) {
    return fail(403, 'InvalidSignatureException', SIGNATURE_MISMATCH);
  }
  return undefined;
}
