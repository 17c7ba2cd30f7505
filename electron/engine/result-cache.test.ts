import { describe, expect, it } from 'vitest';
import { cacheKey, ResultCache } from './result-cache';

describe('cacheKey', () => {
  it('is stable, and lists that concatenate alike get different keys', () => {
    expect(cacheKey(['cohere', '{"a":1}'])).toBe(cacheKey(['cohere', '{"a":1}']));
    expect(cacheKey(['ab', 'c'])).not.toBe(cacheKey(['a', 'bc']));
    expect(cacheKey(['a', ''])).not.toBe(cacheKey(['a']));
    expect(cacheKey(['1:a'])).not.toBe(cacheKey(['1', 'a']));
    expect(cacheKey(['é'])).not.toBe(cacheKey(['e']));
  });
});

describe('ResultCache', () => {
  it('forgets entries after their time to live', () => {
    let now = 0;
    const cache = new ResultCache<string>({ ttlMs: 100, now: () => now });
    cache.set('k', 'v');
    now = 99;
    expect(cache.get('k')).toBe('v');
    now = 100;
    expect(cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry beyond its capacity', () => {
    const cache = new ResultCache<number>({ maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
  });
});
