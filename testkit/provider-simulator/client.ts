/**
 * Helpers for tests that talk to the simulator with Node's global `fetch`: a JSON POST that
 * keeps status, headers and the body both as text and parsed, and a real SigV4 signer for the
 * Bedrock routes (the same `@smithy/signature-v4` the AWS SDK uses).
 */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { simulatedLogit } from './scoring';
import type { AwsCredentials } from './types';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: unknown;
}

/** POSTs `body` (JSON-encoded unless already a string) and reads the whole answer. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Reply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

/** The simulator's default AWS credentials. */
export const SIM_AWS: AwsCredentials = {
  accessKeyId: 'AKIDSIMULATOR',
  secretAccessKey: 'sim-aws-secret',
  region: 'us-east-1',
};

/**
 * Signs a Bedrock POST the way the AWS SDK does and returns the headers to send (without
 * `host`, which fetch sets itself to the same value that was signed). `applyChecksum: false`
 * leaves out `x-amz-content-sha256`, as some signers do.
 */
export async function signBedrock(
  url: string,
  bodyText: string,
  options: { aws?: AwsCredentials; signingDate?: Date; applyChecksum?: boolean } = {},
): Promise<Record<string, string>> {
  const aws = options.aws ?? SIM_AWS;
  const target = new URL(url);
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: aws.accessKeyId,
      secretAccessKey: aws.secretAccessKey,
      sessionToken: aws.sessionToken,
    },
    region: aws.region,
    service: 'bedrock',
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: options.applyChecksum,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: target.hostname,
      port: Number(target.port),
      path: target.pathname,
      headers: { host: target.host, 'content-type': 'application/json' },
      body: bodyText,
    }),
    { signingDate: options.signingDate ?? new Date() },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) {
    if (name.toLowerCase() !== 'host') headers[name] = String(value);
  }
  return headers;
}

/** A well-formed Bedrock Rerank body for `query` over text `documents`. */
export function bedrockBody(
  query: string,
  documents: readonly string[],
  extra: { numberOfResults?: number; model?: string; region?: string } = {},
): Record<string, unknown> {
  const model = extra.model ?? 'cohere.rerank-v3-5:0';
  return {
    queries: [{ type: 'TEXT', textQuery: { text: query } }],
    sources: documents.map((text) => ({
      type: 'INLINE',
      inlineDocumentSource: { type: 'TEXT', textDocument: { text } },
    })),
    rerankingConfiguration: {
      type: 'BEDROCK_RERANKING_MODEL',
      bedrockRerankingConfiguration: {
        ...(extra.numberOfResults === undefined ? {} : { numberOfResults: extra.numberOfResults }),
        modelConfiguration: {
          modelArn: `arn:aws:bedrock:${extra.region ?? 'us-east-1'}::foundation-model/${model}`,
        },
      },
    },
  };
}

/** The shared fixture: input order is deliberately not the ranked order (1, 0, 2). */
export const QUERY = 'capital of France';
export const DOCS = [
  'Berlin is the capital of Germany',
  'Paris is the capital of France',
  'Bananas are yellow',
];
export const logitOf = (i: number): number => simulatedLogit(QUERY, DOCS[i]!);
export const probOf = (i: number): number => 1 / (1 + Math.exp(-logitOf(i)));
/** Whitespace tokens: the query (3) once per document, plus each document (6 + 6 + 3). */
export const PAIR_TOKENS = 3 * 3 + 6 + 6 + 3;
