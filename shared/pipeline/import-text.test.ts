/**
 * YAML config files: nesting measured before the parser (which recurses per level) sees them,
 * so a document nested thousands deep is refused at once with the depth, and real configs,
 * block scalars and quoted brackets included, still read.
 */
import { describe, expect, it } from 'vitest';
import { readConfigText, yamlNesting } from './import-text';

describe('yamlNesting', () => {
  it('counts indentation levels and open flow collections', () => {
    expect(yamlNesting('a: 1\n')).toBe(1);
    expect(yamlNesting('a:\n  b:\n    c: [1, {d: [2]}]\n')).toBe(6);
    expect(yamlNesting(`x: ${'['.repeat(500)}${']'.repeat(500)}\n`)).toBe(501);
  });

  it('ignores brackets in quotes, comments and block scalars', () => {
    const text = [
      'name: "[[[[ not nesting ]]]]"',
      "other: '{{{{'",
      'note: |',
      '  [[[[[[ text, not YAML',
      '      more {{{{ text',
      'params:   # [[[[ a comment',
      '  k1: 1.2',
    ].join('\n');
    expect(yamlNesting(text)).toBe(2);
    expect(readConfigText(text).ok).toBe(true);
  });
});

describe('readConfigText', () => {
  it('refuses a 10,000-deep flow document before parsing it, naming the depth', () => {
    const deep = `params: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const result = readConfigText(deep, 'deep.yaml');
    expect(result).toMatchObject({
      ok: false,
      error: { message: 'deep.yaml: nests at least 10001 levels deep; a config nests at most 64' },
    });
  });

  it('reads a config as deep as the limit', () => {
    const text = `params: ${'['.repeat(60)}1${']'.repeat(60)}\n`;
    expect(readConfigText(text).ok).toBe(true);
  });
});
