/**
 * Results of identical provider requests, reused within a time-to-live and bounded in
 * number. Identical means the same provider, endpoint and protocol headers and the same body
 * bytes (model, query, instruction, parameters, documents in order); credentials are never
 * part of a key or a value. Failed requests are never stored.
 */
import { createHash } from 'node:crypto';

export interface ResultCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export class ResultCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor({ ttlMs = 10 * 60_000, maxEntries = 200, now = Date.now }: ResultCacheOptions = {}) {
    this.ttlMs = ttlMs;
    this.maxEntries = maxEntries;
    this.now = now;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-insert so the Map's order is least-recently-used first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * A stable key for a list of texts and byte strings. Each part is hashed after its kind and
 * length, so no two lists collide by concatenation (["ab", "c"] and ["a", "bc"] differ).
 */
export function cacheKey(parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(`${typeof part === 'string' ? 's' : 'b'}${part.length}:`).update(part);
  }
  return hash.digest('hex');
}
