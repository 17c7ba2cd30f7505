/**
 * Documents as callers give them, and as the engine sees them.
 *
 * Callers may send plain strings or objects `{ id?, text | content, metadata? }` (Cohere v1,
 * Jina, Together and the gateways all accept one of these shapes). The engine only ever sees
 * {@link RerankDocument}: text resolved, original position kept in `index`.
 */

export type DocumentId = string | number;

export interface DocumentObjectInput {
  id?: DocumentId;
  text?: string;
  content?: string;
  metadata?: Record<string, unknown>;
}

export type DocumentInput = string | DocumentObjectInput;

export interface RerankDocument {
  /** Position in the caller's original list; every result refers back to it. */
  index: number;
  text: string;
  id?: DocumentId;
  metadata?: Record<string, unknown>;
}

/** Plain-object check that rejects arrays and class instances such as `Date`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Short, user-facing name of a JSON value's type, for error messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
