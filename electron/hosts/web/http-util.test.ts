import { describe, expect, it } from 'vitest';
import { bearerCheck, tokenMatches } from './http-util';

describe('bearer check over several tokens', () => {
  const check = bearerCheck(['first-token-123', 'second-token-456']);
  it('accepts each token and nothing else', () => {
    expect(check('Bearer first-token-123')).toBe(true);
    expect(check('Bearer second-token-456')).toBe(true);
    for (const header of [
      undefined,
      '',
      'Bearer',
      'Bearer ',
      'bearer first-token-123',
      'Bearer first-token-12',
      'Bearer first-token-1234',
      'Bearer first-token-123 second-token-456',
      'Basic first-token-123',
    ])
      expect(check(header), String(header)).toBe(false);
  });
  it('tokenMatches is the check for one token', () => {
    expect(tokenMatches('Bearer first-token-123', 'first-token-123')).toBe(true);
    expect(tokenMatches('Bearer first-token-123', 'second-token-456')).toBe(false);
  });
  it('accepts nothing when there are no tokens', () => {
    expect(bearerCheck([])('Bearer first-token-123')).toBe(false);
  });
});
