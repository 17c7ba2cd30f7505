import { describe, expect, it } from 'vitest';
import { passageParts } from './passage-view';

describe('passageParts', () => {
  const text = `${'alpha beta gamma delta '.repeat(10)}THE PASSAGE and the rest`;
  const start = text.indexOf('THE PASSAGE');
  const passage = { start, end: start + 'THE PASSAGE'.length, window: 3, windows: 5 };

  it('shows a little context from a word start, the passage, and what follows', () => {
    const parts = passageParts(text, passage);
    expect(parts.passage).toBe('THE PASSAGE');
    expect(parts.after).toBe(' and the rest');
    expect(parts.before.startsWith('…')).toBe(true);
    expect(parts.before.length).toBeLessThanOrEqual(49);
    expect(text).toContain(parts.before.slice(1));
    expect(parts.before.slice(1)).toMatch(/^(alpha|beta|gamma|delta) /);
    expect(parts.label).toBe('window 4 of 5');
  });

  it('a passage at the start has no ellipsis; offsets past the text are clamped', () => {
    expect(passageParts('short text', { start: 0, end: 5, window: 0, windows: 1 })).toEqual({
      before: '',
      passage: 'short',
      after: ' text',
      label: 'window 1 of 1',
    });
    expect(passageParts('edited', { start: 40, end: 90, window: 1, windows: 2 }).passage).toBe('');
  });
});
