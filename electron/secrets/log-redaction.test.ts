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

  it('masks credential-shaped values it was never told about', () => {
    expect(
      redactLogText('GET /x?api_key=abcdef0123456789 Authorization: Bearer zzzzzzzz9999'),
    ).toBe('GET /x?api_key=••••6789 Authorization: Bearer ••••9999');
  });
});
