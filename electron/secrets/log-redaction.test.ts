import { describe, expect, it } from 'vitest';
import { noteSecrets, redactLogText } from './log-redaction';

describe('redactLogText', () => {
  it('masks keys this process used, wherever they appear in a line', () => {
    const key = 'vo-4f8a9c2e1b7d6053-KEYX';
    const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
    noteSecrets([key, secret, 'short']);
    const line =
      `Error: upstream said "invalid key ${key}" (key=${key}; aws ${secret})\n` +
      `    at send (call.ts:12) short`;
    const redacted = redactLogText(line);
    expect(redacted).not.toContain(key.slice(0, -4));
    expect(redacted).not.toContain(secret.slice(0, -4));
    expect(redacted).toContain('••••KEYX');
    expect(redacted).toContain('at send (call.ts:12) short');
  });

  it('masks noted keys of every length, alone or as a name=value value, and nothing else', () => {
    const keys = ['k8-chars', 'a'.repeat(23) + 'Z', 'b'.repeat(63) + 'Y', 'c'.repeat(199) + 'X'];
    noteSecrets(keys);
    for (const key of keys) {
      const line = `{"time":"2026-12-06T15:56:36.123Z","path":"/v1/rerank","token":${JSON.stringify(`t=${key}`)},"raw":"${key}"}`;
      const redacted = redactLogText(line);
      expect(redacted, key).not.toContain(key);
      expect(redacted).toContain('2026-12-06T15:56:36.123Z');
      expect(redacted).toContain('/v1/rerank');
    }
    // The same length but another value is left alone.
    expect(redactLogText(`id=${'d'.repeat(23)}Z`)).toBe(`id=${'d'.repeat(23)}Z`);
  });

  it('masks credential-shaped values it was never told about', () => {
    expect(
      redactLogText('GET /x?api_key=abcdef0123456789 Authorization: Bearer zzzzzzzz9999'),
    ).toBe('GET /x?api_key=••••6789 Authorization: Bearer ••••9999');
  });
});
