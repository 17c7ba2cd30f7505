import { describe, expect, it } from 'vitest';
import { documentPreview } from './document-errors';

describe('documentPreview', () => {
  it('keeps short text whole, on one line', () => {
    expect(documentPreview('  Heart\n\nhealth\tand exercise ')).toBe('Heart health and exercise');
  });

  it('cuts long text to 80 characters and marks the cut', () => {
    const text = 'a'.repeat(79) + 'bcdef';
    expect(documentPreview(text)).toBe(`${'a'.repeat(79)}b…`);
    expect(documentPreview('x'.repeat(80))).toBe('x'.repeat(80));
  });

  it('never cuts an emoji in half', () => {
    const preview = documentPreview('😀'.repeat(100), 3);
    expect(preview).toBe('😀😀😀…');
    expect(preview.isWellFormed()).toBe(true);
  });
});
