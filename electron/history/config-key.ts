/**
 * The key that groups columns by config for per-config statistics. Two columns share a key
 * exactly when their configs are the same JSON value, whatever order the keys were written
 * in, so renaming a column or changing one parameter starts a new line in the statistics
 * (the numbers of one setup never blend with another's). Configs are secret-free already.
 */
import { createHash } from 'node:crypto';
import type { PipelineConfig } from '../../shared/pipeline/config';

/** JSON with object keys sorted at every depth and `undefined` members dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const inner = (value as Record<string, unknown>)[key];
    if (inner !== undefined) sorted[key] = sortKeys(inner);
  }
  return sorted;
}

/** 128 bits of SHA-256 of the canonical JSON, in hex: short to index, no collision in practice. */
export function configKey(config: PipelineConfig): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 32);
}
