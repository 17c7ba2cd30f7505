/**
 * AWS Signature Version 4 for Bedrock, with Smithy's signer (the one the AWS SDK uses):
 * signing by hand is exactly the kind of code that should come from a library.
 */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export type Signer = (request: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}) => Promise<Record<string, string>>;

/** Returns the headers to add to a request: authorization, x-amz-date, and the session token. */
export function createSigV4Signer(
  credentials: AwsCredentials,
  region: string,
  service: string,
): Signer {
  const signer = new SignatureV4({
    credentials,
    region,
    service,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: true,
  });
  return async ({ method, url, headers, body }) => {
    const target = new URL(url);
    const query: Record<string, string> = {};
    target.searchParams.forEach((value, key) => (query[key] = value));
    const request = new HttpRequest({
      method,
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port ? Number(target.port) : undefined,
      path: target.pathname,
      query,
      // The HTTP client sends exactly this Host value, so the signature covers it.
      headers: { ...headers, host: target.host },
      body,
    });
    const signed = await signer.sign(request);
    const added: Record<string, string> = {};
    for (const [name, value] of Object.entries(signed.headers)) {
      if (name.toLowerCase() !== 'host' && headers[name] === undefined) added[name] = value;
    }
    return added;
  };
}
