import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  DEFAULT_RETRY,
  isRetryableStatus,
  resolveRetryPolicy,
  retryAfterMs,
} from './policy';
import { providerMessage } from './provider-message';

describe('retry policy', () => {
  it('fills in defaults and never allows more than 3 retries', () => {
    expect(resolveRetryPolicy()).toEqual(DEFAULT_RETRY);
    expect(resolveRetryPolicy({ maxRetries: 10 }).maxRetries).toBe(3);
    expect(resolveRetryPolicy({ maxRetries: 0 }).maxRetries).toBe(0);
    expect(resolveRetryPolicy({ maxRetries: -1, baseDelayMs: Number.NaN })).toMatchObject({
      maxRetries: 3,
      baseDelayMs: 500,
    });
  });

  it('retries 408, 429 and 5xx only', () => {
    expect([408, 429, 500, 502, 503, 504, 599].every(isRetryableStatus)).toBe(true);
    expect([200, 301, 400, 401, 403, 404, 409, 413, 422, 501, 505].some(isRetryableStatus)).toBe(
      false,
    );
  });

  it('draws full-jitter delays under an exponential, capped ceiling', () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, capDelayMs: 300 };
    expect([0, 1, 2, 3].map((i) => backoffDelayMs(i, policy, () => 0.5))).toEqual([
      50, 100, 150, 150,
    ]);
    expect(backoffDelayMs(2, policy, () => 0)).toBe(0);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
  const headers = (init: Record<string, string>) => init;

  it('reads delta-seconds', () => {
    expect(retryAfterMs(headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterMs(headers({ 'retry-after': '0' }), now)).toBe(0);
  });

  it('reads an HTTP-date relative to now, never negative', () => {
    expect(retryAfterMs(headers({ 'retry-after': 'Wed, 21 Oct 2015 07:28:05 GMT' }), now)).toBe(
      5000,
    );
    expect(retryAfterMs(headers({ 'retry-after': 'Wed, 21 Oct 2015 07:27:00 GMT' }), now)).toBe(0);
  });

  it('prefers retry-after-ms and ignores what it cannot parse', () => {
    expect(retryAfterMs(headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(retryAfterMs(headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(headers({}), now)).toBeUndefined();
  });
});

describe('providerMessage', () => {
  it.each([
    ['{"message":"invalid api token"}', 'invalid api token'],
    ['{"error":{"message":"model not found","type":"invalid_request"}}', 'model not found'],
    ['{"error":"Unauthorized"}', 'Unauthorized'],
    ['{"detail":"Not authenticated"}', 'Not authenticated'],
    ['{"detail":{"error":"quota exceeded"}}', 'quota exceeded'],
    ['{"detail":[{"loc":["body","query"],"msg":"field required"}]}', 'field required'],
    ['{"errors":[{"message":"bad documents"}]}', 'bad documents'],
    ['Too Many Requests\n', 'Too Many Requests'],
  ])('finds the message in %s', (body, expected) => {
    expect(providerMessage(body)).toBe(expected);
  });

  it.each(['', '{}', '{"message":""}', '<html><body>502 Bad Gateway</body></html>', '[1,2]'])(
    'finds none in %j',
    (body) => {
      expect(providerMessage(body)).toBeUndefined();
    },
  );

  it('keeps messages to one short line', () => {
    const message = providerMessage(JSON.stringify({ message: `line\n${'x'.repeat(1000)}` }));
    expect(message?.startsWith('line x')).toBe(true);
    expect(message?.length).toBeLessThanOrEqual(301);
  });
});
