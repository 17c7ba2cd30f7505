import { describe, expect, it } from 'vitest';
import { toCurl } from '../wire/curl';
import { curlAuthFor, describeAuth } from './auth';
import { describeProvider, RERANK_PROVIDERS } from './catalog';

describe('describeAuth', () => {
  it('sends a Bearer key in Authorization, read from the first key variable', () => {
    expect(describeAuth(describeProvider('cohere'))).toEqual({
      kind: 'header',
      header: 'Authorization',
      prefix: 'Bearer ',
      env: 'COHERE_API_KEY',
      optional: false,
    });
    // Vertex takes an OAuth access token the same way; Heroku's first variable is RERANK_KEY.
    expect(describeAuth(describeProvider('vertex'))).toMatchObject({
      header: 'Authorization',
      prefix: 'Bearer ',
      env: 'VERTEX_ACCESS_TOKEN',
    });
    expect(describeAuth(describeProvider('heroku'))).toMatchObject({ env: 'RERANK_KEY' });
  });

  it('sends a named header as is: Azure api-key, Pinecone Api-Key', () => {
    expect(describeAuth(describeProvider('azure'))).toEqual({
      kind: 'header',
      header: 'api-key',
      prefix: '',
      env: 'AZURE_API_KEY',
      optional: false,
    });
    expect(describeAuth(describeProvider('pinecone'))).toMatchObject({
      header: 'Api-Key',
      prefix: '',
    });
  });

  it('says which servers usually run without a key', () => {
    const optional = RERANK_PROVIDERS.filter((provider) => {
      const auth = describeAuth(describeProvider(provider));
      return auth.kind === 'header' && auth.optional;
    });
    expect(optional).toEqual([
      'cohere-compatible',
      'nvidia',
      'tei',
      'infinity',
      'vllm',
      'sglang',
      'llama-cpp',
    ]);
  });

  it("signs Bedrock with SigV4 in the config's region, else the default", () => {
    const bedrock = describeProvider('bedrock');
    expect(describeAuth(bedrock, { region: 'eu-west-1' })).toEqual({
      kind: 'sigv4',
      region: 'eu-west-1',
      service: 'bedrock',
    });
    expect(describeAuth(bedrock, {})).toMatchObject({ region: 'us-east-1' });
    expect(describeAuth(bedrock)).toMatchObject({ region: 'us-east-1' });
  });
});

describe('curlAuthFor', () => {
  it('writes a key header as its environment variable, keyed by the lower-case name', () => {
    expect(curlAuthFor(describeAuth(describeProvider('cohere')))).toEqual({
      credentialHeaders: { authorization: 'Bearer $COHERE_API_KEY' },
    });
    expect(curlAuthFor(describeAuth(describeProvider('pinecone')))).toEqual({
      credentialHeaders: { 'api-key': '$PINECONE_API_KEY' },
    });
  });

  it("hands SigV4 to curl's --aws-sigv4, with the session token only when there was one", () => {
    const auth = describeAuth(describeProvider('bedrock'), { region: 'eu-west-1' });
    const source = {
      method: 'POST',
      url: 'https://bedrock-agent-runtime.eu-west-1.amazonaws.com/rerank',
      requestHeaders: { 'Content-Type': 'application/json', 'X-Amz-Date': '20261206T000000Z' },
      requestBody: '{}',
    };
    expect(toCurl(source, curlAuthFor(auth))).toBe(
      [
        "curl -X POST 'https://bedrock-agent-runtime.eu-west-1.amazonaws.com/rerank'",
        "--aws-sigv4 'aws:amz:eu-west-1:bedrock'",
        '--user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"',
        "-H 'Content-Type: application/json'",
        "--data-raw '{}'",
      ].join(' \\\n  '),
    );
    expect(toCurl(source, curlAuthFor(auth, { sessionToken: true }))).toContain(
      '-H "x-amz-security-token: $AWS_SESSION_TOKEN"',
    );
  });
});
