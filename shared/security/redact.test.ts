import { describe, expect, it } from 'vitest';
import { maskSecret, redactHeaders, redactText, SENSITIVE_NAME } from './redact';

const KEY = 'sk-live-0123456789abcdefWXYZ';
const AWS_AUTH =
  'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE7Q2R/20150830/us-east-1/bedrock/aws4_request, ' +
  'SignedHeaders=content-type;host;x-amz-date, ' +
  'Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7';

describe('maskSecret', () => {
  it('keeps the last 4 characters of values long enough to hide the rest', () => {
    expect(maskSecret(KEY)).toBe('••••WXYZ');
    expect(maskSecret('12345678')).toBe('••••5678');
  });

  it('shows nothing of short values', () => {
    expect(maskSecret('1234567')).toBe('••••');
    expect(maskSecret('')).toBe('••••');
  });

  it('is idempotent, so masking twice changes nothing', () => {
    expect(maskSecret(maskSecret(KEY))).toBe(maskSecret(KEY));
    expect(maskSecret(maskSecret('abc'))).toBe('••••');
  });
});

describe('SENSITIVE_NAME', () => {
  it.each([
    'Authorization',
    'proxy-authorization',
    'api-key',
    'X-API-Key',
    'key',
    'token',
    'secret',
    'password',
    'x-amz-security-token',
    'Cookie',
    'set-cookie',
    'x-goog-api-key',
    'apikey',
    'api_key',
    'apiKey',
    'access_token',
    'x-auth-token',
    'client_secret',
    'db_password',
    'Ocp-Apim-Subscription-Key',
  ])('matches %s', (name) => {
    expect(SENSITIVE_NAME.test(name)).toBe(true);
  });

  it.each([
    'content-type',
    'x-amz-date',
    'user-agent',
    'keywords',
    'monkey',
    'x-ratelimit-remaining-tokens',
    'x-ratelimit-limit-requests',
    'max_tokens_per_doc',
    'input_tokens',
  ])('does not match %s', (name) => {
    expect(SENSITIVE_NAME.test(name)).toBe(false);
  });
});

describe('redactHeaders', () => {
  it('keeps the Authorization scheme and masks the credentials', () => {
    expect(redactHeaders({ Authorization: `Bearer ${KEY}` }, [])).toEqual({
      Authorization: 'Bearer ••••WXYZ',
    });
    expect(redactHeaders({ authorization: 'Basic dXNlcjpwYXNzd29yZA==' }, [])).toEqual({
      authorization: 'Basic ••••ZA==',
    });
  });

  it('masks api-key style headers whole, even when no secret was declared', () => {
    expect(
      redactHeaders({ 'x-api-key': KEY, 'api-key': 'short', 'X-Goog-Api-Key': 'AIzaSyB-1234' }, []),
    ).toEqual({ 'x-api-key': '••••WXYZ', 'api-key': '••••', 'X-Goog-Api-Key': '••••1234' });
  });

  it('keeps the AWS SigV4 structure and masks the access key id and the signature', () => {
    const out = redactHeaders({ Authorization: AWS_AUTH }, [])['Authorization'];
    expect(out).toBe(
      'AWS4-HMAC-SHA256 Credential=••••7Q2R/20150830/us-east-1/bedrock/aws4_request, ' +
        'SignedHeaders=content-type;host;x-amz-date, Signature=••••b5d7',
    );
    expect(out).not.toContain('AKIDEXAMPLE');
    expect(out).not.toContain('5d672d79');
  });

  it('masks the AWS session token and cookies', () => {
    expect(
      redactHeaders(
        { 'X-Amz-Security-Token': 'FwoGZXIvYXdzEJr//////////wEaDKEY', Cookie: 'a=1' },
        [],
      ),
    ).toEqual({ 'X-Amz-Security-Token': '••••DKEY', Cookie: '••••' });
  });

  it('masks a declared secret inside any other header', () => {
    const out = redactHeaders({ 'x-debug': `forwarded ${KEY} upstream`, accept: '*/*' }, [KEY]);
    expect(out).toEqual({ 'x-debug': 'forwarded ••••WXYZ upstream', accept: '*/*' });
  });

  it('leaves ordinary headers alone', () => {
    const headers = { 'content-type': 'application/json', 'x-ratelimit-remaining-tokens': '9000' };
    expect(redactHeaders(headers, [KEY])).toEqual(headers);
  });
});

