import { describe, expect, it } from 'vitest';
import { formatBytes, utf8ByteLength } from './unicode';

describe('utf8ByteLength', () => {
  it.each(['', 'abc', 'é', '€', '😀', 'a\uD800b', '\uDC00', 'mixed é € 😀 text'])(
    'matches TextEncoder for %j',
    (text) => {
      expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
    },
  );
});

describe('formatBytes', () => {
  it('formats sizes for messages', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MB');
  });
});
