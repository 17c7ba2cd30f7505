// Bedrock: real SigV4 verification and nextToken paging.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { simulatedLogit, startProviderSimulator, type ProviderSimulator } from './index';
import { DOCS, QUERY, SIM_AWS, bedrockBody, post, signBedrock } from './client';

let sim: ProviderSimulator;
beforeAll(async () => {
  sim = await startProviderSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

describe('bedrock SigV4 and paging', () => {
  const url = () => `${sim.baseUrl('bedrock')}/rerank`;

  it('accepts a correctly signed request and refuses a tampered body', async () => {
    const text = JSON.stringify(bedrockBody(QUERY, DOCS));
    const headers = await signBedrock(url(), text);
    expect((await post(url(), text, headers)).status).toBe(200);
    const tampered = await post(url(), text.replace('France', 'Spain'), headers);
    expect(tampered.status).toBe(403);
    expect(tampered.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect((tampered.json as { message: string }).message).toMatch(
      /^The request signature we calculated does not match/,
    );
    // Without x-amz-content-sha256 the body is only covered by the recomputed signature itself.
    const bare = await signBedrock(url(), text, { applyChecksum: false });
    expect(bare['x-amz-content-sha256']).toBeUndefined();
    expect((await post(url(), text, bare)).status).toBe(200);
    const tamperedBare = await post(url(), text.replace('France', 'Spain'), bare);
    expect(tamperedBare.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
  });

  it('refuses a missing signature, a wrong secret, an unknown key id and a stale clock', async () => {
    const text = JSON.stringify(bedrockBody(QUERY, DOCS));
    const missing = await post(url(), text);
    expect([missing.status, missing.headers.get('x-amzn-errortype')]).toEqual([
      403,
      'MissingAuthenticationTokenException',
    ]);
    const wrongSecret = await post(
      url(),
      text,
      await signBedrock(url(), text, { aws: { ...SIM_AWS, secretAccessKey: 'guess' } }),
    );
    expect(wrongSecret.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    const wrongKey = await post(
      url(),
      text,
      await signBedrock(url(), text, { aws: { ...SIM_AWS, accessKeyId: 'AKIDOTHER' } }),
    );
    expect(wrongKey.json).toEqual({
      message: 'The security token included in the request is invalid.',
    });
    const stale = await post(
      url(),
      text,
      await signBedrock(url(), text, { signingDate: new Date(Date.now() - 3_600_000) }),
    );
    expect(stale.status).toBe(403);
  });

  it('validates the model and numberOfResults', async () => {
    const sign = async (body: unknown) => {
      const text = JSON.stringify(body);
      return post(url(), text, await signBedrock(url(), text));
    };
    const unknownModel = await sign(bedrockBody(QUERY, DOCS, { model: 'cohere.rerank-v9:0' }));
    expect([unknownModel.status, unknownModel.headers.get('x-amzn-errortype')]).toEqual([
      400,
      'ValidationException',
    ]);
    const tooMany = await sign(bedrockBody(QUERY, DOCS, { numberOfResults: 4 }));
    expect(tooMany.json).toEqual({
      message: 'Cannot provide numberOfResults value that exceeds the number of sources.',
    });
  });

  it('pages with nextToken; the client re-sends the same body plus the token', async () => {
    const paged = await startProviderSimulator({ bedrockPageSize: 2 });
    try {
      const pageUrl = `${paged.baseUrl('bedrock')}/rerank`;
      const docs = ['a capital', 'France', 'capital of France', 'of', 'nothing here'];
      const body = bedrockBody(QUERY, docs);
      const seen: number[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const text = JSON.stringify(token === undefined ? body : { ...body, nextToken: token });
        const r = await post(pageUrl, text, await signBedrock(pageUrl, text));
        const page = r.json as { results: { index: number }[]; nextToken?: string };
        expect(page.results.length).toBeLessThanOrEqual(2);
        seen.push(...page.results.map((x) => x.index));
        token = page.nextToken;
        pages++;
      } while (token !== undefined);
      expect(pages).toBe(3);
      const expected = docs
        .map((doc, index) => ({ index, logit: simulatedLogit(QUERY, doc) }))
        .sort((a, b) => b.logit - a.logit)
        .map((x) => x.index);
      expect(seen).toEqual(expected);
      expect(seen[0]).toBe(2);
      const text = JSON.stringify({
        ...bedrockBody('other query', docs),
        nextToken: 'bm90LWEtdG9rZW4',
      });
      const bad = await post(pageUrl, text, await signBedrock(pageUrl, text));
      expect(bad.headers.get('x-amzn-errortype')).toBe('ValidationException');
    } finally {
      await paged.close();
    }
  });
});