describe('redactText', () => {
  it('replaces every occurrence of each secret', () => {
    expect(redactText(`a ${KEY} b ${KEY}`, [KEY])).toBe('a ••••WXYZ b ••••WXYZ');
  });

  it('replaces the longest secret first so a shorter one inside it leaves no residue', () => {
    const short = KEY.slice(0, 12);
    expect(redactText(`${KEY} and ${short}`, [short, KEY])).toBe(
      `••••WXYZ and ${maskSecret(short)}`,
    );
  });

  it('ignores secrets under 4 characters', () => {
    expect(redactText('abc abc', ['abc', ''])).toBe('abc abc');
  });

  it('finds secrets in their JSON-escaped and URL-encoded forms', () => {
    const secret = 'pa"ss/word+1234';
    expect(redactText(JSON.stringify({ note: secret }), [secret])).toBe('{"note":"••••1234"}');
    expect(redactText(`https://h/x?q=${encodeURIComponent(secret)}`, [secret])).toBe(
      'https://h/x?q=••••1234',
    );
  });

  it('masks AWS signatures, credentials and session tokens in presigned URLs', () => {
    const url =
      'https://bucket.s3.amazonaws.com/o?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
      '&X-Amz-Credential=AKIDEXAMPLE7Q2R%2F20150830%2Fus-east-1%2Fs3%2Faws4_request' +
      '&X-Amz-Security-Token=FwoGZXIvYXdzEJrTOKN&X-Amz-Signature=abcdef0123456789abcdef&x=1';
    expect(redactText(url, [])).toBe(
      'https://bucket.s3.amazonaws.com/o?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        '&X-Amz-Credential=••••7Q2R%2F20150830%2Fus-east-1%2Fs3%2Faws4_request' +
        '&X-Amz-Security-Token=••••TOKN&X-Amz-Signature=••••cdef&x=1',
    );
  });

  it('masks the signature in a SigV4 Authorization line inside text', () => {
    const out = redactText(`Authorization: ${AWS_AUTH}`, []);
    expect(out).not.toContain('5d672d79');
    expect(out).not.toContain('AKIDEXAMPLE');
    expect(out).toContain('SignedHeaders=content-type;host;x-amz-date');
  });

  it('masks sensitive query parameters', () => {
    expect(redactText('https://h/v1/rank?key=AIzaSyB-secret-9876&model=m', [])).toBe(
      'https://h/v1/rank?key=••••9876&model=m',
    );
  });

  it('masks JSON string fields with sensitive names, keeping token counts', () => {
    const body = JSON.stringify({
      api_key: 'k-1234567890',
      nested: { token: 'tok-abcdefgh', password: 'x' },
      meta: { tokens: { input_tokens: 12 } },
      query: 'what is a token?',
    });
    expect(JSON.parse(redactText(body, []))).toEqual({
      api_key: '••••7890',
      nested: { token: '••••efgh', password: '••••' },
      meta: { tokens: { input_tokens: 12 } },
      query: 'what is a token?',
    });
  });

  it('keeps escaped quotes inside JSON strings intact', () => {
    const body = JSON.stringify({ text: 'say "token": "hi"', secret: 'abcdefgh"ijkl' });
    expect(JSON.parse(redactText(body, []))).toEqual({
      text: 'say "token": "hi"',
      secret: '••••ijkl',
    });
  });

  it('masks Bearer tokens in error messages', () => {
    expect(redactText('rejected header Authorization: Bearer abcdefgh12345678', [])).toBe(
      'rejected header Authorization: Bearer ••••5678',
    );
  });

  it('leaves text without credentials unchanged', () => {
    const text = '{"query":"q","documents":["a","b"],"top_n":2,"max_tokens_per_doc":512}';
    expect(redactText(text, [KEY])).toBe(text);
  });
});
